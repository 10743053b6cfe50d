/**
 * The BudgetGuard over the store: every model call reserves its estimate against every level that
 * applies (budget-levels.ts) in one store transaction before it is made, and settles with the real
 * usage after. Counters live in the database, so the limits hold across concurrent steps, workers
 * and machines (ARCHITECTURE.md §7, §8). With `alerts`, every settle and charge then checks the day
 * and month counters against the alert thresholds (budget-thresholds.ts).
 */
import { randomBytes } from 'node:crypto';
import { OuroError } from '../../errors/index.js';
import type { Logger } from '../../observability/logger-types.js';
import type { BudgetRefusal, Store } from '../../store/types.js';
import type { BudgetGuard, BudgetReservation } from '../accounting-types.js';
import type { ModelCallScope } from '../types.js';
import { checkedAmounts, formatUsd, microUsdToUsd } from './budget-amounts.js';
import {
  budgetCounters,
  budgetLevelSettings,
  toBudgetCharge,
  utcDayKey,
  utcMonthKey,
  type BudgetConfig,
} from './budget-levels.js';
import { firstExhaustedLevel } from './budget-room.js';
import { checkBudgetThresholds, type BudgetThresholdHook } from './budget-thresholds.js';

export interface StoreBudgetGuardOptions {
  store: Pick<Store, 'budgets'>;
  config: BudgetConfig;
  /** Epoch milliseconds; decides the day and month counted (UTC). */
  now?: () => number;
  createId?: () => string;
  /**
   * Budget alerts: record thresholds crossed after each settle and charge and call `onThreshold` for
   * the first crossing of each. A failing check is logged as a warning, never thrown: the call it
   * follows has already been paid for and must not fail because an alert could not be sent.
   */
  alerts?: { logger: Logger; onThreshold?: BudgetThresholdHook };
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
  const { alerts } = options;
  // When each open reservation was made: a settle after midnight still counts into the day it was
  // reserved in (the store settles there), so that day's counter is the one to check.
  const reservedAt = new Map<string, number>();
  const knownCrossings = new Set<string>();

  async function checkThresholds(at: number): Promise<void> {
    if (alerts === undefined) return;
    const { logger, onThreshold } = alerts;
    // One failing alert must not keep the next threshold from being recorded and sent.
    const hook: BudgetThresholdHook | undefined =
      onThreshold === undefined
        ? undefined
        : async (crossing) => {
            try {
              await onThreshold(crossing);
            } catch (error) {
              logger.warn(
                {
                  err: error,
                  level: crossing.level,
                  scope: crossing.scopeKey,
                  threshold: crossing.threshold,
                },
                'the budget threshold alert failed',
              );
            }
          };
    try {
      await checkBudgetThresholds({ store, config, at, now: now(), hook, known: knownCrossings });
    } catch (error) {
      logger.warn(
        { err: error, day: utcDayKey(at), month: utcMonthKey(at) },
        'could not check the budget alert thresholds',
      );
    }
  }

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
      if (alerts !== undefined) reservedAt.set(id, at);
      return { id };
    },

    async settle(reservation: BudgetReservation, actual: { costUsd: number; tokens: number }): Promise<void> {
      // Settling a reservation that is no longer open (already settled or released) changes nothing:
      // a retried settle must not count the call twice.
      const amounts = checkedAmounts(actual);
      const settled = await store.budgets.settle(reservation.id, amounts, now());
      const at = reservedAt.get(reservation.id) ?? now();
      reservedAt.delete(reservation.id);
      if (settled) await checkThresholds(at);
    },

    async release(reservation: BudgetReservation): Promise<void> {
      reservedAt.delete(reservation.id);
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
      await checkThresholds(at);
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
