/**
 * `ouro context "<task>" [--tokens N] [--files <glob>]`: prints what would be sent to a model for the
 * task — the packed text and its token count, then the ranking (score, how each file was included,
 * why). With --json, the whole BuiltContext as one document.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { renderTable } from '../render-table.js';

interface ContextOptions {
  tokens?: number;
  files?: string;
  /** Rows of the ranking table in human output. */
  top: number;
}

function parsePositiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  }
  return Number(value);
}

async function contextAction(
  context: CommandContext,
  task: string,
  options: ContextOptions,
): Promise<number> {
  const { buildTaskContext } = await import('../../app/build-context.js');
  const built = await buildTaskContext({
    projectDir: context.globals.cwd,
    task,
    tokens: options.tokens,
    files: options.files,
  });
  const { output } = context;
  if (output.json) {
    output.document(built);
    return ExitCode.success;
  }
  output.line(built.text);
  const shown = built.files.slice(0, options.top);
  output.line(
    renderTable(
      ['score', 'included', 'tokens', 'file', 'why'],
      shown.map((file) => [
        file.score.toFixed(2),
        file.included === 'omitted' ? output.colors.dim(file.included) : file.included,
        String(file.tokens),
        file.path,
        file.reason.join('; '),
      ]),
    ),
  );
  if (built.files.length > shown.length) {
    output.line(output.colors.dim(`… ${built.files.length - shown.length} more files (--top to show more)`));
  }
  const counts = { full: 0, map: 0, omitted: 0 };
  for (const file of built.files) counts[file.included] += 1;
  const { stats } = built;
  output.line(
    output.colors.bold(
      `${built.tokens} tokens (${stats.tokenizer}): ${counts.full} full, ${counts.map} in the map, ${counts.omitted} omitted; ` +
        `${stats.filesScanned} files scanned (${stats.filesSkipped} skipped), ${stats.symbols} symbols, ` +
        `parse ${stats.parseMs} ms, total ${stats.totalMs} ms`,
    ),
  );
  return ExitCode.success;
}

export function registerContextCommands(program: Command): void {
  program
    .command('context')
    .description('show the repository context an AI step would get for a task, and its token count')
    .argument('<task>', 'the task text (an issue, an instruction)')
    .option('--tokens <count>', 'token budget (default 8000)', parsePositiveInteger)
    .option('--files <glob>', 'only consider files matching this glob (relative to the project)')
    .option('--top <count>', 'rows of the ranking table', parsePositiveInteger, 30)
    .addHelpText(
      'after',
      `
Files are ranked by paths and identifiers mentioned in the task, the import graph around them and
recent commits; the most relevant few are included in full, then a map of symbol signatures for as
many others as fit. Tokens are counted with o200k_base. See docs/context.md.

Examples:
  ouro context "fix the retry backoff in src/models/retry.ts"
  ouro context "why does openStore fail on PostgreSQL?" --tokens 4000 --files "src/store/**"
  ouro context "add a --dry-run flag" --json | jq '.files[:5]'`,
    )
    .action(commandAction<[string, ContextOptions]>(contextAction));
}
