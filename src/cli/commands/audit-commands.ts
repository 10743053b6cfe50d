/**
 * `ouro audit list [--since] [--limit]` and `ouro audit verify`: reading the hash-chained audit log
 * (ARCHITECTURE.md §7). `verify` exits 1 naming the first broken entry, so scripts and CI can watch
 * for tampering.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, OuroError } from '../../errors/index.js';
import type { AuditEntryRecord } from '../../store/types.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { withProject } from '../open-project.js';
import { parseSince } from '../parse-since.js';
import { renderTable } from '../render-table.js';

interface ListOptions {
  since?: number;
  limit: number;
}

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0) {
    throw new InvalidArgumentError('expected a positive whole number.');
  }
  return Number(value);
}

function entryJson(entry: AuditEntryRecord) {
  return { ...entry, createdAt: new Date(entry.createdAt).toISOString() };
}

async function listCommand(context: CommandContext, options: ListOptions): Promise<number> {
  return withProject(context, async (project) => {
    const store = await project.store();
    const entries = await store.audit.list({
      limit: options.limit,
      ...(options.since === undefined ? {} : { since: options.since }),
    });
    const { output } = context;
    if (output.json) {
      output.document({ entries: entries.map(entryJson) });
      return ExitCode.success;
    }
    if (entries.length === 0) {
      output.line('No audit entries.');
      return ExitCode.success;
    }
    const rows = entries.map((entry) => [
      String(entry.sequence),
      new Date(entry.createdAt).toISOString(),
      entry.actor,
      entry.action,
      entry.subject,
      entry.decision ?? '-',
      entry.reasons.join('; '),
    ]);
    output.line(renderTable(['SEQ', 'TIME', 'ACTOR', 'ACTION', 'SUBJECT', 'DECISION', 'REASONS'], rows));
    return ExitCode.success;
  });
}

async function verifyCommand(context: CommandContext): Promise<number> {
  const { verifyAuditChain } = await import('../../policy/audit/verify-audit-chain.js');
  return withProject(context, async (project) => {
    const result = await verifyAuditChain(await project.store());
    const { output } = context;
    if (output.json) {
      output.document(result);
      return result.valid ? ExitCode.success : ExitCode.failure;
    }
    if (!result.valid) {
      const { sequence, reason } = result.firstBroken;
      throw new OuroError('OURO_AUDIT_CHAIN_BROKEN', { sequence, reason: `entry ${reason}` });
    }
    output.line(output.colors.green(`audit log intact: ${result.entries} entries`));
    return ExitCode.success;
  });
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('read and verify the hash-chained audit log');
  audit
    .command('list')
    .description('list audit entries, oldest first (the newest --limit entries)')
    .option('--since <time>', 'only entries since an ISO time or a duration back (24h, 7d)', (value) =>
      parseSince(value),
    )
    .option('--limit <count>', 'at most this many entries', parseLimit, 50)
    .action(commandAction<[ListOptions]>(listCommand));
  audit
    .command('verify')
    .description('check the hash chain; exits 1 naming the first altered, removed or inserted entry')
    .action(commandAction(verifyCommand));
}
