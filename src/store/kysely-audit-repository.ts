/**
 * The audit log repository. Appends and chain reads run as statement plans (audit-plans.ts): on
 * SQLite synchronously under the write lock, on PostgreSQL appends in a transaction serialized by
 * the chain head row lock and reads in one REPEATABLE READ snapshot, so verification never sees a
 * half-finished append as tampering.
 */
import type { Kysely } from 'kysely';
import { appendAuditPlan, readAuditChainPlan } from './audit-plans.js';
import { toAuditEntryRecord } from './audit-rows.js';
import type { DatabaseSchema } from './database-schema.js';
import type { PlanRunner } from './statement-plan.js';
import type {
  AuditChainSnapshot,
  AuditEntryInput,
  AuditEntryRecord,
  AuditRepository,
  UnsealedAuditEntry,
} from './types.js';

export class KyselyAuditRepository implements AuditRepository {
  constructor(
    private readonly database: Kysely<DatabaseSchema>,
    private readonly runPlan: PlanRunner,
    private readonly runSnapshot: PlanRunner,
  ) {}

  append(entry: AuditEntryInput, seal: (entry: UnsealedAuditEntry) => string): Promise<AuditEntryRecord> {
    return this.runPlan(() => appendAuditPlan(this.database, entry, seal));
  }

  async list(filter: { since?: number; limit?: number } = {}): Promise<AuditEntryRecord[]> {
    let query = this.database.selectFrom('audit_log').selectAll().orderBy('sequence', 'desc');
    if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    const rows = await query.execute();
    return rows.reverse().map((row) => toAuditEntryRecord(row as unknown as Record<string, unknown>));
  }

  readChain(): Promise<AuditChainSnapshot> {
    return this.runSnapshot(() => readAuditChainPlan(this.database));
  }
}
