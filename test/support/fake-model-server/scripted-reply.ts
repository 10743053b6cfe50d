/**
 * The script a test gives the fake model server: one reply per model request, in order. A reply is
 * provider-neutral (text, tool calls, an HTTP error or a delay before another reply); each wire
 * format renders it in its own shape, so the same script drives Anthropic and OpenAI clients.
 */

/**
 * Token counts in the AI SDK's sense: `inputTokens` is the total prompt size INCLUDING cached
 * tokens (OpenAI's `prompt_tokens`; for Anthropic it is split into `input_tokens` +
 * `cache_read_input_tokens` + `cache_creation_input_tokens`). `cacheWriteTokens` exists only on
 * the Anthropic wire; OpenAI has no field for it.
 */
export interface ScriptedUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
}

export interface ScriptedToolCall {
  name: string;
  input: unknown;
  /** Defaults to a generated id in the provider's style (`toolu_…`, `call_…`). */
  id?: string;
}

export type ScriptedReply =
  | { text: string; usage?: Partial<ScriptedUsage> }
  | { toolCalls: ScriptedToolCall[]; text?: string; usage?: Partial<ScriptedUsage> }
  | { error: { status: number; body?: unknown; headers?: Record<string, string> } }
  | { delayMs: number; then: ScriptedReply };

/** A successful reply after delays are taken and usage is filled in; what the renderers draw. */
export interface CompletedReply {
  text: string;
  toolCalls: Array<{ name: string; input: unknown; id: string }>;
  usage: ScriptedUsage;
}

export interface ErrorReply {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
}
