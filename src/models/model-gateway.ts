/**
 * The model gateway: the one way AI adapters call a model. A call resolves the reference, estimates
 * tokens and cost, reserves them against the budget (a refusal is recorded in the ledger), waits for
 * the provider's rate limit, calls the model through the AI SDK with Ouro's retries, records the call
 * and settles the budget with the real usage. A failed call is recorded and its reservation released.
 * Usage spent outside it (coding-agent CLIs) is recorded and charged afterwards: recordExternalUsage.
 */
import { randomBytes } from 'node:crypto';
import { generateText, jsonSchema, tool, type ToolSet } from 'ai';
import type { OuroConfig } from '../config/index.js';
import { OuroError, isOuroError } from '../errors/index.js';
import { LogEvent, type Logger } from '../observability/logger-types.js';
import type { BudgetGuard, BudgetReservation, ModelCallRecord, ModelLedger } from './accounting-types.js';
import { createCassetteFetch, cassetteSettingsFrom } from './cassette.js';
import { resolveModelReference } from './model-reference.js';
import { costOfUsage, priceOf } from './price-table.js';
import { createProviderRegistry } from './provider-registry.js';
import { createRateLimiter, rateLimitsFor, type RateLimiter } from './rate-limiter.js';
import { withRetries, type CallTarget } from './retry.js';
import { systemTiming, type Timing } from './timing.js';
import { estimatePromptTokens } from './token-estimate.js';
import { jsonOutput } from './json-output.js';
import type {
  ExternalUsageEntry,
  ExternalUsageResult,
  ModelCallRequest,
  ModelCallResult,
  ModelCallScope,
  ModelGateway,
  ModelReference,
  ModelUsage,
} from './types.js';

export interface ModelGatewayDependencies {
  config: OuroConfig;
  env: NodeJS.ProcessEnv;
  ledger: ModelLedger;
  budget: BudgetGuard;
  logger: Logger;
  /** The network; wrapped by the cassette when OURO_MODEL_CASSETTE is set. */
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: Timing['sleep'];
  /** Uniform in [0, 1) for retry jitter. */
  random?: () => number;
  /** Resolves a relative OURO_MODEL_CASSETTE path. */
  cwd?: string;
}

export function newModelCallId(now: number = Date.now()): string {
  return `mc_${now.toString(36)}${randomBytes(5).toString('hex')}`;
}

/** Whether any budget level applies to a call: then an unpriced model cannot be admitted. */
export function budgetApplies(scope: ModelCallScope, config: Pick<OuroConfig, 'safety'>): boolean {
  const limits = Object.values(scope.limits ?? {}).some((value) => value !== undefined);
  const { daily_limit: daily, monthly_limit: monthly } = config.safety.cost_limits;
  return limits || daily > 0 || monthly > 0;
}

function toolSet(request: ModelCallRequest): ToolSet | undefined {
  if (request.tools === undefined || Object.keys(request.tools).length === 0) return undefined;
  const tools: ToolSet = {};
  for (const [name, definition] of Object.entries(request.tools)) {
    // No `execute`: the SDK returns the calls and Ouro runs them under its own policy.
    tools[name] = tool({
      description: definition.description,
      inputSchema: jsonSchema(definition.inputSchema),
    });
  }
  return tools;
}

function usageOf(usage: {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  inputTokenDetails?: { cacheReadTokens: number | undefined; cacheWriteTokens: number | undefined };
}): ModelUsage {
  return {
    inputTokens: usage.inputTokens ?? 0,
    outputTokens: usage.outputTokens ?? 0,
    cachedInputTokens: usage.inputTokenDetails?.cacheReadTokens ?? 0,
    cacheWriteTokens: usage.inputTokenDetails?.cacheWriteTokens ?? 0,
  };
}

const noUsage: ModelUsage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 };

