/**
 * Which rollback point (or commit) an `ouro rollback` means: `<rb_id>`, `--pr <n>`, `--commit <sha>`
 * (a point whose merge commit starts with it, else a commit to roll back to) or `--latest` (the
 * newest point whose merge completed and that is not rolled back yet).
 */
import { OuroError } from '../../errors/index.js';
import type { RollbackPointRecord, Store } from '../../store/types.js';

export type RollbackTarget = { id: string } | { pr: number } | { commit: string } | { latest: true };

export type ResolvedTarget =
  | { kind: 'point'; point: RollbackPointRecord }
  /** No point matched `--commit`: roll the current branch back to this revision. */
  | { kind: 'commit'; revision: string };

/** How the target reads in messages: `rb_1a2b`, `for PR #12`, `for commit abc123`, `--latest`. */
export function describeTarget(target: RollbackTarget): string {
  if ('id' in target) return target.id;
  if ('pr' in target) return `for PR #${target.pr}`;
  if ('commit' in target) return `for commit ${target.commit}`;
  return 'to roll back: none is ready with a completed merge';
}

const hexPrefix = /^[0-9a-f]{4,64}$/i;

export async function resolveRollbackTarget(store: Store, target: RollbackTarget): Promise<ResolvedTarget> {
  const notFound = (): OuroError =>
    new OuroError('OURO_ROLLBACK_POINT_NOT_FOUND', { target: describeTarget(target) });
  if ('id' in target) {
    const point = await store.rollbackPoints.get(target.id);
    if (!point) throw notFound();
    return { kind: 'point', point };
  }
  if ('pr' in target) {
    const points = await store.rollbackPoints.list({ pr: target.pr });
    // Newest first; a PR merged twice is rolled back at its latest merge that is still in place.
    const point =
      points.find((candidate) => candidate.state === 'ready' && candidate.mergeSha !== null) ?? points[0];
    if (!point) throw notFound();
    return { kind: 'point', point };
  }
  if ('latest' in target) {
    const point = (await store.rollbackPoints.list({ state: 'ready' })).find(
      (candidate) => candidate.mergeSha !== null,
    );
    if (!point) throw notFound();
    return { kind: 'point', point };
  }
  if (target.commit.startsWith('-')) {
    throw new OuroError('OURO_ROLLBACK_TARGET_INVALID', { reason: `"${target.commit}" is not a commit` });
  }
  if (hexPrefix.test(target.commit)) {
    const prefix = target.commit.toLowerCase();
    const matches = await store.rollbackPoints.list({ mergeShaPrefix: prefix });
    if (matches.length > 1) {
      throw new OuroError('OURO_ROLLBACK_TARGET_AMBIGUOUS', {
        commit: target.commit,
        ids: matches.map((point) => point.id).join(', '),
      });
    }
    if (matches[0]) return { kind: 'point', point: matches[0] };
  }
  return { kind: 'commit', revision: target.commit };
}
