/**
 * Audit rows as read back from either dialect (bigint columns arrive as strings from PostgreSQL,
 * JSON as text) mapped to records. Not validated beyond parsing: verification must see tampered
 * rows as they are, not have them rejected on the way in.
 */
import type { AuditEntryRecord } from './types.js';

export function toAuditEntryRecord(row: Record<string, unknown>): AuditEntryRecord {
  return {
    sequence: Number(row.sequence),
    createdAt: Number(row.created_at),
    actor: String(row.actor),
    action: String(row.action),
    subject: String(row.subject),
    decision: typeof row.decision === 'string' ? row.decision : null,
    reasons: JSON.parse(String(row.reasons)) as string[],
    details: JSON.parse(String(row.details)) as Record<string, unknown>,
    previousHash: String(row.previous_hash),
    hash: String(row.hash),
  };
}
