/**
 * Approval rows as read back from either dialect (from Kysely or from a statement plan, so typed
 * loosely) mapped to records, and records mapped to rows. JSON columns are text written by Ouro.
 */
import type { Insertable } from 'kysely';
import type { ApprovalsTable } from './database-schema.js';
import type {
  ApprovalDecisionRecord,
  ApprovalRecord,
  ApprovalState,
  ApprovalSubject,
  NewApproval,
} from './types.js';

type Row = Record<string, unknown>;

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function approvalToRow(approval: NewApproval): Insertable<ApprovalsTable> {
  return {
    id: approval.id,
    operation: approval.operation,
    subject_key: approval.subjectKey,
    subject: JSON.stringify(approval.subject),
    head_sha: approval.subject.headSha ?? null,
    risk: approval.risk,
    reasons: JSON.stringify(approval.reasons),
    details: JSON.stringify(approval.details),
    state: 'pending',
    requested_by: approval.requestedBy,
    requested_at: approval.requestedAt,
    expires_at: approval.expiresAt,
    quorum: approval.quorum,
    decided_at: null,
  };
}

export function decisionFromRow(row: Row): ApprovalDecisionRecord {
  return {
    approvalId: String(row.approval_id),
    by: String(row.decided_by),
    decision: row.decision === 'deny' ? 'deny' : 'approve',
    comment: typeof row.comment === 'string' ? row.comment : null,
    createdAt: Number(row.created_at),
  };
}

/** `decisionRows` are this approval's decisions ordered by position. */
export function approvalFromRows(row: Row, decisionRows: readonly Row[]): ApprovalRecord {
  return {
    id: String(row.id),
    operation: String(row.operation),
    subjectKey: String(row.subject_key),
    subject: JSON.parse(String(row.subject)) as ApprovalSubject,
    risk: String(row.risk),
    reasons: JSON.parse(String(row.reasons)) as string[],
    details: JSON.parse(String(row.details)) as Record<string, unknown>,
    requestedBy: String(row.requested_by),
    requestedAt: Number(row.requested_at),
    expiresAt: Number(row.expires_at),
    quorum: Number(row.quorum),
    state: String(row.state) as ApprovalState,
    decidedAt: nullableNumber(row.decided_at),
    decisions: decisionRows.map(decisionFromRow),
  };
}
