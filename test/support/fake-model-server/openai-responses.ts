/**
 * OpenAI Responses API (`POST /v1/responses`), the only API Codex CLI speaks: the `response`
 * object with `message` and `function_call` output items, and the SSE sequence (response.created,
 * response.in_progress, response.output_item.added, response.content_part.added,
 * response.output_text.delta/done, response.content_part.done, response.function_call_arguments
 * .delta/done, response.output_item.done, response.completed with usage), every event named in an
 * `event:` line and numbered by `sequence_number` as the real API does.
 */
import { z } from 'zod';
import { openaiErrorBody } from './openai-error.js';
import type { CompletedReply, ScriptedUsage } from './scripted-reply.js';
import { chunkText, type ServerSentEvent } from './sse.js';
import { bearerToken, type RenderContext, type WireFormat } from './wire-format.js';

function responsesUsage(usage: ScriptedUsage): unknown {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** Output items with ids assigned once, so the stream and the final response agree. */
function outputItems(reply: CompletedReply, context: RenderContext): Array<Record<string, unknown>> {
  const completed: Array<Record<string, unknown>> = [];
  if (reply.text !== '' || reply.toolCalls.length === 0) {
    completed.push({
      id: context.nextId('msg_'),
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: reply.text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of reply.toolCalls) {
    completed.push({
      id: context.nextId('fc_'),
      type: 'function_call',
      status: 'completed',
      arguments: JSON.stringify(call.input ?? {}),
      call_id: call.id,
      name: call.name,
    });
  }
  return completed;
}

function responseObject(
  id: string,
  context: RenderContext,
  status: 'in_progress' | 'completed',
  output: unknown[],
  usage: unknown,
): Record<string, unknown> {
  const request = context.requestBody;
  return {
    id,
    object: 'response',
    created_at: context.createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: context.model,
    output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: { format: { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  };
}

function renderJson(reply: CompletedReply, context: RenderContext): unknown {
  const completed = outputItems(reply, context);
  return responseObject(
    context.nextId('resp_'),
    context,
    'completed',
    completed,
    responsesUsage(reply.usage),
  );
}

function renderEvents(reply: CompletedReply, context: RenderContext): ServerSentEvent[] {
  const responseId = context.nextId('resp_');
  const completed = outputItems(reply, context);
  const events: ServerSentEvent[] = [];
  const emit = (data: { type: string } & Record<string, unknown>): void => {
    events.push({ event: data.type, data: { ...data, sequence_number: events.length } });
  };
  const started = responseObject(responseId, context, 'in_progress', [], null);
  emit({ type: 'response.created', response: started });
  emit({ type: 'response.in_progress', response: started });

  completed.forEach((item, output_index) => {
    const item_id = item.id as string;
    if (item.type === 'message') {
      const text = reply.text;
      emit({
        type: 'response.output_item.added',
        output_index,
        item: { ...item, status: 'in_progress', content: [] },
      });
      const emptyPart = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      emit({ type: 'response.content_part.added', item_id, output_index, content_index: 0, part: emptyPart });
      for (const delta of chunkText(text)) {
        emit({
          type: 'response.output_text.delta',
          item_id,
          output_index,
          content_index: 0,
          delta,
          logprobs: [],
        });
      }
      emit({
        type: 'response.output_text.done',
        item_id,
        output_index,
        content_index: 0,
        text,
        logprobs: [],
      });
      emit({
        type: 'response.content_part.done',
        item_id,
        output_index,
        content_index: 0,
        part: { ...emptyPart, text },
      });
    } else {
      const argumentsText = item.arguments as string;
      emit({
        type: 'response.output_item.added',
        output_index,
        item: { ...item, status: 'in_progress', arguments: '' },
      });
      for (const delta of chunkText(argumentsText)) {
        emit({ type: 'response.function_call_arguments.delta', item_id, output_index, delta });
      }
      emit({
        type: 'response.function_call_arguments.done',
        item_id,
        output_index,
        name: item.name,
        arguments: argumentsText,
      });
    }
    emit({ type: 'response.output_item.done', output_index, item });
  });

  emit({
    type: 'response.completed',
    response: responseObject(responseId, context, 'completed', completed, responsesUsage(reply.usage)),
  });
  return events;
}

export const openaiResponses: WireFormat = {
  api: 'openai-responses',
  requestSchema: z.looseObject({
    model: z.string(),
    input: z.union([z.string(), z.array(z.unknown())]),
    stream: z.boolean().nullish(),
  }),
  requestIdHeader: 'x-request-id',
  hasApiKey: (headers, apiKey) => bearerToken(headers) === apiKey,
  errorBody: openaiErrorBody,
  toolCallId: (nextId) => nextId('call_'),
  renderJson,
  renderEvents,
};
