/**
 * Whether a budget level still has room for any spending. Used before starting work whose cost is
 * only known afterwards (a coding-agent CLI calls its model itself, so nothing can be reserved for
 * it): a level already at or past its limit refuses it up front instead of after the money is spent.
 */
import type { BudgetRefusal, BudgetUsageRow } from '../../store/types.js';
import { limitToMicroUsd } from './budget-amounts.js';
import type { BudgetCounterLimits } from './budget-levels.js';

/**
 * The widest level whose counter has reached a limit, as a refusal of the smallest amount (one
 * micro-dollar or one token) so the error reads "used + requested > limit" truthfully.
 */
export function firstExhaustedLevel(
  counters: readonly BudgetCounterLimits[],
  rows: readonly BudgetUsageRow[],
): BudgetRefusal | undefined {
  // budgetCounters lists the counters widest first, the order refusals are reported in.
  for (const counter of counters) {
    const row = rows.find(
      (candidate) => candidate.level === counter.level && candidate.scopeKey === counter.scopeKey,
    );
    const used = { cost: row?.costMicroUsd ?? 0, tokens: row?.tokens ?? 0 };
    const base = { level: counter.level, scopeKey: counter.scopeKey, requested: 1 };
    if (counter.limitCostUsd !== null) {
      const limit = limitToMicroUsd(counter.limitCostUsd);
      if (used.cost >= limit) return { ...base, unit: 'usd', limit, used: used.cost };
    }
    if (counter.limitTokens !== null) {
      const limit = Math.floor(counter.limitTokens);
      if (used.tokens >= limit) return { ...base, unit: 'tokens', limit, used: used.tokens };
    }
  }
  return undefined;
}
