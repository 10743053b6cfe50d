/**
 * Approval requests and their decisions. Deciding runs as a statement plan (approval-plans.ts) so
 * that concurrent deciders are serialized by a row lock (PostgreSQL) or the write lock (SQLite);
 * expiry and staleness are single conditional UPDATEs, atomic on their own, whose RETURNING names
 * exactly the approvals this call changed.
 */
import type { Kysely, Selectable } from 'kysely';
import { OuroError } from '../errors/index.js';
import { decideApprovalPlan, type DecisionInput } from './approval-plans.js';
import { approvalFromRows, approvalToRow } from './approval-rows.js';
import { isUniqueViolation } from './database-errors.js';
import type { ApprovalDecisionsTable, ApprovalsTable, DatabaseSchema } from './database-schema.js';
import type { PlanRunner } from './statement-plan.js';
import type {
  ApprovalDecideOutcome,
  ApprovalListFilter,
  ApprovalRecord,
  ApprovalRepository,
  NewApproval,
  Store,
} from './types.js';

/** Ids per `IN (…)` list: far below either dialect's bound-parameter limit. */
const idsPerQuery = 500;

function checkApproval(approval: NewApproval): void {
  if (!Number.isSafeInteger(approval.quorum) || approval.quorum < 1) {
    throw new RangeError(`approval quorum must be a positive integer, got ${approval.quorum}`);
  }
}

export class KyselyApprovalRepository implements ApprovalRepository {
  constructor(
    private readonly database: Kysely<DatabaseSchema>,
    private readonly runPlan: PlanRunner,
    private readonly dialect: Store['dialect'],
  ) {}

  async create(approval: NewApproval): Promise<ApprovalRecord> {
    checkApproval(approval);
    const row = approvalToRow(approval);
    try {
      await this.database.insertInto('approvals').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new OuroError('OURO_STORE_CONFLICT', { entity: 'Approval', id: approval.id }, { cause: error });
      }
      throw error;
    }
    return approvalFromRows(row, []);
  }

  async get(id: string): Promise<ApprovalRecord | undefined> {
    const [record] = await this.withDecisions(
      await this.database.selectFrom('approvals').selectAll().where('id', '=', id).execute(),
    );
    return record;
  }

  async list(filter: ApprovalListFilter = {}): Promise<ApprovalRecord[]> {
    let query = this.database
      .selectFrom('approvals')
      .selectAll()
      .orderBy('requested_at', 'desc')
      .orderBy('id', 'desc');
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      query = query.where('state', 'in', filter.states);
    }
    if (filter.subjectKey !== undefined) query = query.where('subject_key', '=', filter.subjectKey);
    if (filter.since !== undefined) query = query.where('requested_at', '>=', filter.since);
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    return this.withDecisions(await query.execute());
  }

  decide(id: string, decision: DecisionInput, now: number): Promise<ApprovalDecideOutcome> {
    // SQLite has no row locks (and rejects FOR UPDATE); its plan runner holds the write lock instead.
    const lockRow = this.dialect === 'postgres';
    return this.runPlan(() => decideApprovalPlan(this.database, id, decision, now, lockRow));
  }

  async expireDue(now: number): Promise<ApprovalRecord[]> {
    const changed = await this.database
      .updateTable('approvals')
      .set({ state: 'expired', decided_at: now })
      .where('state', '=', 'pending')
      .where('expires_at', '<=', now)
      .returning('id')
      .execute();
    return this.getMany(changed.map((row) => row.id));
  }

  async markStale(subjectKey: string, headSha: string, now: number): Promise<ApprovalRecord[]> {
    // Requests made without a head (a step approval) cannot go stale by a head change.
    const changed = await this.database
      .updateTable('approvals')
      .set({ state: 'stale', decided_at: now })
      .where('state', '=', 'pending')
      .where('subject_key', '=', subjectKey)
      .where('head_sha', 'is not', null)
      .where('head_sha', '<>', headSha)
      .returning('id')
      .execute();
    return this.getMany(changed.map((row) => row.id));
  }

  /** The approvals of `ids`, newest first. */
  private async getMany(ids: readonly string[]): Promise<ApprovalRecord[]> {
    const rows: Array<Selectable<ApprovalsTable>> = [];
    for (let start = 0; start < ids.length; start += idsPerQuery) {
      const chunk = ids.slice(start, start + idsPerQuery);
      rows.push(
        ...(await this.database.selectFrom('approvals').selectAll().where('id', 'in', chunk).execute()),
      );
    }
    rows.sort((left, right) => {
      if (left.requested_at !== right.requested_at)
        return Number(right.requested_at) - Number(left.requested_at);
      return left.id === right.id ? 0 : left.id < right.id ? 1 : -1;
    });
    return this.withDecisions(rows);
  }

  private async withDecisions(rows: Array<Selectable<ApprovalsTable>>): Promise<ApprovalRecord[]> {
    const byApproval = new Map<string, Array<Selectable<ApprovalDecisionsTable>>>();
    const ids = rows.map((row) => row.id);
    for (let start = 0; start < ids.length; start += idsPerQuery) {
      const decisions = await this.database
        .selectFrom('approval_decisions')
        .selectAll()
        .where('approval_id', 'in', ids.slice(start, start + idsPerQuery))
        .orderBy('approval_id')
        .orderBy('position', 'asc')
        .execute();
      for (const decision of decisions) {
        const list = byApproval.get(decision.approval_id) ?? [];
        list.push(decision);
        byApproval.set(decision.approval_id, list);
      }
    }
    return rows.map((row) => approvalFromRows(row, byApproval.get(row.id) ?? []));
  }
}
