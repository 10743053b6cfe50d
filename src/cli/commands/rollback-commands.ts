/**
 * `ouro rollback <rb_id> | --pr <n> | --commit <sha> | --latest`, `ouro rollback list [--all]` and
 * `ouro rollback cleanup --older-than 30d` (issue 4 §6, the runbook's rollback section). A rollback
 * is a new revert commit, never a reset or a force push.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, OuroError } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { withProject } from '../open-project.js';
import { parseSince } from '../parse-since.js';
import {
  renderCleanup,
  renderRollbackPoints,
  renderRollbackResult,
  rollbackPointJson,
} from './rollback-rendering.js';
import type { RollbackTarget } from '../../app/rollback/index.js';

interface RollbackOptions {
  pr?: number;
  commit?: string;
  latest?: boolean;
}

function parsePullRequest(value: string): number {
  const number = Number(value.replace(/^#/, ''));
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a PR number (456).');
  return number;
}

/** `30d`, `12h`, `90m` (or an ISO date: points created before it) → milliseconds back from now. */
function parseOlderThan(value: string): number {
  const now = Date.now();
  const olderThan = now - parseSince(value, now);
  if (olderThan < 0) throw new InvalidArgumentError('expected a time in the past.');
  return olderThan;
}

function targetOf(id: string | undefined, options: RollbackOptions): RollbackTarget {
  const targets: RollbackTarget[] = [
    ...(id !== undefined ? [{ id }] : []),
    ...(options.pr !== undefined ? [{ pr: options.pr }] : []),
    ...(options.commit !== undefined ? [{ commit: options.commit }] : []),
    ...(options.latest === true ? [{ latest: true as const }] : []),
  ];
  if (targets.length !== 1) {
    throw new OuroError('OURO_ROLLBACK_TARGET_INVALID', {
      reason: targets.length === 0 ? 'no target given' : 'more than one target given',
    });
  }
  return targets[0]!;
}

async function rollbackAction(
  context: CommandContext,
  id: string | undefined,
  options: RollbackOptions,
): Promise<number> {
  const target = targetOf(id, options);
  const { rollbackInProject } = await import('../../app/rollback/index.js');
  return withProject(context, async (project) => {
    const result = await rollbackInProject(project, target);
    if (context.output.json) context.output.document(result);
    else renderRollbackResult(context.output, result);
    return ExitCode.success;
  });
}

async function listAction(context: CommandContext, options: { all?: boolean }): Promise<number> {
  const { listRollbackPoints } = await import('../../app/rollback/index.js');
  return withProject(context, async (project) => {
    const points = await listRollbackPoints(await project.store(), { all: options.all === true });
    if (context.output.json) context.output.document({ points: points.map(rollbackPointJson) });
    else renderRollbackPoints(context.output, points, options.all === true);
    return ExitCode.success;
  });
}

async function cleanupAction(context: CommandContext, options: { olderThan: number }): Promise<number> {
  const { cleanupRollbackPoints } = await import('../../app/rollback/index.js');
  const { operatorIdentity } = await import('../../app/operator-identity.js');
  return withProject(context, async (project) => {
    const result = await cleanupRollbackPoints(await project.store(), {
      olderThanMs: options.olderThan,
      by: operatorIdentity(),
    });
    if (context.output.json) {
      context.output.document({ before: new Date(result.before).toISOString(), deleted: result.deleted });
    } else renderCleanup(context.output, result);
    return ExitCode.success;
  });
}

export function registerRollbackCommands(program: Command): void {
  const rollback = program
    .command('rollback')
    .description('undo a merge Ouro made with a revert commit; list and clean up rollback points')
    .argument('[id]', 'the rollback point to roll back (rb_…; see `ouro rollback list`)')
    .option('--pr <number>', 'roll back the merge of this pull request', parsePullRequest)
    .option(
      '--commit <sha>',
      'roll back the merge with this commit; when no rollback point has it, roll the current branch back to it',
    )
    .option('--latest', 'roll back the newest merge that is not rolled back yet')
    .addHelpText(
      'after',
      `
A rollback point is recorded before every merge Ouro makes. Rolling back reverts that merge with a
new commit on the branch it went into (git revert -m 1 for a merge commit), where the branch is
checked out (its tree must be clean) or, when it is checked out nowhere, in a temporary worktree.
--commit <sha> with no rollback point for it makes one new commit on the current branch whose tree
is that commit's (the commit must be an ancestor of HEAD). History is never rewritten. The policy
is asked first and everything lands in the audit log; in shadow mode nothing is changed.

Examples:
  ouro rollback list
  ouro rollback rb_1a2b3c4d
  ouro rollback --pr 456
  ouro rollback --commit abc123def
  ouro rollback --latest --json
  ouro rollback cleanup --older-than 30d

Exit codes: 0 rolled back (or recorded in shadow mode), 1 not possible (conflict, already rolled
back, not found, denied), 2 invalid target, 3 waiting for an approval.`,
    )
    .action(commandAction<[string | undefined, RollbackOptions]>(rollbackAction));
  rollback
    .command('list')
    .description('list rollback points, newest first (those not rolled back yet; --all for every one)')
    .option('--all', 'include points already rolled back')
    .action(commandAction<[{ all?: boolean }]>(listAction));
  rollback
    .command('cleanup')
    .description('delete rollback points older than a duration (the merges themselves stay)')
    .requiredOption(
      '--older-than <duration>',
      'a duration back from now (30d, 12h, 90m) or an ISO date',
      parseOlderThan,
    )
    .addHelpText('after', '\nExample:\n  ouro rollback cleanup --older-than 30d')
    .action(commandAction<[{ olderThan: number }]>(cleanupAction));
}
