/**
 * Budget alerts (issue 4 §5): after money is counted, the day and month counters are compared with
 * `safety.cost_limits` at every `safety.alert_thresholds` percent plus 100. Each crossing is recorded
 * in the store first, and only the caller whose record is the first (a unique key on level, scope and
 * threshold) is told, so that every worker may check after every call and one alert goes out.
 * The models layer cannot log to the audit log or send notifications itself; the app passes a hook.
 */
import type { BudgetLevel, BudgetUsageRow, Store } from '../../store/types.js';
import { limitToMicroUsd, microUsdToUsd } from './budget-amounts.js';
import { utcDayKey, utcMonthKey, type BudgetConfig } from './budget-levels.js';

/** The thresholds applied when the configuration names none (`safety.alert_thresholds` default). */
export const defaultAlertThresholds: readonly number[] = [80, 90];

/** A counter that reached a threshold for the first time. */
export interface BudgetThresholdCrossing {
  level: Extract<BudgetLevel, 'day' | 'month'>;
  /** `2026-11-22` or `2026-11` (UTC). */
  scopeKey: string;
  /** Percent of the limit: one of the alert thresholds, or 100. */
  threshold: number;
  usedUsd: number;
  limitUsd: number;
}

export type BudgetThresholdHook = (crossing: BudgetThresholdCrossing) => Promise<void>;

interface ThresholdCounter {
  level: BudgetThresholdCrossing['level'];
  scopeKey: string;
  limitMicroUsd: number;
}

/** The configured thresholds plus 100, each once, in ascending order (80 is recorded before 90). */
export function alertThresholds(config: BudgetConfig): number[] {
  const configured = config.safety.alert_thresholds ?? defaultAlertThresholds;
  return [...new Set([...configured, 100])].sort((left, right) => left - right);
}

/**
 * The thresholds a counter has reached. Compared in integer micro-dollars (used × 100 ≥ threshold ×
 * limit) so that exactly 80 % counts as reached. A limit of 0 has no percentages: nothing is reached.
 */
export function reachedThresholds(
  usedMicroUsd: number,
  limitMicroUsd: number,
  thresholds: number[],
): number[] {
  if (limitMicroUsd <= 0) return [];
  return thresholds.filter((threshold) => usedMicroUsd * 100 >= threshold * limitMicroUsd);
}

function thresholdCounters(config: BudgetConfig, at: number): ThresholdCounter[] {
  const limits = config.safety.cost_limits;
  return [
    { level: 'day', scopeKey: utcDayKey(at), limitMicroUsd: limitToMicroUsd(limits.daily_limit) },
    { level: 'month', scopeKey: utcMonthKey(at), limitMicroUsd: limitToMicroUsd(limits.monthly_limit) },
  ];
}

function usedOf(rows: readonly BudgetUsageRow[], counter: ThresholdCounter): number {
  const row = rows.find(
    (candidate) => candidate.level === counter.level && candidate.scopeKey === counter.scopeKey,
  );
  return row?.costMicroUsd ?? 0;
}

/**
 * Checks the day and month counters of the time `at` (the day the money was counted in) and records
 * every threshold they reached; returns the crossings this call recorded first, after calling `hook`
 * for each in order.
 */
export async function checkBudgetThresholds(options: {
  store: Pick<Store, 'budgets'>;
  config: BudgetConfig;
  /** The time whose day and month counters were charged. */
  at: number;
  /** When the crossing is recorded. */
  now: number;
  hook?: BudgetThresholdHook | undefined;
  /**
   * Crossings this process already knows are recorded (`level:scope:threshold`), filled here: once a
   * day is past 80 %, every later call would otherwise write the same record again only to be told
   * it exists.
   */
  known?: Set<string>;
}): Promise<BudgetThresholdCrossing[]> {
  const { store, config, at, now, hook, known } = options;
  const thresholds = alertThresholds(config);
  const counters = thresholdCounters(config, at).filter((counter) => counter.limitMicroUsd > 0);
  if (counters.length === 0) return [];
  const rows = await store.budgets.usage(counters.map(({ level, scopeKey }) => ({ level, scopeKey })));
  const crossings: BudgetThresholdCrossing[] = [];
  for (const counter of counters) {
    const usedMicroUsd = usedOf(rows, counter);
    for (const threshold of reachedThresholds(usedMicroUsd, counter.limitMicroUsd, thresholds)) {
      const key = `${counter.level}:${counter.scopeKey}:${threshold}`;
      if (known?.has(key) === true) continue;
      const first = await store.budgets.recordThreshold({
        level: counter.level,
        scopeKey: counter.scopeKey,
        threshold,
        usedMicroUsd,
        limitMicroUsd: counter.limitMicroUsd,
        createdAt: now,
      });
      known?.add(key);
      if (!first) continue;
      const crossing: BudgetThresholdCrossing = {
        level: counter.level,
        scopeKey: counter.scopeKey,
        threshold,
        usedUsd: microUsdToUsd(usedMicroUsd),
        limitUsd: microUsdToUsd(counter.limitMicroUsd),
      };
      crossings.push(crossing);
      if (hook !== undefined) await hook(crossing);
    }
  }
  return crossings;
}
