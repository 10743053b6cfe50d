/**
 * Anthropic Messages API (`POST /v1/messages`): the JSON message and the SSE event sequence
 * (message_start, content_block_start/delta/stop for text and `tool_use` with `input_json_delta`,
 * ping, message_delta with stop_reason and usage, message_stop), and Anthropic's error shape.
 * Usage splits the scripted total input into uncached, cache-read and cache-write tokens.
 */
import { z } from 'zod';
import type { CompletedReply, ScriptedUsage } from './scripted-reply.js';
import { chunkText, type ServerSentEvent } from './sse.js';
import { bearerToken, type RenderContext, type WireFormat } from './wire-format.js';

const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

function anthropicUsage(usage: ScriptedUsage): Record<string, number> {
  return {
    input_tokens: Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens),
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cachedInputTokens,
  };
}

function stopReason(reply: CompletedReply): string {
  return reply.toolCalls.length > 0 ? 'tool_use' : 'end_turn';
}

/** The text block is left out when a tool-call reply has no text, as the real API does. */
function hasTextBlock(reply: CompletedReply): boolean {
  return reply.text !== '' || reply.toolCalls.length === 0;
}

function renderJson(reply: CompletedReply, context: RenderContext): unknown {
  const content: unknown[] = [];
  if (hasTextBlock(reply)) content.push({ type: 'text', text: reply.text });
  for (const call of reply.toolCalls)
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.input });
  return {
    id: context.nextId('msg_'),
    type: 'message',
    role: 'assistant',
    model: context.model,
    content,
    stop_reason: stopReason(reply),
    stop_sequence: null,
    usage: { ...anthropicUsage(reply.usage), output_tokens: reply.usage.outputTokens },
  };
}

function renderEvents(reply: CompletedReply, context: RenderContext): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const emit = (data: { type: string } & Record<string, unknown>): void => {
    events.push({ event: data.type, data });
  };
  emit({
    type: 'message_start',
    message: {
      id: context.nextId('msg_'),
      type: 'message',
      role: 'assistant',
      model: context.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...anthropicUsage(reply.usage), output_tokens: 1 },
    },
  });
  let index = 0;
  if (hasTextBlock(reply)) {
    emit({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    emit({ type: 'ping' });
    for (const text of chunkText(reply.text))
      emit({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
    emit({ type: 'content_block_stop', index });
    index += 1;
  }
  for (const call of reply.toolCalls) {
    emit({
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
    });
    if (index === 0) emit({ type: 'ping' });
    for (const partial_json of chunkText(JSON.stringify(call.input ?? {}))) {
      emit({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } });
    }
    emit({ type: 'content_block_stop', index });
    index += 1;
  }
  emit({
    type: 'message_delta',
    delta: { stop_reason: stopReason(reply), stop_sequence: null },
    usage: { output_tokens: reply.usage.outputTokens },
  });
  emit({ type: 'message_stop' });
  return events;
}

export const anthropicMessages: WireFormat = {
  api: 'anthropic-messages',
  requestSchema: z.looseObject({
    model: z.string(),
    max_tokens: z.number(),
    messages: z.array(z.unknown()),
    stream: z.boolean().nullish(),
  }),
  requestIdHeader: 'request-id',
  // Anthropic takes an API key in x-api-key, or an OAuth token as a bearer (ANTHROPIC_AUTH_TOKEN).
  hasApiKey: (headers, apiKey) => headers['x-api-key'] === apiKey || bearerToken(headers) === apiKey,
  errorBody: (status, message) => ({
    type: 'error',
    error: { type: errorTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'), message },
  }),
  toolCallId: (nextId) => nextId('toolu_'),
  renderJson,
  renderEvents,
};

/** `POST /v1/messages/count_tokens` takes the same prompt without `max_tokens`. */
export const anthropicCountTokensRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(z.unknown()),
});
