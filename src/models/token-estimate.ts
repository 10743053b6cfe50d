/**
 * Estimates the prompt tokens of a request before it is sent, for budget reservation and the token
 * rate limit. Uses the o200k_base tokenizer (OpenAI's current one; Anthropic and Gemini tokenizers are
 * not public, so it is an estimate for them) and falls back to four characters per token if the
 * tokenizer cannot load; the counter is the process-wide one of context/token-counter.ts, so the rank
 * table is built once for the gateway and the context builder. The result is padded because a
 * reservation that is too small lets a budget overshoot, while one that is too large only delays the
 * next call until settlement.
 */
import { tokenCounter } from './context/token-counter.js';
import type { ModelCallRequest } from './types.js';

/** Role markers and message framing the provider adds per message. */
const tokensPerMessage = 4;
/** Safety margin for tokenizers that count more tokens than o200k_base (Claude's does). */
const margin = 1.15;

/** Tokens of a text: o200k_base, or characters / 4 when the tokenizer is unavailable. */
export async function countTokens(text: string): Promise<number> {
  return (await tokenCounter()).count(text);
}

/** Everything of a request that the provider will count as input, flattened to text. */
export function promptText(request: ModelCallRequest): { text: string; messages: number } {
  const parts: string[] = [];
  if (request.system !== undefined) parts.push(request.system);
  for (const message of request.messages) {
    const content: unknown = message.content;
    if (typeof content === 'string') {
      parts.push(content);
      continue;
    }
    for (const part of content as unknown[]) {
      if (typeof part !== 'object' || part === null) continue;
      const record = part as Record<string, unknown>;
      if (typeof record.text === 'string') parts.push(record.text);
      else if (record.type === 'image' || record.type === 'file')
        parts.push('x'.repeat(6000)); // ~1.5k tokens per image
      else parts.push(JSON.stringify(record.input ?? record.output ?? record));
    }
  }
  for (const [name, definition] of Object.entries(request.tools ?? {})) {
    parts.push(name, definition.description, JSON.stringify(definition.inputSchema));
  }
  if (request.outputSchema !== undefined) parts.push(JSON.stringify(request.outputSchema));
  return {
    text: parts.join('\n'),
    messages: request.messages.length + (request.system === undefined ? 0 : 1),
  };
}

/** Estimated prompt tokens of a request (padded; see the module header). */
export async function estimatePromptTokens(request: ModelCallRequest): Promise<number> {
  const { text, messages } = promptText(request);
  const counted = await countTokens(text);
  return Math.ceil((counted + messages * tokensPerMessage) * margin);
}
