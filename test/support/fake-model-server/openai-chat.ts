/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`): the `chat.completion` object and the SSE
 * stream of `chat.completion.chunk`s (`choices[].delta` with content and `tool_calls` deltas, the
 * finish chunk, a final usage chunk with empty `choices` when `stream_options.include_usage` is set,
 * then `data: [DONE]`). Also what OpenAI-compatible servers (vLLM, llama.cpp, Ollama) speak.
 */
import { z } from 'zod';
import { openaiErrorBody } from './openai-error.js';
import type { CompletedReply, ScriptedUsage } from './scripted-reply.js';
import { chunkText, type ServerSentEvent } from './sse.js';
import { bearerToken, type RenderContext, type WireFormat } from './wire-format.js';

const systemFingerprint = 'fp_fake_model_server';

function chatUsage(usage: ScriptedUsage): unknown {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function finishReason(reply: CompletedReply): string {
  return reply.toolCalls.length > 0 ? 'tool_calls' : 'stop';
}

function renderJson(reply: CompletedReply, context: RenderContext): unknown {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: reply.text === '' && reply.toolCalls.length > 0 ? null : reply.text,
    refusal: null,
    annotations: [],
  };
  if (reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) },
    }));
  }
  return {
    id: context.nextId('chatcmpl-'),
    object: 'chat.completion',
    created: context.createdAt,
    model: context.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(reply) }],
    usage: chatUsage(reply.usage),
    service_tier: 'default',
    system_fingerprint: systemFingerprint,
  };
}

function includeUsage(requestBody: Record<string, unknown>): boolean {
  const options = requestBody.stream_options;
  return (
    typeof options === 'object' &&
    options !== null &&
    (options as { include_usage?: unknown }).include_usage === true
  );
}

function renderEvents(reply: CompletedReply, context: RenderContext): ServerSentEvent[] {
  const id = context.nextId('chatcmpl-');
  const withUsage = includeUsage(context.requestBody);
  const chunk = (choices: unknown[], usage: unknown = null): ServerSentEvent => ({
    data: {
      id,
      object: 'chat.completion.chunk',
      created: context.createdAt,
      model: context.model,
      system_fingerprint: systemFingerprint,
      choices,
      // The real API sends `usage: null` on every chunk but the last when usage is requested.
      ...(withUsage ? { usage } : {}),
    },
  });
  const delta = (value: Record<string, unknown>): ServerSentEvent =>
    chunk([{ index: 0, delta: value, logprobs: null, finish_reason: null }]);

  const events: ServerSentEvent[] = [delta({ role: 'assistant', content: '', refusal: null })];
  for (const content of chunkText(reply.text)) events.push(delta({ content }));
  reply.toolCalls.forEach((call, index) => {
    events.push(
      delta({
        tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
      }),
    );
    for (const argumentsChunk of chunkText(JSON.stringify(call.input ?? {}))) {
      events.push(delta({ tool_calls: [{ index, function: { arguments: argumentsChunk } }] }));
    }
  });
  events.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason(reply) }]));
  if (withUsage) events.push(chunk([], chatUsage(reply.usage)));
  events.push({ data: '[DONE]' });
  return events;
}

export const openaiChat: WireFormat = {
  api: 'openai-chat',
  requestSchema: z.looseObject({
    model: z.string(),
    messages: z.array(z.unknown()).min(1),
    stream: z.boolean().nullish(),
  }),
  requestIdHeader: 'x-request-id',
  hasApiKey: (headers, apiKey) => bearerToken(headers) === apiKey,
  errorBody: openaiErrorBody,
  toolCallId: (nextId) => nextId('call_'),
  renderJson,
  renderEvents,
};
