/** The rollback points for `ouro rollback list`: those that can still be rolled back, or all. */
import type { RollbackPointRecord, Store } from '../../store/types.js';

export interface RollbackPointFilter {
  /** Include points already rolled back. */
  all?: boolean;
  limit?: number;
}

/** Newest first. */
export function listRollbackPoints(
  store: Store,
  filter: RollbackPointFilter = {},
): Promise<RollbackPointRecord[]> {
  return store.rollbackPoints.list({
    ...(filter.all ? {} : { state: 'ready' as const }),
    ...(filter.limit !== undefined ? { limit: filter.limit } : {}),
  });
}
