/**
 * Today's and this month's spend against `safety.cost_limits`, read from the store's budget counters
 * (the same counters model calls reserve against, open reservations included), so admission,
 * `ouro status` and `ouro policy show` agree with what the budget will actually refuse.
 */
import type { OuroConfig } from '../config/index.js';
import { limitToMicroUsd, microUsdToUsd } from '../models/budget/budget-amounts.js';
import { utcDayKey, utcMonthKey } from '../models/budget/budget-levels.js';
import type { Store } from '../store/types.js';

export interface PeriodCostUsage {
  period: 'day' | 'month';
  /** `2026-11-22` or `2026-11` (UTC). */
  scopeKey: string;
  usedMicroUsd: number;
  limitMicroUsd: number;
  /** The same in dollars, for readers of --json. */
  usedUsd: number;
  limitUsd: number;
  /** Used as a percentage of the limit (100 when the limit is 0); one decimal. */
  percent: number;
  /** The setting that holds the limit. */
  setting: string;
}

export interface CostUsage {
  day: PeriodCostUsage;
  month: PeriodCostUsage;
}

function percentOf(used: number, limit: number): number {
  if (limit <= 0) return 100;
  return Math.round((used / limit) * 1000) / 10;
}

export async function readCostUsage(
  store: Store,
  config: Pick<OuroConfig, 'safety'>,
  now: number,
): Promise<CostUsage> {
  const dayKey = utcDayKey(now);
  const monthKey = utcMonthKey(now);
  const rows = await store.budgets.usage([
    { level: 'day', scopeKey: dayKey },
    { level: 'month', scopeKey: monthKey },
  ]);
  const used = (level: 'day' | 'month', scopeKey: string): number =>
    rows.find((row) => row.level === level && row.scopeKey === scopeKey)?.costMicroUsd ?? 0;
  const period = (
    name: 'day' | 'month',
    scopeKey: string,
    limitUsd: number,
    setting: string,
  ): PeriodCostUsage => {
    const usedMicroUsd = used(name, scopeKey);
    const limitMicroUsd = limitToMicroUsd(limitUsd);
    return {
      period: name,
      scopeKey,
      usedMicroUsd,
      limitMicroUsd,
      usedUsd: microUsdToUsd(usedMicroUsd),
      limitUsd: microUsdToUsd(limitMicroUsd),
      percent: percentOf(usedMicroUsd, limitMicroUsd),
      setting,
    };
  };
  const limits = config.safety.cost_limits;
  return {
    day: period('day', dayKey, limits.daily_limit, 'safety.cost_limits.daily_limit'),
    month: period('month', monthKey, limits.monthly_limit, 'safety.cost_limits.monthly_limit'),
  };
}
