/**
 * The contract of the models layer: how AI adapters call a model, and what every call records. One
 * entry point — `ModelGateway.call` — resolves the model reference, reserves the budget, waits for the
 * rate limit, calls the provider through the Vercel AI SDK (with retries), records the call in the
 * ledger and settles the budget with the real usage. AI adapters never talk to a provider directly.
 */
import type { ModelMessage } from 'ai';
import type { OuroError } from '../errors/index.js';

/** `provider:model`, e.g. `anthropic:claude-sonnet-4-5`, `openai:gpt-5.1`, `ollama:qwen2.5-coder`, `compatible:<name>/<model>`. */
export interface ModelReference {
  provider: string;
  model: string;
  /** The reference as written (after alias resolution). */
  text: string;
}

/** A tool the model may call; Ouro executes tool calls itself (the SDK is given no `execute`). */
export interface ModelToolDefinition {
  description: string;
  /** JSON Schema of the tool input. */
  inputSchema: Record<string, unknown>;
}

export interface ModelCallRequest {
  /** A model reference or an alias (`fast`, `smart`); undefined → `models.default` / OURO_MODEL. */
  model?: string | undefined;
  system?: string;
  messages: ModelMessage[];
  tools?: Record<string, ModelToolDefinition>;
  /** Upper bound of output tokens; also what the budget reserves for the output. */
  maxOutputTokens: number;
  temperature?: number;
  /** Structured output: the JSON Schema the answer must match (validated by the caller). */
  outputSchema?: Record<string, unknown>;
  /** What the call is for, recorded in the ledger (`ai_editor.turn`, `ai_analyst.code_review`). */
  purpose: string;
}

/** Where a call belongs: the ledger records it, and budgets apply at each level that is set. */
export interface ModelCallScope {
  runId?: string;
  stepId?: string;
  taskId?: string;
  /** Limits of this step and run (workflow policy / step params); day and month come from config. */
  limits?: {
    stepCostUsd?: number;
    stepTokens?: number;
    runCostUsd?: number;
    runTokens?: number;
    taskCostUsd?: number;
  };
  signal?: AbortSignal;
}

export interface ModelToolCall {
  id: string;
  name: string;
  input: unknown;
}

export interface ModelUsage {
  /** All input tokens as the provider reports them, cache reads and writes included. */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the provider's prompt cache. */
  cachedInputTokens: number;
  /** Input tokens written to the provider's prompt cache. */
  cacheWriteTokens: number;
}

export interface ModelCallResult {
  reference: ModelReference;
  text: string;
  toolCalls: ModelToolCall[];
  finishReason: string;
  usage: ModelUsage;
  costUsd: number;
  latencyMs: number;
  /** Messages to append to continue the conversation (the assistant turn, as the SDK returns it). */
  responseMessages: ModelMessage[];
  /** Ledger row id of this call. */
  callId: string;
}

/** Model usage that happened outside the gateway: a coding-agent CLI called its model itself. */
export interface ExternalUsageEntry {
  provider: string;
  model: string;
  /** Recorded in the ledger, e.g. `agent.claude_code`. */
  purpose: string;
  usage: ModelUsage;
  /** Dollars as the tool reported them; undefined → priced with the price table (0 when unknown). */
  costUsd: number | undefined;
  latencyMs: number;
  outcome: 'succeeded' | 'failed';
  /** Why it failed (OURO_AGENT_TIMEOUT, …), for the ledger row. */
  errorCode?: string;
}

export interface ExternalUsageResult {
  /** Ledger row id. */
  callId: string;
  /** What was recorded and charged. */
  costUsd: number;
  /** False when the cost was neither reported nor priced, so 0 was recorded. */
  priceKnown: boolean;
  /** The widest budget level now over its limit: the work that spent it should fail with `error`. */
  overBudget?: { level: string; error: OuroError };
}

export interface ModelGateway {
  call(request: ModelCallRequest, scope: ModelCallScope): Promise<ModelCallResult>;
  /** Tokens and cost a request would reserve (dry-run and budget admission). */
  estimate(request: ModelCallRequest): Promise<{
    reference: ModelReference;
    tokens: number;
    /** 0 when no price is known for the model (then `priceKnown` is false). */
    costUsd: number;
    priceKnown?: boolean;
  }>;
  /** Whether a default model is configured and its key present (AI steps fail with OURO_MODEL_NOT_CONFIGURED otherwise). */
  availability(model?: string): { available: boolean; reason?: string; remedy?: string };
  /**
   * Records usage that happened outside the gateway in the ledger and charges it to every budget
   * level of `scope` without refusing (the money is spent); reports a level now over its limit.
   */
  recordExternalUsage: (entry: ExternalUsageEntry, scope: ModelCallScope) => Promise<ExternalUsageResult>;
  /**
   * OURO_BUDGET_EXCEEDED naming the widest level of `scope` (step, run, task, day, month) with no
   * room left, or undefined: checked before starting work whose cost cannot be reserved up front.
   */
  budgetExhausted: (scope: ModelCallScope) => Promise<OuroError | undefined>;
}
