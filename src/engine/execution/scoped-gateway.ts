/**
 * The model gateway as a step sees it: every call is attributed to the run and step, and carries the
 * run's budget (workflow `policy.max_cost_usd` / `max_tokens`) on top of whatever step limits the
 * adapter sets. Adapters cannot widen the run's limits: the engine's values win for run-level keys.
 * Usage recorded from outside the gateway (coding-agent CLIs) and budget checks get the same scope.
 */
import type { ModelCallScope, ModelGateway } from '../../models/types.js';

export interface RunScope {
  runId: string;
  stepId: string;
  taskId?: string;
  runCostUsd?: number;
  runTokens?: number;
}

export function scopedGateway(gateway: ModelGateway, run: RunScope): ModelGateway {
  const scope = (given: ModelCallScope): ModelCallScope => {
    const limits: NonNullable<ModelCallScope['limits']> = { ...given.limits };
    if (run.runCostUsd !== undefined) limits.runCostUsd = run.runCostUsd;
    if (run.runTokens !== undefined) limits.runTokens = run.runTokens;
    const merged: ModelCallScope = { ...given, runId: run.runId, stepId: run.stepId, limits };
    if (run.taskId !== undefined) merged.taskId = run.taskId;
    return merged;
  };
  return {
    call: (request, given) => gateway.call(request, scope(given)),
    estimate: (request) => gateway.estimate(request),
    availability: (model) => gateway.availability(model),
    recordExternalUsage: (entry, given) => gateway.recordExternalUsage(entry, scope(given)),
    budgetExhausted: (given) => gateway.budgetExhausted(scope(given)),
  };
}
