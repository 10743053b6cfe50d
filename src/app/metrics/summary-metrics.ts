/**
 * `ouro metrics summary`: the week (or day, month) in one report — runs by status with the success
 * rate and the median and p95 duration, steps, model cost and tokens, approvals, denied decisions,
 * budget thresholds crossed and rollbacks. Each part comes from its store table.
 */
import type { OuroConfig } from '../../config/schema/ouro-config.js';
import type { RunRecord, RunStatus, Store } from '../../store/types.js';
import { auditFacts } from './audit-metrics.js';
import {
  budgetUse,
  costTotals,
  thresholdsCrossed,
  type BudgetUse,
  type ThresholdCrossed,
} from './cost-metrics.js';
import type { CostTotals } from './cost-totals.js';
import {
  approvalCounts,
  rollbackCounts,
  type ApprovalCounts,
  type RollbackCounts,
} from './governance-counts.js';
import { windowJson, type MetricsWindow } from './metrics-period.js';
import { percentile } from './percentile.js';
import { runsInWindow } from './runs-in-window.js';

const runStatuses: readonly RunStatus[] = [
  'pending',
  'running',
  'paused',
  'succeeded',
  'failed',
  'cancelled',
];
const endedStatuses: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];
const stepCounters = ['succeeded', 'failed', 'skipped', 'cached', 'cancelled'] as const;

export interface RunFacts {
  /** Created in the window. */
  total: number;
  byStatus: Record<RunStatus, number>;
  /** Succeeded of those ended (succeeded, failed, cancelled), 0…1; null when none ended. */
  successRate: number | null;
  /** From creation to end, of the ended runs (nearest rank). */
  durationMs: { median: number | null; p95: number | null };
}

export interface StepFacts extends Record<(typeof stepCounters)[number], number> {
  /** Runs whose step counts are included: those that wrote their end summary. */
  runs: number;
}

export interface SummaryReport {
  window: ReturnType<typeof windowJson>;
  runs: RunFacts;
  steps: StepFacts;
  cost: CostTotals;
  budgets: BudgetUse[];
  thresholds: ThresholdCrossed[];
  approvals: ApprovalCounts;
  decisions: { total: number; allowed: number; denied: number; approvalRequired: number };
  rollbacks: RollbackCounts;
}

function runFacts(runs: readonly RunRecord[]): RunFacts {
  const byStatus = Object.fromEntries(runStatuses.map((status) => [status, 0])) as Record<RunStatus, number>;
  for (const run of runs) byStatus[run.status] += 1;
  const ended = runs.filter((run) => endedStatuses.includes(run.status) && run.endedAt !== null);
  const durations = ended.map((run) => run.endedAt! - run.createdAt);
  return {
    total: runs.length,
    byStatus,
    successRate: ended.length === 0 ? null : Math.round((byStatus.succeeded / ended.length) * 1000) / 1000,
    durationMs: { median: percentile(durations, 50), p95: percentile(durations, 95) },
  };
}

/** Step counts from each run's end summary (one row per run, no per-step query). */
function stepFacts(runs: readonly RunRecord[]): StepFacts {
  const facts: StepFacts = { runs: 0, succeeded: 0, failed: 0, skipped: 0, cached: 0, cancelled: 0 };
  for (const run of runs) {
    if (run.summary === null) continue;
    facts.runs += 1;
    for (const counter of stepCounters) {
      const value = run.summary[counter];
      if (typeof value === 'number') facts[counter] += value;
    }
  }
  return facts;
}

export async function summaryMetrics(
  store: Store,
  config: Pick<OuroConfig, 'safety'>,
  window: MetricsWindow,
): Promise<SummaryReport> {
  const runs = await runsInWindow(store, window);
  const audit = auditFacts(
    (await store.audit.list({ since: window.since })).filter((entry) => entry.createdAt < window.until),
  );
  const decisions = audit.decisionTotals;
  return {
    window: windowJson(window),
    runs: runFacts(runs),
    steps: stepFacts(runs),
    cost: await costTotals(store, window),
    budgets: await budgetUse(store, config, window.until),
    thresholds: await thresholdsCrossed(store, window),
    approvals: await approvalCounts(store, window),
    decisions: {
      total: Object.values(decisions).reduce((sum, count) => sum + count, 0),
      allowed: decisions['allow'] ?? 0,
      denied: decisions['deny'] ?? 0,
      approvalRequired: decisions['require_approval'] ?? 0,
    },
    rollbacks: await rollbackCounts(store, window),
  };
}
