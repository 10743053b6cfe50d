/**
 * The budget transactions as statement plans (see statement-plan.ts). Reserving adds to each
 * counter with one conditional UPDATE (`… + x <= limit`), which is atomic on its own: PostgreSQL
 * re-checks the condition on the newest row version after waiting for its lock, and SQLite holds the
 * database write lock for the whole transaction. Counters are touched in one fixed order (level,
 * then scope key) so that concurrent transactions on PostgreSQL cannot deadlock.
 */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';
import type { StatementPlan } from './statement-plan.js';
import type { BudgetCharge, BudgetLevel, BudgetRefusal } from './types.js';

/** Widest scope first: the order counters are locked in, and the order refusals are reported in. */
export const budgetLevelOrder: readonly BudgetLevel[] = ['month', 'day', 'task', 'run', 'step'];

/** Thrown inside a plan to roll the reservation back; the repository turns it into a refusal. */
export class BudgetRefusedSignal extends Error {
  constructor(readonly refusal: BudgetRefusal) {
    super(`budget ${refusal.level} ${refusal.scopeKey} exceeded`);
  }
}

interface CounterKey {
  level: string;
  scopeKey: string;
}

export function compareCounters(left: CounterKey, right: CounterKey): number {
  const byLevel =
    budgetLevelOrder.indexOf(left.level as BudgetLevel) -
    budgetLevelOrder.indexOf(right.level as BudgetLevel);
  if (byLevel !== 0) return byLevel;
  if (left.scopeKey === right.scopeKey) return 0;
  return left.scopeKey < right.scopeKey ? -1 : 1;
}

function refusalOf(charge: BudgetCharge, used: { cost: number; tokens: number }): BudgetRefusal {
  const base = { level: charge.level, scopeKey: charge.scopeKey };
  const costLimit = charge.limitCostMicroUsd;
  if (costLimit !== null && (used.cost + charge.costMicroUsd > costLimit || charge.limitTokens === null)) {
    return { ...base, unit: 'usd', limit: costLimit, used: used.cost, requested: charge.costMicroUsd };
  }
  return {
    ...base,
    unit: 'tokens',
    limit: charge.limitTokens ?? 0,
    used: used.tokens,
    requested: charge.tokens,
  };
}

