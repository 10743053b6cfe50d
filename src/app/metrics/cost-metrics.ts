/**
 * `ouro metrics cost`: what model calls cost over a window — totals, and by UTC day, model, workflow
 * and task — with the day and month budgets' use and the alert thresholds crossed. Every figure is
 * read from the store (the ledger `model_calls`, the budget counters and threshold records), so all
 * workers' calls count, and an empty window reads as zeros because the ledger holds none.
 */
import type { OuroConfig } from '../../config/schema/ouro-config.js';
import { budgetStatus } from '../../models/budget/budget-status.js';
import type { ModelCallGrouping, ModelCallSummaryRow, Store } from '../../store/types.js';
import { addCostRow, emptyCostTotals, roundUsd, sumCostRows, type CostTotals } from './cost-totals.js';
import { windowJson, type MetricsWindow } from './metrics-period.js';
import { runWorkflowNames } from './run-workflow-names.js';

/** Label of calls made without a task (every workflow run outside the autonomous loop). */
export const noTaskLabel = '(no task)';

export interface CostBreakdownRow extends CostTotals {
  /** The day (`2026-11-22`), model (`anthropic:claude-sonnet-4-5`), workflow name or task id. */
  key: string;
}

export interface BudgetUse {
  level: 'day' | 'month';
  /** The UTC day or month counted (`2026-11-22`, `2026-11`). */
  scope: string;
  /** Spent plus reserved by calls in flight. */
  usedUsd: number;
  limitUsd: number;
  /** Of the limit, one decimal; null for a limit of 0. */
  percent: number | null;
  remainingUsd: number;
}

export interface ThresholdCrossed {
  level: string;
  scope: string;
  threshold: number;
  usedUsd: number;
  limitUsd: number;
  at: string;
}

export interface CostReport {
  window: ReturnType<typeof windowJson>;
  totals: CostTotals;
  byDay: CostBreakdownRow[];
  byModel: CostBreakdownRow[];
  byWorkflow: CostBreakdownRow[];
  byTask: CostBreakdownRow[];
  budgets: BudgetUse[];
  /** Crossed in the window, oldest first. */
  thresholds: ThresholdCrossed[];
}

function breakdownRow(key: string, row: ModelCallSummaryRow): CostBreakdownRow {
  return { key, ...addCostRow(emptyCostTotals(), row) };
}

/** Most expensive first, then by key: the order an operator looking for the spend wants. */
function byCost(left: CostBreakdownRow, right: CostBreakdownRow): number {
  return right.costUsd - left.costUsd || right.tokens - left.tokens || left.key.localeCompare(right.key);
}

/** Several runs share a workflow: their rows are added up under its name. */
function mergeByKey(rows: Array<{ key: string; row: ModelCallSummaryRow }>): CostBreakdownRow[] {
  const merged = new Map<string, CostTotals>();
  for (const { key, row } of rows) merged.set(key, addCostRow(merged.get(key) ?? emptyCostTotals(), row));
  return [...merged].map(([key, totals]) => ({ key, ...totals })).sort(byCost);
}

export async function thresholdsCrossed(
  store: Pick<Store, 'budgets'>,
  window: MetricsWindow,
): Promise<ThresholdCrossed[]> {
  const records = await store.budgets.listThresholds({ since: window.since });
  return (
    records
      .filter((record) => record.createdAt < window.until)
      // Crossings recorded by one call share a time: the lower threshold reads first.
      .sort(
        (left, right) =>
          left.createdAt - right.createdAt ||
          left.level.localeCompare(right.level) ||
          left.scopeKey.localeCompare(right.scopeKey) ||
          left.threshold - right.threshold,
      )
      .map((record) => ({
        level: record.level,
        scope: record.scopeKey,
        threshold: record.threshold,
        usedUsd: record.usedMicroUsd / 1_000_000,
        limitUsd: record.limitMicroUsd / 1_000_000,
        at: new Date(record.createdAt).toISOString(),
      }))
  );
}

export async function budgetUse(
  store: Pick<Store, 'budgets'>,
  config: Pick<OuroConfig, 'safety'>,
  now: number,
): Promise<BudgetUse[]> {
  // budgetStatus lists the widest level first; the day is what an operator looks at first.
  const levels = (await budgetStatus(store, config, now)).reverse();
  return levels.flatMap((status) => {
    if ((status.level !== 'day' && status.level !== 'month') || status.limitCostUsd === null) return [];
    const percent =
      status.limitCostUsd === 0 ? null : Math.round((status.usedCostUsd / status.limitCostUsd) * 1000) / 10;
    return [
      {
        level: status.level,
        scope: status.scopeKey,
        usedUsd: roundUsd(status.usedCostUsd),
        limitUsd: status.limitCostUsd,
        percent,
        remainingUsd: status.remainingCostUsd ?? 0,
      },
    ];
  });
}

/** The ledger's totals over a window (summed from the by-model groups: one query). */
export async function costTotals(
  store: Pick<Store, 'modelCalls'>,
  window: MetricsWindow,
): Promise<CostTotals> {
  return sumCostRows(
    await store.modelCalls.summarize({ since: window.since, until: window.until, groupBy: 'model' }),
  );
}

export async function costMetrics(
  store: Store,
  config: Pick<OuroConfig, 'safety'>,
  window: MetricsWindow,
): Promise<CostReport> {
  const summarize = (groupBy: ModelCallGrouping) =>
    store.modelCalls.summarize({ since: window.since, until: window.until, groupBy });
  const [days, models, runs, tasks] = await Promise.all([
    summarize('day'),
    summarize('model'),
    summarize('run'),
    summarize('task'),
  ]);
  const workflowNames = await runWorkflowNames(
    store,
    runs.map((row) => row.key),
  );
  return {
    window: windowJson(window),
    totals: sumCostRows(models),
    // Chronological, as the ledger returns days.
    byDay: days.map((row) => breakdownRow(row.key ?? '', row)),
    byModel: models.map((row) => breakdownRow(row.key ?? '', row)).sort(byCost),
    byWorkflow: mergeByKey(runs.map((row) => ({ key: workflowNames.get(row.key)!, row }))),
    byTask: tasks.map((row) => breakdownRow(row.key ?? noTaskLabel, row)).sort(byCost),
    budgets: await budgetUse(store, config, window.until),
    thresholds: await thresholdsCrossed(store, window),
  };
}