export function createModelGateway(dependencies: ModelGatewayDependencies): ModelGateway {
  const { config, env, ledger, budget, logger } = dependencies;
  const timing: Timing = {
    now: dependencies.now ?? systemTiming.now,
    sleep: dependencies.sleep ?? systemTiming.sleep,
  };
  const cassette = cassetteSettingsFrom(env, dependencies.cwd);
  const network = dependencies.fetch ?? globalThis.fetch;
  const transport = cassette === undefined ? dependencies.fetch : createCassetteFetch(cassette, network);
  const providers = createProviderRegistry({ config, env, ...(transport ? { fetch: transport } : {}) });
  const limiters = new Map<string, RateLimiter>();
  const retryPolicy = {
    maxAttempts: config.models.retry.max_attempts,
    initialDelayMs: config.models.retry.initial_delay_ms,
    maxDelayMs: config.models.retry.max_delay_ms,
  };

  function limiterFor(provider: string): RateLimiter {
    let limiter = limiters.get(provider);
    if (limiter === undefined) {
      limiter = createRateLimiter(rateLimitsFor(provider, config), timing);
      limiters.set(provider, limiter);
    }
    return limiter;
  }

  async function estimateFor(request: ModelCallRequest) {
    const reference = resolveModelReference(request.model, config, env);
    const promptTokens = await estimatePromptTokens(request);
    const price = priceOf(reference, config);
    const tokens = promptTokens + request.maxOutputTokens;
    const costUsd =
      price === undefined
        ? 0
        : costOfUsage(price, {
            ...noUsage,
            inputTokens: promptTokens,
            outputTokens: request.maxOutputTokens,
          });
    return { reference, promptTokens, tokens, costUsd, price };
  }

  function record(
    reference: ModelReference,
    request: ModelCallRequest,
    scope: ModelCallScope,
    outcome: ModelCallRecord['outcome'],
    fields: Partial<ModelCallRecord> & { id: string },
  ): Promise<void> {
    return ledger.record({
      runId: scope.runId ?? null,
      stepId: scope.stepId ?? null,
      taskId: scope.taskId ?? null,
      provider: reference.provider,
      model: reference.model,
      purpose: request.purpose,
      inputTokens: 0,
      outputTokens: 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0,
      latencyMs: 0,
      errorCode: null,
      createdAt: timing.now(),
      ...fields,
      outcome,
    });
  }

  async function call(request: ModelCallRequest, scope: ModelCallScope): Promise<ModelCallResult> {
    const { reference, tokens, costUsd: estimatedCost, price } = await estimateFor(request);
    const languageModel = providers.languageModel(reference);
    const endpoint = providers.endpoint(reference);
    const id = newModelCallId(timing.now());
    if (price === undefined && budgetApplies(scope, config)) {
      const refusal = new OuroError('OURO_MODEL_PRICE_UNKNOWN', {
        reference: `${reference.provider}:${reference.model}`,
      });
      await record(reference, request, scope, 'refused', { id, errorCode: refusal.code });
      throw refusal;
    }
    let reservation: BudgetReservation;
    try {
      reservation = await budget.reserve({ scope, costUsd: estimatedCost, tokens });
    } catch (error) {
      const code = isOuroError(error) ? error.code : 'OURO_INTERNAL';
      await record(reference, request, scope, 'refused', { id, errorCode: code });
      throw error;
    }
    const target: CallTarget = {
      provider: reference.provider,
      model: reference.model,
      baseUrl: endpoint.baseUrl,
      keyVariable: endpoint.keyVariable,
    };
    const limiter = limiterFor(reference.provider);
    const started = timing.now();
    const tools = toolSet(request);
    let result: Awaited<ReturnType<typeof generateText>>;
    try {
      result = await withRetries(
        async () => {
          await limiter.acquire(tokens, scope.signal);
          return generateText({
            model: languageModel,
            ...(request.system === undefined ? {} : { system: request.system }),
            messages: request.messages,
            ...(tools === undefined ? {} : { tools }),
            maxOutputTokens: request.maxOutputTokens,
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
            ...(request.outputSchema === undefined ? {} : { output: jsonOutput(request.outputSchema) }),
            maxRetries: 0,
            ...(scope.signal === undefined ? {} : { abortSignal: scope.signal }),
          });
        },
        {
          policy: retryPolicy,
          timing,
          target,
          ...(scope.signal === undefined ? {} : { signal: scope.signal }),
          ...(dependencies.random === undefined ? {} : { random: dependencies.random }),
          onRetryAfter: (until) => limiter.pauseUntil(until),
          onRetry: ({ attempt, delayMs, failure }) =>
            logger.warn(
              {
                model: reference.text,
                attempt,
                delay_ms: delayMs,
                status: failure.status,
                kind: failure.kind,
              },
              'model call failed; retrying',
            ),
        },
      );
    } catch (error) {
      const failure = isOuroError(error)
        ? error
        : new OuroError('OURO_INTERNAL', { message: String(error) }, { cause: error });
      await budget.release(reservation);
      await record(reference, request, scope, 'failed', {
        id,
        errorCode: failure.code,
        latencyMs: timing.now() - started,
      });
      throw failure;
    }
    const latencyMs = timing.now() - started;
    const usage = usageOf(result.totalUsage);
    const costUsd = price === undefined ? 0 : costOfUsage(price, usage);
    await record(reference, request, scope, 'succeeded', { id, ...usage, costUsd, latencyMs });
    await budget.settle(reservation, { costUsd, tokens: usage.inputTokens + usage.outputTokens });
    logger.info(
      {
        event: LogEvent.tokensUsed,
        run_id: scope.runId,
        step_id: scope.stepId,
        model: reference.text,
        purpose: request.purpose,
        input_tokens: usage.inputTokens,
        output_tokens: usage.outputTokens,
        cached_input_tokens: usage.cachedInputTokens,
        tokens: usage.inputTokens + usage.outputTokens,
        cost_usd: costUsd,
        price_known: price !== undefined,
        latency_ms: latencyMs,
      },
      'model call finished',
    );
    return {
      reference,
      text: result.text,
      toolCalls: result.toolCalls.map((toolCall) => ({
        id: toolCall.toolCallId,
        name: toolCall.toolName,
        input: toolCall.input as unknown,
      })),
      finishReason: result.finishReason,
      usage,
      costUsd,
      latencyMs,
      responseMessages: result.response.messages,
      callId: id,
    };
  }

  async function recordExternalUsage(
    entry: ExternalUsageEntry,
    scope: ModelCallScope,
  ): Promise<ExternalUsageResult> {
    const reference: ModelReference = {
      provider: entry.provider,
      model: entry.model,
      text: `${entry.provider}:${entry.model}`,
    };
    const price = entry.costUsd === undefined ? priceOf(reference, config) : undefined;
    const costUsd = entry.costUsd ?? (price === undefined ? 0 : costOfUsage(price, entry.usage));
    const priceKnown = entry.costUsd !== undefined || price !== undefined;
    const tokens = entry.usage.inputTokens + entry.usage.outputTokens;
    const id = newModelCallId(timing.now());
    // Ledger first: it is the money trail, and must hold the row even if charging the budget fails.
    await ledger.record({
      id,
      runId: scope.runId ?? null,
      stepId: scope.stepId ?? null,
      taskId: scope.taskId ?? null,
      provider: entry.provider,
      model: entry.model,
      purpose: entry.purpose,
      ...entry.usage,
      costUsd,
      latencyMs: entry.latencyMs,
      outcome: entry.outcome,
      errorCode: entry.errorCode ?? null,
      createdAt: timing.now(),
    });
    const { exceeded } = await budget.charge({ scope, costUsd, tokens });
    logger.info(
      {
        event: LogEvent.tokensUsed,
        run_id: scope.runId,
        step_id: scope.stepId,
        model: reference.text,
        purpose: entry.purpose,
        input_tokens: entry.usage.inputTokens,
        output_tokens: entry.usage.outputTokens,
        cached_input_tokens: entry.usage.cachedInputTokens,
        tokens,
        cost_usd: costUsd,
        price_known: priceKnown,
        latency_ms: entry.latencyMs,
        external: true,
      },
      'external model usage recorded',
    );
    return { callId: id, costUsd, priceKnown, ...(exceeded === undefined ? {} : { overBudget: exceeded }) };
  }

  return {
    call,
    recordExternalUsage,
    budgetExhausted: (scope) => budget.exhausted(scope),
    async estimate(request) {
      const { reference, tokens, costUsd, price } = await estimateFor(request);
      return { reference, tokens, costUsd, priceKnown: price !== undefined };
    },
    availability(model) {
      try {
        const reference = resolveModelReference(model, config, env);
        const problem = providers.keyProblem(reference);
        if (problem === undefined) return { available: true };
        return { available: false, reason: problem.message, remedy: problem.remedy };
      } catch (error) {
        if (!isOuroError(error)) throw error;
        return { available: false, reason: error.message, remedy: error.remedy };
      }
    },
  };
}