/** Creates the counter row of a (level, scope) at zero if it does not exist yet. */
function ensureCounterRow(database: Kysely<DatabaseSchema>, charge: BudgetCharge, now: number) {
  return database
    .insertInto('budget_usage')
    .values({
      level: charge.level,
      scope_key: charge.scopeKey,
      cost_micro_usd: 0,
      tokens: 0,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.columns(['level', 'scope_key']).doNothing())
    .compile();
}

export function* reservePlan(
  database: Kysely<DatabaseSchema>,
  id: string,
  charges: readonly BudgetCharge[],
  now: number,
): StatementPlan<void> {
  for (const charge of [...charges].sort(compareCounters)) {
    yield ensureCounterRow(database, charge, now);
    let update = database
      .updateTable('budget_usage')
      .set((expression) => ({
        cost_micro_usd: expression('cost_micro_usd', '+', charge.costMicroUsd),
        tokens: expression('tokens', '+', charge.tokens),
        updated_at: now,
      }))
      .where('level', '=', charge.level)
      .where('scope_key', '=', charge.scopeKey);
    const { limitCostMicroUsd, limitTokens } = charge;
    if (limitCostMicroUsd !== null) {
      update = update.where((expression) =>
        expression(expression('cost_micro_usd', '+', charge.costMicroUsd), '<=', limitCostMicroUsd),
      );
    }
    if (limitTokens !== null) {
      update = update.where((expression) =>
        expression(expression('tokens', '+', charge.tokens), '<=', limitTokens),
      );
    }
    const updated = yield update.returning('level').compile();
    if (updated.length === 0) {
      const [current] = yield database
        .selectFrom('budget_usage')
        .select(['cost_micro_usd', 'tokens'])
        .where('level', '=', charge.level)
        .where('scope_key', '=', charge.scopeKey)
        .compile();
      throw new BudgetRefusedSignal(
        refusalOf(charge, {
          cost: Number(current?.cost_micro_usd ?? 0),
          tokens: Number(current?.tokens ?? 0),
        }),
      );
    }
    yield database
      .insertInto('budget_reservations')
      .values({
        id,
        level: charge.level,
        scope_key: charge.scopeKey,
        cost_micro_usd: charge.costMicroUsd,
        tokens: charge.tokens,
        state: 'reserved',
        created_at: now,
        settled_at: null,
      })
      .compile();
  }
}

/**
 * Closes reservation `id` (state reserved → `state`) and moves each counter it charged by
 * (replacement − reserved). Closing first makes a concurrent second settle/release of the same id
 * find nothing open (PostgreSQL re-checks `state` after the row lock), so nothing is counted twice.
 */
export function* closeReservationPlan(
  database: Kysely<DatabaseSchema>,
  id: string,
  state: 'settled' | 'released',
  replacement: { costMicroUsd: number; tokens: number },
  now: number,
): StatementPlan<boolean> {
  const closed = yield database
    .updateTable('budget_reservations')
    .set({ state, settled_at: now })
    .where('id', '=', id)
    .where('state', '=', 'reserved')
    .returning(['level', 'scope_key', 'cost_micro_usd', 'tokens'])
    .compile();
  if (closed.length === 0) return false;
  const rows = closed
    .map((row) => ({
      level: String(row.level),
      scopeKey: String(row.scope_key),
      cost: Number(row.cost_micro_usd),
      tokens: Number(row.tokens),
    }))
    .sort(compareCounters);
  for (const row of rows) {
    yield database
      .updateTable('budget_usage')
      .set((expression) => ({
        cost_micro_usd: expression('cost_micro_usd', '+', replacement.costMicroUsd - row.cost),
        tokens: expression('tokens', '+', replacement.tokens - row.tokens),
        updated_at: now,
      }))
      .where('level', '=', row.level)
      .where('scope_key', '=', row.scopeKey)
      .compile();
  }
  yield database
    .updateTable('budget_reservations')
    .set({ cost_micro_usd: replacement.costMicroUsd, tokens: replacement.tokens })
    .where('id', '=', id)
    .compile();
  return true;
}

/** The counter over one of its limits after a charge, or undefined while it stays within them. */
function overrunOf(charge: BudgetCharge, after: { cost: number; tokens: number }): BudgetRefusal | undefined {
  const base = { level: charge.level, scopeKey: charge.scopeKey };
  const costLimit = charge.limitCostMicroUsd;
  if (costLimit !== null && after.cost > costLimit) {
    return {
      ...base,
      unit: 'usd',
      limit: costLimit,
      used: after.cost - charge.costMicroUsd,
      requested: charge.costMicroUsd,
    };
  }
  const tokenLimit = charge.limitTokens;
  if (tokenLimit !== null && after.tokens > tokenLimit) {
    return {
      ...base,
      unit: 'tokens',
      limit: tokenLimit,
      used: after.tokens - charge.tokens,
      requested: charge.tokens,
    };
  }
  return undefined;
}

/**
 * Charges usage that already happened (a coding-agent CLI called its model itself): every counter is
 * increased unconditionally in one transaction — refusing cannot unspend the money — and the charge
 * is kept as a settled reservation so it can be traced. Returns the counters now over a limit.
 */
export function* chargePlan(
  database: Kysely<DatabaseSchema>,
  id: string,
  charges: readonly BudgetCharge[],
  now: number,
): StatementPlan<BudgetRefusal[]> {
  const overruns: BudgetRefusal[] = [];
  for (const charge of [...charges].sort(compareCounters)) {
    yield ensureCounterRow(database, charge, now);
    const [after] = yield database
      .updateTable('budget_usage')
      .set((expression) => ({
        cost_micro_usd: expression('cost_micro_usd', '+', charge.costMicroUsd),
        tokens: expression('tokens', '+', charge.tokens),
        updated_at: now,
      }))
      .where('level', '=', charge.level)
      .where('scope_key', '=', charge.scopeKey)
      .returning(['cost_micro_usd', 'tokens'])
      .compile();
    yield database
      .insertInto('budget_reservations')
      .values({
        id,
        level: charge.level,
        scope_key: charge.scopeKey,
        cost_micro_usd: charge.costMicroUsd,
        tokens: charge.tokens,
        state: 'settled',
        created_at: now,
        settled_at: now,
      })
      .compile();
    const overrun = overrunOf(charge, {
      cost: Number(after?.cost_micro_usd ?? 0),
      tokens: Number(after?.tokens ?? 0),
    });
    if (overrun !== undefined) overruns.push(overrun);
  }
  return overruns;
}
