/** Looks an approval up by id, or fails with the remedy that lists the ones that exist. */
import { OuroError } from '../../errors/index.js';
import type { ApprovalRecord, Store } from '../../store/types.js';

export async function findApproval(store: Store, id: string): Promise<ApprovalRecord> {
  const approval = await store.approvals.get(id);
  if (approval === undefined) throw new OuroError('OURO_APPROVAL_NOT_FOUND', { id });
  return approval;
}
