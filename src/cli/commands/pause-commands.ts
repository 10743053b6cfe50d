/**
 * `ouro pause [--reason]` and `ouro resume` (issue 4 §8): a durable stop for new work. The state is
 * in the database, so every process and every restart sees it; running steps finish.
 */
import type { Command } from 'commander';
import { ExitCode } from '../../errors/index.js';
import type { PauseState } from '../../store/types.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { withProject } from '../open-project.js';
import { formatRelative } from './relative-time.js';

export function pauseJson(state: PauseState) {
  return { ...state, since: state.since === null ? null : new Date(state.since).toISOString() };
}

/** `since 2 hours ago by user:alice: deploy freeze`. */
export function describePause(state: PauseState, now: number): string {
  const since = state.since === null ? '' : ` since ${formatRelative(state.since, now)}`;
  const by = state.by === null ? '' : ` by ${state.by}`;
  return `paused${since}${by}: ${state.reason ?? 'no reason given'}`;
}

async function pauseAction(context: CommandContext, options: { reason?: string }): Promise<number> {
  const { pausePolicy } = await import('../../app/pause.js');
  const { operatorIdentity } = await import('../../app/operator-identity.js');
  return withProject(context, async (project) => {
    const now = Date.now();
    const result = await pausePolicy(await project.store(), {
      by: operatorIdentity(),
      reason: options.reason,
      now,
    });
    const { output } = context;
    if (output.json) {
      output.document({ outcome: result.outcome, ...pauseJson(result.state) });
      return ExitCode.success;
    }
    if (result.outcome === 'paused') {
      output.line(output.colors.yellow(`Ouro is ${describePause(result.state, now)}`));
      output.line('Nothing new is admitted; running steps finish. Resume with: ouro resume');
      if (result.state.reason === null) output.note('Tip: give a --reason so that others know why.');
    } else if (result.outcome === 'reason_updated') {
      output.line(`Already ${describePause(result.state, now)} (reason updated)`);
    } else {
      output.line(`Already ${describePause(result.state, now)} (unchanged)`);
    }
    return ExitCode.success;
  });
}

async function resumeAction(context: CommandContext): Promise<number> {
  const { resumePolicy } = await import('../../app/pause.js');
  const { operatorIdentity } = await import('../../app/operator-identity.js');
  return withProject(context, async (project) => {
    const now = Date.now();
    const result = await resumePolicy(await project.store(), { by: operatorIdentity(), now });
    const { output } = context;
    if (output.json) {
      output.document({
        outcome: result.outcome,
        ...pauseJson(result.state),
        previous: pauseJson(result.previous),
      });
      return ExitCode.success;
    }
    if (result.outcome === 'resumed') {
      output.line(output.colors.green(`Resumed (was ${describePause(result.previous, now)})`));
      output.line('New work is admitted again.');
    } else {
      output.line('Not paused; nothing to resume.');
    }
    return ExitCode.success;
  });
}

export function registerPauseCommands(program: Command): void {
  program
    .command('pause')
    .description('stop admitting new work (durable: survives restarts) until `ouro resume`')
    .option('--reason <text>', 'why (recommended: shown by ouro status and kept in the audit log)')
    .addHelpText(
      'after',
      `
While paused, \`ouro run\`, \`ouro runs resume\` and the loop start nothing new; steps already running
finish. Pausing again keeps the first pause (who, since when) and replaces the reason only when a
new one is given. The identity recorded is user:<your OS user name>.

Examples:
  ouro pause --reason "Daily cost at 90 % — waiting for tomorrow"
  ouro status`,
    )
    .action(commandAction<[{ reason?: string }]>(pauseAction));
  program
    .command('resume')
    .description('admit new work again after `ouro pause`')
    .addHelpText(
      'after',
      `
Resuming when not paused changes nothing (exit 0).

Examples:
  ouro resume
  ouro resume --json`,
    )
    .action(commandAction(resumeAction));
}
