/** `ouro cache list|clear`: inspect and drop cached step results. */
import type { Command } from 'commander';
import { ExitCode } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { formatAge } from '../format-duration.js';
import { withProject } from '../open-project.js';
import { renderTable } from '../render-table.js';

async function listAction(context: CommandContext): Promise<number> {
  return withProject(context, async (project) => {
    const entries = await (await project.store()).cache.list();
    if (context.output.json) {
      context.output.document({ entries });
      return ExitCode.success;
    }
    if (entries.length === 0) {
      context.output.line(
        'The cache is empty. Steps are cached when their workflow sets policy.enable_caching: true.',
      );
      return ExitCode.success;
    }
    context.output.line(
      renderTable(
        ['KEY', 'WORKFLOW', 'STEP', 'ACTOR', 'ARTIFACTS', 'HITS', 'CREATED', 'LAST HIT'],
        entries.map((entry) => [
          entry.key.slice(0, 12),
          entry.workflowName,
          entry.stepId,
          entry.actor,
          String(entry.artifacts.length),
          String(entry.hits),
          formatAge(entry.createdAt),
          entry.lastHitAt ? formatAge(entry.lastHitAt) : '—',
        ]),
      ),
    );
    return ExitCode.success;
  });
}

async function clearAction(context: CommandContext, options: { workflow?: string }): Promise<number> {
  return withProject(context, async (project) => {
    const removed = await (
      await project.store()
    ).cache.clear(options.workflow ? { workflowName: options.workflow } : {});
    if (context.output.json) context.output.document({ removed });
    else context.output.line(`Removed ${removed} cache entr${removed === 1 ? 'y' : 'ies'}.`);
    return ExitCode.success;
  });
}

export function registerCacheCommands(program: Command): void {
  const cache = program.command('cache').description('inspect and clear cached step results');
  cache.command('list').description('list cached step results').action(commandAction(listAction));
  cache
    .command('clear')
    .description('remove cached step results (all, or those of one workflow)')
    .option('--workflow <name>', 'only entries of this workflow (its name)')
    .action(commandAction(clearAction));
}
