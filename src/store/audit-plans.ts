/**
 * The audit transactions as statement plans (see statement-plan.ts), so SQLite runs them
 * synchronously under its write lock and PostgreSQL in a transaction. Appending starts by bumping
 * the chain head row: on PostgreSQL that UPDATE takes the row lock and, after waiting for a
 * concurrent append, re-reads the committed head, so every append sees the one before it.
 */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';
import { toAuditEntryRecord } from './audit-rows.js';
import type { StatementPlan } from './statement-plan.js';
import type { AuditChainSnapshot, AuditEntryInput, AuditEntryRecord, UnsealedAuditEntry } from './types.js';

function missingHead(): Error {
  return new Error('audit_chain_head has no row: migration 0003-audit-log was not applied');
}

export function* appendAuditPlan(
  database: Kysely<DatabaseSchema>,
  entry: AuditEntryInput,
  seal: (entry: UnsealedAuditEntry) => string,
): StatementPlan<AuditEntryRecord> {
  const [head] = yield database
    .updateTable('audit_chain_head')
    .set((expression) => ({ sequence: expression('sequence', '+', 1) }))
    .where('id', '=', 1)
    .returning(['sequence', 'hash'])
    .compile();
  if (head === undefined) throw missingHead();
  // RETURNING yields the bumped sequence and the hash column as it was: the previous entry's hash.
  const unsealed: UnsealedAuditEntry = {
    ...entry,
    sequence: Number(head.sequence),
    previousHash: String(head.hash),
  };
  const hash = seal(unsealed);
  yield database
    .insertInto('audit_log')
    .values({
      sequence: unsealed.sequence,
      created_at: unsealed.createdAt,
      actor: unsealed.actor,
      action: unsealed.action,
      subject: unsealed.subject,
      decision: unsealed.decision,
      reasons: JSON.stringify(unsealed.reasons),
      details: JSON.stringify(unsealed.details),
      previous_hash: unsealed.previousHash,
      hash,
    })
    .compile();
  yield database.updateTable('audit_chain_head').set({ hash }).where('id', '=', 1).compile();
  return { ...unsealed, hash };
}

export function* readAuditChainPlan(database: Kysely<DatabaseSchema>): StatementPlan<AuditChainSnapshot> {
  const [head] = yield database
    .selectFrom('audit_chain_head')
    .select(['sequence', 'hash'])
    .where('id', '=', 1)
    .compile();
  if (head === undefined) throw missingHead();
  const rows = yield database.selectFrom('audit_log').selectAll().orderBy('sequence', 'asc').compile();
  return {
    head: { sequence: Number(head.sequence), hash: String(head.hash) },
    entries: rows.map(toAuditEntryRecord),
  };
}
