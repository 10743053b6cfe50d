/**
 * The hashing rule of the audit chain: hash = sha256(previous hash + canonical JSON of the entry's
 * content and sequence). The sequence is hashed so that renumbering rows breaks the chain; the
 * previous hash is hashed so that removing or reordering rows does.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../store/canonical-json.js';
import type { UnsealedAuditEntry } from '../../store/types.js';

export { auditGenesisHash } from '../../store/migrations/0003-audit-log.js';

export function computeAuditHash(entry: UnsealedAuditEntry): string {
  const content = {
    sequence: entry.sequence,
    createdAt: entry.createdAt,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    decision: entry.decision,
    reasons: entry.reasons,
    details: entry.details,
  };
  return createHash('sha256')
    .update(entry.previousHash + canonicalJson(content))
    .digest('hex');
}
