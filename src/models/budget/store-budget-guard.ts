/**
 * The BudgetGuard over the store: every model call reserves its estimate against every level that
 * applies (budget-levels.ts) in one store transaction before it is made, and settles with the real
 * usage after. Counters live in the database, so the limits hold across concurrent steps, workers
 * and machines (ARCHITECTURE.md §7, §8).
 */
import { randomBytes } from 'node:crypto';
import { OuroError } from '../../errors/index.js';
import type { BudgetRefusal, Store } from '../../store/types.js';
import type { BudgetGuard, BudgetReservation } from '../accounting-types.js';
import type { ModelCallScope } from '../types.js';
import { checkedAmounts, formatUsd, microUsdToUsd } from './budget-amounts.js';
import { budgetCounters, budgetLevelSettings, toBudgetCharge, type BudgetConfig } from './budget-levels.js';
import { firstExhaustedLevel } from './budget-room.js';

export interface StoreBudgetGuardOptions {
  store: Pick<Store, 'budgets'>;
  config: BudgetConfig;
  /** Epoch milliseconds; decides the day and month counted (UTC). */
  now?: () => number;
  createId?: () => string;
}

function createReservationId(): string {
  return `bgt_${Date.now().toString(36)}${randomBytes(6).toString('hex')}`;
}

/** OURO_BUDGET_EXCEEDED naming the level; details carry the numbers in dollars or tokens. */
export function budgetExceededError(refusal: BudgetRefusal): OuroError {
  const inDollars = refusal.unit === 'usd';
  const convert = (value: number) => (inDollars ? microUsdToUsd(value) : value);
  const show = (value: number) => (inDollars ? formatUsd(convert(value)) : `${value} tokens`);
  const details = {
    level: refusal.level,
    scope: refusal.scopeKey,
    unit: refusal.unit,
    limit: convert(refusal.limit),
    used: convert(refusal.used),
    requested: convert(refusal.requested),
  };
  return new OuroError(
    'OURO_BUDGET_EXCEEDED',
    {
      level: refusal.level,
      scope: refusal.scopeKey,
      used: show(refusal.used),
      requested: show(refusal.requested),
      limit: show(refusal.limit),
      setting: budgetLevelSettings[refusal.level],
    },
    { details },
  );
}

export function createStoreBudgetGuard(options: StoreBudgetGuardOptions): BudgetGuard {
  const { store, config } = options;
  const now = options.now ?? Date.now;
  const createId = options.createId ?? createReservationId;
  return {
    async reserve(request: {
      scope: ModelCallScope;
      costUsd: number;
      tokens: number;
    }): Promise<BudgetReservation> {
      const amounts = checkedAmounts({ costUsd: request.costUsd, tokens: request.tokens });
      const at = now();
      const charges = budgetCounters(request.scope, config, at).map((counter) =>
        toBudgetCharge(counter, amounts),
      );
      const id = createId();
      const outcome = await store.budgets.reserve(id, charges, at);
      if (!outcome.reserved) throw budgetExceededError(outcome.refusal);
      return { id };
    },

    async settle(reservation: BudgetReservation, actual: { costUsd: number; tokens: number }): Promise<void> {
      // Settling a reservation that is no longer open (already settled or released) changes nothing:
      // a retried settle must not count the call twice.
      await store.budgets.settle(reservation.id, checkedAmounts(actual), now());
    },

    async release(reservation: BudgetReservation): Promise<void> {
      await store.budgets.release(reservation.id, now());
    },

    async charge(request: {
      scope: ModelCallScope;
      costUsd: number;
      tokens: number;
    }): Promise<{ exceeded?: { level: string; error: OuroError } }> {
      const amounts = checkedAmounts({ costUsd: request.costUsd, tokens: request.tokens });
      const at = now();
      const charges = budgetCounters(request.scope, config, at).map((counter) =>
        toBudgetCharge(counter, amounts),
      );
      const [widest] = await store.budgets.charge(createId(), charges, at);
      return widest === undefined
        ? {}
        : { exceeded: { level: widest.level, error: budgetExceededError(widest) } };
    },

    async exhausted(scope: ModelCallScope): Promise<OuroError | undefined> {
      const at = now();
      const counters = budgetCounters(scope, config, at);
      const rows = await store.budgets.usage(counters.map(({ level, scopeKey }) => ({ level, scopeKey })));
      const refusal = firstExhaustedLevel(counters, rows);
      return refusal === undefined ? undefined : budgetExceededError(refusal);
    },
  };
}
