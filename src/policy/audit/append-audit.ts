/**
 * Recording one decision or side effect in the audit log. The entry is validated and normalized to
 * plain JSON first (what the database gives back later must hash the same as what is hashed now),
 * then appended by the store, which serializes appends so the chain never forks.
 */
import { z } from 'zod';
import { OuroError } from '../../errors/index.js';
import type { AuditEntryRecord, Store } from '../../store/types.js';
import { computeAuditHash } from './audit-hash.js';

export const auditEntrySchema = z.strictObject({
  actor: z.string().min(1),
  action: z.string().min(1),
  subject: z.string(),
  decision: z.string().min(1).nullable().default(null),
  reasons: z.array(z.string()).default([]),
  details: z.record(z.string(), z.unknown()).default({}),
  /** Epoch milliseconds; default now. */
  createdAt: z.number().int().nonnegative().optional(),
});

export type AuditEntry = z.input<typeof auditEntrySchema>;

/** A JSON round trip, refusing values JSON cannot carry faithfully (cycles, BigInt). */
function plainJson(details: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch (error) {
    throw new OuroError(
      'OURO_AUDIT_ENTRY_INVALID',
      {
        reason: `details are not JSON-serializable (${error instanceof Error ? error.message : String(error)})`,
      },
      { cause: error },
    );
  }
}

export async function appendAudit(store: Store, entry: AuditEntry): Promise<AuditEntryRecord> {
  const parsed = auditEntrySchema.safeParse(entry);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`)
      .join('; ');
    throw new OuroError('OURO_AUDIT_ENTRY_INVALID', { reason });
  }
  const value = parsed.data;
  return store.audit.append(
    {
      createdAt: value.createdAt ?? Date.now(),
      actor: value.actor,
      action: value.action,
      subject: value.subject,
      decision: value.decision,
      reasons: value.reasons,
      details: plainJson(value.details),
    },
    computeAuditHash,
  );
}
