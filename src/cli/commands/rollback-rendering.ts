/**
 * How rollback points and rollbacks look to people (the runbook's "Rollback Points" blocks) and in
 * `--json` (records with ISO times).
 */
import type { CleanupResult, RollbackResult } from '../../app/rollback/index.js';
import type { RollbackPointRecord } from '../../store/types.js';
import type { Output } from '../output.js';
import { formatRelative } from './relative-time.js';

const iso = (time: number): string => new Date(time).toISOString();
const short = (sha: string): string => sha.slice(0, 12);

export function rollbackPointJson(point: RollbackPointRecord) {
  return {
    ...point,
    createdAt: iso(point.createdAt),
    rolledBackAt: point.rolledBackAt === null ? null : iso(point.rolledBackAt),
  };
}

function stateLine(point: RollbackPointRecord, now: number): string {
  if (point.state === 'ready') return point.mergeSha === null ? 'State: merge not completed' : 'State: ready';
  const when = point.rolledBackAt === null ? '' : ` ${formatRelative(point.rolledBackAt, now)}`;
  const by = point.rolledBackBy === null ? '' : ` by ${point.rolledBackBy}`;
  const ref =
    point.rollbackRef === null
      ? ''
      : ` (${/^[0-9a-f]{40,64}$/.test(point.rollbackRef) ? short(point.rollbackRef) : point.rollbackRef})`;
  return `State: rolled back${when}${by}${ref}`;
}

/** One block of the list, as in the runbook, with where the merge went and its state. */
export function rollbackPointBlock(point: RollbackPointRecord, now: number): string[] {
  return [
    `ID: ${point.id}`,
    `PR: ${point.pr === null ? 'none' : `#${point.pr}`}`,
    `Description: ${point.description}`,
    `Created: ${formatRelative(point.createdAt, now)}`,
    `Commit: ${point.mergeSha === null ? 'none' : short(point.mergeSha)}`,
    `Branch: ${point.branch} (${point.repository})`,
    stateLine(point, now),
  ];
}

export function renderRollbackPoints(output: Output, points: RollbackPointRecord[], all: boolean): void {
  if (points.length === 0) {
    output.line(
      all
        ? 'No rollback points.'
        : 'No rollback points to roll back (`ouro rollback list --all` shows every point).',
    );
    return;
  }
  const now = Date.now();
  output.line(output.colors.bold('Rollback Points'));
  output.line('---------------');
  output.line(points.map((point) => rollbackPointBlock(point, now).join('\n')).join('\n\n'));
}

export function renderRollbackResult(output: Output, result: RollbackResult): void {
  if (!result.performed) {
    output.line(output.colors.yellow(`Shadow mode: ${result.subject} was recorded, not performed`));
    output.line(
      `Would ${result.kind === 'revert' ? `revert ${short(result.commit)}` : `restore the tree of ${short(result.commit)}`} on ${result.branch} in ${result.repository}`,
    );
    output.line(`Reasons: ${result.reasons.join('; ')}`);
    return;
  }
  const sha = short(result.rollbackSha ?? '');
  if (result.kind === 'revert') {
    output.line(
      output.colors.green(`Rolled back ${result.pointId}${result.pr === null ? '' : ` (PR #${result.pr})`}`),
    );
    output.line(
      `Reverted ${short(result.commit)} on ${result.branch} with ${sha}${result.temporaryWorktree ? ` (in a temporary worktree: ${result.branch} is checked out nowhere)` : ''}`,
    );
  } else {
    output.line(output.colors.green(`Rolled back ${result.branch} to ${short(result.commit)}`));
    output.line(`New commit ${sha} restores its tree (no history rewritten)`);
    if (result.rolledBackPoints.length > 0) {
      output.line(`Rollback points undone with it: ${result.rolledBackPoints.join(', ')}`);
    }
  }
  output.line(`Repository: ${result.repository}`);
  if (result.issue)
    output.line(result.issue.reopened ? result.issue.note : output.colors.yellow(result.issue.note));
}

export function renderCleanup(output: Output, result: CleanupResult): void {
  const before = iso(result.before);
  if (result.deleted.length === 0) {
    output.line(`No rollback points created before ${before}.`);
    return;
  }
  output.line(
    `Deleted ${result.deleted.length} rollback point(s) created before ${before}: ${result.deleted.join(', ')}`,
  );
}
