/**
 * Budget counters and reservations (budget-plans.ts holds the transactions). On SQLite the plans
 * run synchronously under the database write lock, on PostgreSQL in a transaction with row locks;
 * either way concurrent reservations from any number of connections and processes never push a
 * counter past its limit.
 */
import type { Kysely } from 'kysely';
import {
  BudgetRefusedSignal,
  chargePlan,
  closeReservationPlan,
  compareCounters,
  reservePlan,
} from './budget-plans.js';
import type { DatabaseSchema } from './database-schema.js';
import type { PlanRunner } from './statement-plan.js';
import type {
  BudgetCharge,
  BudgetLevel,
  BudgetRefusal,
  BudgetRepository,
  BudgetReserveOutcome,
  BudgetThresholdRecord,
  BudgetUsageRow,
} from './types.js';

function checkAmounts(charges: readonly BudgetCharge[]): void {
  for (const charge of charges) {
    for (const amount of [charge.costMicroUsd, charge.tokens]) {
      if (!Number.isSafeInteger(amount) || amount < 0) {
        throw new RangeError(`budget charge amounts must be non-negative integers, got ${amount}`);
      }
    }
  }
}

export class KyselyBudgetRepository implements BudgetRepository {
  constructor(
    private readonly database: Kysely<DatabaseSchema>,
    private readonly runPlan: PlanRunner,
  ) {}

  async reserve(id: string, charges: BudgetCharge[], now: number): Promise<BudgetReserveOutcome> {
    checkAmounts(charges);
    try {
      await this.runPlan(() => reservePlan(this.database, id, charges, now));
      return { reserved: true };
    } catch (error) {
      if (error instanceof BudgetRefusedSignal) return { reserved: false, refusal: error.refusal };
      throw error;
    }
  }

  async charge(id: string, charges: BudgetCharge[], now: number): Promise<BudgetRefusal[]> {
    checkAmounts(charges);
    return this.runPlan(() => chargePlan(this.database, id, charges, now));
  }

  settle(id: string, actual: { costMicroUsd: number; tokens: number }, now: number): Promise<boolean> {
    return this.runPlan(() => closeReservationPlan(this.database, id, 'settled', actual, now));
  }

  release(id: string, now: number): Promise<boolean> {
    return this.runPlan(() =>
      closeReservationPlan(this.database, id, 'released', { costMicroUsd: 0, tokens: 0 }, now),
    );
  }

  async releaseStale(before: number, now: number): Promise<number> {
    const rows = await this.database
      .selectFrom('budget_reservations')
      .select('id')
      .distinct()
      .where('state', '=', 'reserved')
      .where('created_at', '<', before)
      .execute();
    let released = 0;
    for (const row of rows) if (await this.release(row.id, now)) released += 1;
    return released;
  }

  async usage(scopes: Array<{ level: BudgetLevel; scopeKey: string }>): Promise<BudgetUsageRow[]> {
    if (scopes.length === 0) return [];
    const rows = await this.database
      .selectFrom('budget_usage')
      .select(['level', 'scope_key', 'cost_micro_usd', 'tokens'])
      .where((expression) =>
        expression.or(
          scopes.map((scope) =>
            expression.and([
              expression('level', '=', scope.level),
              expression('scope_key', '=', scope.scopeKey),
            ]),
          ),
        ),
      )
      .execute();
    return rows
      .map((row) => ({
        level: row.level as BudgetLevel,
        scopeKey: row.scope_key,
        costMicroUsd: Number(row.cost_micro_usd),
        tokens: Number(row.tokens),
      }))
      .sort(compareCounters);
  }

  async recordThreshold(record: BudgetThresholdRecord): Promise<boolean> {
    // ON CONFLICT DO NOTHING returns no row to every caller but the first, on both dialects, even
    // when many processes cross the same threshold at once.
    const inserted = await this.database
      .insertInto('budget_thresholds')
      .values({
        level: record.level,
        scope_key: record.scopeKey,
        threshold: record.threshold,
        used_micro_usd: record.usedMicroUsd,
        limit_micro_usd: record.limitMicroUsd,
        created_at: record.createdAt,
      })
      .onConflict((conflict) => conflict.columns(['level', 'scope_key', 'threshold']).doNothing())
      .returning('threshold')
      .execute();
    return inserted.length > 0;
  }

  async listThresholds(filter: { since?: number } = {}): Promise<BudgetThresholdRecord[]> {
    let query = this.database
      .selectFrom('budget_thresholds')
      .selectAll()
      .orderBy('created_at', 'asc')
      .orderBy('level')
      .orderBy('scope_key')
      .orderBy('threshold');
    if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
    const rows = await query.execute();
    return rows.map((row) => ({
      level: row.level as BudgetLevel,
      scopeKey: row.scope_key,
      threshold: Number(row.threshold),
      usedMicroUsd: Number(row.used_micro_usd),
      limitMicroUsd: Number(row.limit_micro_usd),
      createdAt: Number(row.created_at),
    }));
  }
}
