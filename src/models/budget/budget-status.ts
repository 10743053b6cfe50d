/**
 * Current use of each budget level, for `ouro policy show`, status pages and the budget gauges:
 * day and month always, task/run/step when a scope names them. Read-only; reservations still open
 * count as used, because they are money a call in flight may spend.
 */
import type { BudgetLevel, Store } from '../../store/types.js';
import type { ModelCallScope } from '../types.js';
import { microUsdToUsd } from './budget-amounts.js';
import { budgetCounters, type BudgetConfig } from './budget-levels.js';

export interface BudgetLevelStatus {
  level: BudgetLevel;
  scopeKey: string;
  usedCostUsd: number;
  usedTokens: number;
  limitCostUsd: number | null;
  limitTokens: number | null;
  /** Dollars left (never negative); null without a dollar limit. */
  remainingCostUsd: number | null;
  /** Highest share of a limit used (0…1, may pass 1 after settling above an estimate); null without limits. */
  fractionUsed: number | null;
}

function share(used: number, limit: number | null): number | null {
  if (limit === null) return null;
  if (limit === 0) return used > 0 ? Number.POSITIVE_INFINITY : 0;
  return used / limit;
}

export async function budgetStatus(
  store: Pick<Store, 'budgets'>,
  config: BudgetConfig,
  now: number,
  scope: Pick<ModelCallScope, 'runId' | 'stepId' | 'taskId' | 'limits'> = {},
): Promise<BudgetLevelStatus[]> {
  const counters = budgetCounters(scope, config, now);
  const rows = await store.budgets.usage(counters.map(({ level, scopeKey }) => ({ level, scopeKey })));
  return counters.map((counter) => {
    const row = rows.find(
      (candidate) => candidate.level === counter.level && candidate.scopeKey === counter.scopeKey,
    );
    const usedCostUsd = microUsdToUsd(row?.costMicroUsd ?? 0);
    const usedTokens = row?.tokens ?? 0;
    const shares = [share(usedCostUsd, counter.limitCostUsd), share(usedTokens, counter.limitTokens)].filter(
      (value): value is number => value !== null,
    );
    return {
      level: counter.level,
      scopeKey: counter.scopeKey,
      usedCostUsd,
      usedTokens,
      limitCostUsd: counter.limitCostUsd,
      limitTokens: counter.limitTokens,
      remainingCostUsd:
        counter.limitCostUsd === null
          ? null
          : Math.max(0, Number((counter.limitCostUsd - usedCostUsd).toFixed(6))),
      fractionUsed: shares.length === 0 ? null : Math.max(...shares),
    };
  });
}
