/**
 * Which budget levels apply to a model call and with which limits. step, run and task come from the
 * call's scope (workflow policy and step params), day and month from `safety.cost_limits` in
 * dollars; days and months are UTC, so every worker in every time zone counts the same day.
 */
import type { BudgetCharge, BudgetLevel } from '../../store/types.js';
import type { ModelCallScope } from '../types.js';
import { limitToMicroUsd } from './budget-amounts.js';

/** The slice of the configuration budgets read (an OuroConfig fits). */
export interface BudgetConfig {
  safety: {
    cost_limits: { daily_limit: number; monthly_limit: number };
    /** Percent of the day and month limits that raise a budget_threshold alert; default [80, 90]. */
    alert_thresholds?: readonly number[];
  };
}

export interface BudgetCounterLimits {
  level: BudgetLevel;
  scopeKey: string;
  /** Dollars; null: not limited in dollars. */
  limitCostUsd: number | null;
  limitTokens: number | null;
}

export function utcDayKey(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function utcMonthKey(now: number): string {
  return new Date(now).toISOString().slice(0, 7);
}

/** Where each level's limit is configured, for the remedy of OURO_BUDGET_EXCEEDED. */
export const budgetLevelSettings: Readonly<Record<BudgetLevel, string>> = {
  step: "the step's max_cost_usd / max_tokens",
  run: "the workflow's policy.max_cost_usd / policy.max_tokens",
  task: 'the task budget (max_cost_usd per issue)',
  day: 'safety.cost_limits.daily_limit',
  month: 'safety.cost_limits.monthly_limit',
};

function limitOrNull(value: number | undefined): number | null {
  return value === undefined ? null : value;
}

/** The counters a call in `scope` at time `now` is charged to, widest first. */
export function budgetCounters(
  scope: Pick<ModelCallScope, 'runId' | 'stepId' | 'taskId' | 'limits'>,
  config: BudgetConfig,
  now: number,
): BudgetCounterLimits[] {
  const limits = scope.limits ?? {};
  const counters: BudgetCounterLimits[] = [
    {
      level: 'month',
      scopeKey: utcMonthKey(now),
      limitCostUsd: config.safety.cost_limits.monthly_limit,
      limitTokens: null,
    },
    {
      level: 'day',
      scopeKey: utcDayKey(now),
      limitCostUsd: config.safety.cost_limits.daily_limit,
      limitTokens: null,
    },
  ];
  if (scope.taskId !== undefined) {
    counters.push({
      level: 'task',
      scopeKey: scope.taskId,
      limitCostUsd: limitOrNull(limits.taskCostUsd),
      limitTokens: null,
    });
  }
  if (scope.runId !== undefined) {
    counters.push({
      level: 'run',
      scopeKey: scope.runId,
      limitCostUsd: limitOrNull(limits.runCostUsd),
      limitTokens: limitOrNull(limits.runTokens),
    });
  }
  if (scope.stepId !== undefined) {
    // A step id is only unique within its run.
    counters.push({
      level: 'step',
      scopeKey: `${scope.runId ?? '-'}:${scope.stepId}`,
      limitCostUsd: limitOrNull(limits.stepCostUsd),
      limitTokens: limitOrNull(limits.stepTokens),
    });
  }
  return counters;
}

export function toBudgetCharge(
  counter: BudgetCounterLimits,
  amounts: { costMicroUsd: number; tokens: number },
): BudgetCharge {
  return {
    level: counter.level,
    scopeKey: counter.scopeKey,
    costMicroUsd: amounts.costMicroUsd,
    tokens: amounts.tokens,
    limitCostMicroUsd: counter.limitCostUsd === null ? null : limitToMicroUsd(counter.limitCostUsd),
    limitTokens: counter.limitTokens === null ? null : Math.floor(counter.limitTokens),
  };
}
