/**
 * Approvals expire by the clock, not by a background job: every reader and decider first turns the
 * due ones into `expired` and audits each (the store returns each expired approval to exactly one
 * caller, so concurrent commands do not audit the same expiry twice).
 */
import { appendAudit } from '../audit/index.js';
import type { ApprovalRecord, Store } from '../../store/types.js';

export async function expireDueApprovals(store: Store, now: number): Promise<ApprovalRecord[]> {
  const expired = await store.approvals.expireDue(now);
  for (const approval of expired) {
    const hours = Math.round(((approval.expiresAt - approval.requestedAt) / 3_600_000) * 10) / 10;
    await appendAudit(store, {
      createdAt: now,
      actor: 'ouro',
      action: 'approval_expired',
      subject: approval.id,
      reasons: [`no decision within ${hours} h`],
      details: {
        operation: approval.operation,
        subjectKey: approval.subjectKey,
        requestedAt: approval.requestedAt,
        expiresAt: approval.expiresAt,
        approvals: approval.decisions.filter((decision) => decision.decision === 'approve').length,
        quorum: approval.quorum,
      },
    });
  }
  return expired;
}
