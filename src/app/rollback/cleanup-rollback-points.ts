/**
 * `ouro rollback cleanup --older-than 30d`: forgets old rollback points (the runbook's weekly
 * maintenance). It changes only Ouro's records, never a repository, so it needs no policy decision;
 * one audit entry lists what was deleted, because the points themselves are gone afterwards.
 */
import { appendAudit } from '../../policy/audit/index.js';
import type { Store } from '../../store/types.js';

export interface CleanupOptions {
  olderThanMs: number;
  /** The audit actor: `user:<name>`. */
  by: string;
  now?: () => number;
}

export interface CleanupResult {
  /** Points created before this time (epoch ms) were deleted. */
  before: number;
  deleted: string[];
}

export async function cleanupRollbackPoints(store: Store, options: CleanupOptions): Promise<CleanupResult> {
  const now = (options.now ?? Date.now)();
  const before = now - options.olderThanMs;
  const deleted = await store.rollbackPoints.deleteOlderThan(before);
  await appendAudit(store, {
    actor: options.by,
    action: 'rollback_cleanup',
    subject: `rollback points created before ${new Date(before).toISOString()}`,
    decision: null,
    reasons: [],
    details: { ids: deleted, before: new Date(before).toISOString() },
    createdAt: now,
  });
  return { before, deleted };
}
