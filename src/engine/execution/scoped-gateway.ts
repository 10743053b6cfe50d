/**
 * The model gateway as a step sees it: every call is attributed to the run and step, and carries the
 * run's budget (workflow `policy.max_cost_usd` / `max_tokens`) on top of whatever step limits the
 * adapter sets. Adapters cannot widen the run's limits: the engine's values win for run-level keys.
 * Usage recorded from outside the gateway (coding-agent CLIs) and budget checks get the same scope.
 */
import type { PolicyPort, PolicyRequest } from '../../adapters/policy-port.js';
import { OuroError } from '../../errors/index.js';
import type { ModelCallScope, ModelGateway } from '../../models/types.js';

export interface RunScope {
  runId: string;
  stepId: string;
  taskId?: string;
  runCostUsd?: number;
  runTokens?: number;
  /** Asked before every call (action `model_call`); a denial fails the call with OURO_POLICY_DENIED. */
  policy?: PolicyPort;
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
    call: async (request, given) => {
      if (run.policy) await askForModelCall(run.policy, run, request.model, request.purpose);
      return gateway.call(request, scope(given));
    },
    estimate: (request) => gateway.estimate(request),
    availability: (model) => gateway.availability(model),
    recordExternalUsage: (entry, given) => gateway.recordExternalUsage(entry, scope(given)),
    budgetExhausted: (given) => gateway.budgetExhausted(scope(given)),
  };
}

/** The policy decides every model call (budget exhausted, paused work) and the audit log records it. */
async function askForModelCall(
  policy: PolicyPort,
  run: RunScope,
  model: string | undefined,
  purpose: string | undefined,
): Promise<void> {
  const request: PolicyRequest = {
    action: 'model_call',
    subject: `model call of step ${run.stepId} in run ${run.runId}`,
    subjectKey: `run:${run.runId}:step:${run.stepId}:model_call`,
    initiator: 'ouro',
    readOnly: true,
    effect: { ...(model ? { model } : {}), ...(purpose ? { purpose } : {}) },
  };
  const verdict = await policy.authorize(request);
  if (verdict.decision !== 'allow') {
    throw new OuroError('OURO_POLICY_DENIED', {
      action: request.action,
      subject: request.subject,
      mode: verdict.mode,
      reason: verdict.reasons.join('; '),
    });
  }
}
