/**
 * `ouro status`: the runbook's status block with what exists now — mode, state (paused / running /
 * idle), today's and this month's spend against the limits, model calls in the last minute against
 * each provider's rate limit, pending approvals and active runs. Every figure comes from the store
 * or the config.
 */
import type { Command } from 'commander';
import type { OuroStatus } from '../../app/status.js';
import { ExitCode } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { withProject } from '../open-project.js';
import type { Output } from '../output.js';
import { formatUse } from './format-dollars.js';
import { describePause, pauseJson } from './pause-commands.js';

function statusJson(status: OuroStatus) {
  return { ...status, pause: pauseJson(status.pause) };
}

function renderStatus(output: Output, status: OuroStatus, now: number): void {
  const title = 'Ouro Status';
  const state =
    status.state === 'paused'
      ? output.colors.yellow(describePause(status.pause, now))
      : status.state === 'running'
        ? output.colors.green('running')
        : 'idle';
  const { day, month } = status.cost;
  const rateLines =
    status.rateLimits.length === 0
      ? [`Rate limit: no limit configured (${status.callsLastMinute} model calls in the last minute)`]
      : status.rateLimits.map(
          (limit) =>
            `Rate limit: ${limit.callsLastMinute} / ${limit.requestsPerMinute} rpm (${limit.provider})`,
        );
  const lines = [
    output.colors.bold(title),
    '-'.repeat(title.length),
    `Mode: ${status.mode}`,
    `State: ${state}`,
    `Current cost: ${formatUse(day.usedMicroUsd, day.limitMicroUsd, day.percent)} daily (${day.scopeKey})`,
    `Month cost: ${formatUse(month.usedMicroUsd, month.limitMicroUsd, month.percent)} monthly (${month.scopeKey})`,
    ...rateLines,
    `Pending approvals: ${status.pendingApprovals}`,
    `Active runs: ${status.runs.running} running, ${status.runs.paused} paused`,
  ];
  for (const line of lines) output.line(line);
}

async function statusAction(context: CommandContext): Promise<number> {
  const { readStatus } = await import('../../app/status.js');
  return withProject(context, async (project) => {
    const now = Date.now();
    const status = await readStatus(await project.store(), project.config, now);
    if (context.output.json) context.output.document(statusJson(status));
    else renderStatus(context.output, status, now);
    return ExitCode.success;
  });
}

export function registerStatusCommands(program: Command): void {
  program
    .command('status')
    .description('mode, paused or running, cost against the limits, rate limits, approvals, runs')
    .addHelpText(
      'after',
      `
Costs are UTC days and months (open reservations of running model calls included). Rate limits
are per provider: calls sent in the last 60 seconds against requests_per_minute (configured under
models.providers.<name>.rate_limits, or the built-in default for hosted APIs).

Examples:
  ouro status
  ouro status --json`,
    )
    .action(commandAction(statusAction));
}
