/** `ouro approvals list`: pending approvals by default, newest first, after expiring the due ones. */
import type { ApprovalRecord, ApprovalState, Store } from '../../store/types.js';
import { expireDueApprovals } from '../../policy/approvals/expire-due-approvals.js';

export const approvalStates: readonly ApprovalState[] = ['pending', 'approved', 'denied', 'expired', 'stale'];

export interface ListApprovalsOptions {
  /** Only these states; default `pending` (ignored with `all`). */
  states?: ApprovalState[] | undefined;
  all?: boolean | undefined;
  limit?: number | undefined;
  now?: number;
}

export async function listApprovals(
  store: Store,
  options: ListApprovalsOptions = {},
): Promise<ApprovalRecord[]> {
  await expireDueApprovals(store, options.now ?? Date.now());
  const states = options.all === true ? undefined : (options.states ?? ['pending']);
  return store.approvals.list({
    ...(states === undefined ? {} : { states }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  });
}
