/**
 * `ouro approvals approve <id…>` and `ouro approvals deny <id>`: records a person's decision. The
 * store makes each decision atomic (quorum counts distinct identities; only a pending, unexpired
 * approval takes decisions); this layer enforces `safety.approvers`, expires due approvals first,
 * turns every refusal into an error that says what to do, and audits each recorded decision.
 */
import type { OuroConfig } from '../../config/index.js';
import { OuroError } from '../../errors/index.js';
import { appendAudit } from '../../policy/audit/index.js';
import type { ApprovalRecord, Store } from '../../store/types.js';
import { expireDueApprovals } from '../../policy/approvals/expire-due-approvals.js';

export type ApprovalDecisionResult =
  | {
      id: string;
      ok: true;
      /**
       * `approved`/`denied`: the approval reached that state; `awaiting_quorum`: the approval was
       * recorded and more people must approve; `already_approved`: this identity had approved it
       * before (nothing recorded, not a failure: the wish already stands).
       */
      outcome: 'approved' | 'denied' | 'awaiting_quorum' | 'already_approved';
      approval: ApprovalRecord;
    }
  | { id: string; ok: false; error: OuroError };

export interface DecisionOptions {
  /** The deciding identity (`user:<os user>` from the CLI). */
  by: string;
  now?: number;
}

/** Distinct identities that approved. */
export function approvalCount(approval: ApprovalRecord): number {
  return new Set(approval.decisions.filter((item) => item.decision === 'approve').map((item) => item.by))
    .size;
}

function checkApprover(config: Pick<OuroConfig, 'safety'>, by: string): void {
  const approvers = config.safety.approvers;
  if (approvers.length > 0 && !approvers.includes(by)) {
    throw new OuroError('OURO_APPROVAL_NOT_ALLOWED', { by, approvers: approvers.join(', ') });
  }
}

/** The error for an approval that no longer takes decisions, naming its state and what to do. */
export function notPendingError(approval: ApprovalRecord): OuroError {
  const when = approval.decidedAt === null ? '' : `at ${new Date(approval.decidedAt).toISOString()}`;
  if (approval.state === 'expired') {
    return new OuroError('OURO_APPROVAL_EXPIRED', {
      id: approval.id,
      when: `at ${new Date(approval.expiresAt).toISOString()}`,
    });
  }
  if (approval.state === 'stale') {
    return new OuroError('OURO_APPROVAL_STALE', { id: approval.id, subject: approval.subject.description });
  }
  return new OuroError('OURO_APPROVAL_ALREADY_DECIDED', { id: approval.id, state: approval.state, when });
}

async function decideOne(
  store: Store,
  id: string,
  decision: 'approve' | 'deny',
  options: DecisionOptions & { comment: string | null },
  now: number,
): Promise<ApprovalDecisionResult> {
  const result = await store.approvals.decide(
    id,
    { by: options.by, decision, comment: options.comment },
    now,
  );
  if (result.outcome === 'not_found') {
    return { id, ok: false, error: new OuroError('OURO_APPROVAL_NOT_FOUND', { id }) };
  }
  if (result.outcome === 'not_pending') return { id, ok: false, error: notPendingError(result.approval) };
  if (result.outcome === 'duplicate')
    return { id, ok: true, outcome: 'already_approved', approval: result.approval };
  const approval = result.approval;
  await appendAudit(store, {
    createdAt: now,
    actor: options.by,
    action: 'approval_decided',
    subject: approval.id,
    decision,
    reasons: options.comment === null ? [] : [options.comment],
    details: {
      operation: approval.operation,
      subjectKey: approval.subjectKey,
      state: approval.state,
      approvals: approvalCount(approval),
      quorum: approval.quorum,
    },
  });
  const outcome =
    approval.state === 'approved' ? 'approved' : approval.state === 'denied' ? 'denied' : 'awaiting_quorum';
  return { id, ok: true, outcome, approval };
}

/** Approves each id in order; one result per id (a failure does not stop the others). */
export async function approve(
  store: Store,
  config: Pick<OuroConfig, 'safety'>,
  ids: string[],
  options: DecisionOptions & { comment?: string | undefined },
): Promise<ApprovalDecisionResult[]> {
  checkApprover(config, options.by);
  const now = options.now ?? Date.now();
  await expireDueApprovals(store, now);
  const comment = options.comment?.trim() ? options.comment.trim() : null;
  const results: ApprovalDecisionResult[] = [];
  // One at a time: the audit chain is appended in order, and the output follows the ids given.
  for (const id of [...new Set(ids)]) {
    results.push(await decideOne(store, id, 'approve', { ...options, comment }, now));
  }
  return results;
}

export async function deny(
  store: Store,
  config: Pick<OuroConfig, 'safety'>,
  id: string,
  options: DecisionOptions & { reason: string },
): Promise<ApprovalDecisionResult> {
  const reason = options.reason.trim();
  if (reason === '') throw new OuroError('OURO_APPROVAL_REASON_REQUIRED');
  checkApprover(config, options.by);
  const now = options.now ?? Date.now();
  await expireDueApprovals(store, now);
  return decideOne(store, id, 'deny', { ...options, comment: reason }, now);
}
