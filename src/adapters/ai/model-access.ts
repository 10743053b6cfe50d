/**
 * How an AI step reaches its model: the gateway from the StepContext (absent → the step fails with
 * OURO_MODEL_NOT_CONFIGURED before anything happens), the call scope every request carries, and the
 * running usage total the step reports.
 */
import type { ModelCallResult, ModelCallScope, ModelGateway } from '../../models/types.js';
import { OuroError } from '../../errors/index.js';
import type { Availability, AvailabilityContext, StepContext, StepUsage } from '../types.js';
import type { CommonAiParams } from './ai-params.js';

export function requireModelGateway(context: StepContext): ModelGateway {
  if (context.models !== undefined) return context.models;
  throw new OuroError('OURO_MODEL_NOT_CONFIGURED');
}

/** The scope of every call of a step: ledger attribution, the step budget and cancellation. */
export function callScope(
  context: StepContext,
  params: Pick<CommonAiParams, 'max_cost_usd'>,
  signal: AbortSignal = context.signal,
): ModelCallScope {
  const scope: ModelCallScope = { runId: context.runId, stepId: context.stepId, limits: {}, signal };
  if (params.max_cost_usd !== undefined) scope.limits = { stepCostUsd: params.max_cost_usd };
  return scope;
}

/** Adds up what the calls of one step used; the step reports it as its usage. */
export class UsageTally {
  inputTokens = 0;
  outputTokens = 0;
  costUsd = 0;
  calls = 0;

  add(result: ModelCallResult): void {
    this.inputTokens += result.usage.inputTokens;
    this.outputTokens += result.usage.outputTokens;
    this.costUsd += result.costUsd;
    this.calls += 1;
  }

  toUsage(): StepUsage {
    return { inputTokens: this.inputTokens, outputTokens: this.outputTokens, costUsd: this.costUsd };
  }
}

/** AI adapters are available when the gateway says a model (the one asked for, or the default) is usable. */
export function modelAvailability(context: AvailabilityContext, model?: string): Promise<Availability> {
  if (context.models === undefined) {
    return Promise.resolve({
      available: false,
      reason: 'no model gateway configured',
      remedy:
        'Set OURO_MODEL (or models.default in ouro.config.yaml) and the provider key, e.g. ANTHROPIC_API_KEY.',
    });
  }
  const availability = context.models.availability(model);
  const result: Availability = { available: availability.available };
  if (availability.reason !== undefined) result.reason = availability.reason;
  if (availability.remedy !== undefined) result.remedy = availability.remedy;
  return Promise.resolve(result);
}

export function requireEstimateGateway(context: AvailabilityContext): ModelGateway {
  if (context.models !== undefined) return context.models;
  throw new OuroError('OURO_MODEL_NOT_CONFIGURED');
}
