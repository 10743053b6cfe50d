/**
 * The raw wire: event names and order, usage fields and cache splits exactly as each provider sends
 * them, checked with plain fetch so a shape the SDKs happen to tolerate but a CLI would not
 * (Claude Code, Codex) is still caught. Cache usage is also checked through the SDKs.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire payloads are checked by assertions, not types
type WirePayload = Record<string, any>;

interface ParsedEvent {
  event: string | undefined;
  data: string;
}

function parseServerSentEvents(text: string): ParsedEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length);
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice('data: '.length))
        .join('\n');
      return { event, data };
    });
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const usage = { inputTokens: 1000, outputTokens: 20, cachedInputTokens: 600, cacheWriteTokens: 100 };

let server: FakeModelServer;
beforeEach(async () => {
  server = await startFakeModelServer();
});
afterEach(async () => {
  await server.close();
});

describe('Anthropic Messages wire', () => {
  const request = {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'hi' }],
  };

  it('sends a JSON message with text, tool_use, stop_reason and split cache usage', async () => {
    server.script([
      { text: 'Let me look.', toolCalls: [{ name: 'read_file', input: { path: 'a.ts' } }], usage },
    ]);
    const response = await post(`${server.url}/v1/messages`, request);
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const message = (await response.json()) as Record<string, unknown>;

    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      stop_reason: 'tool_use',
      stop_sequence: null,
      content: [
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', name: 'read_file', input: { path: 'a.ts' } },
      ],
      usage: {
        input_tokens: 300,
        output_tokens: 20,
        cache_read_input_tokens: 600,
        cache_creation_input_tokens: 100,
      },
    });
    expect((message.content as Array<{ id?: string }>)[1]?.id).toMatch(/^toolu_/);
    server.assertDone();
  });

  it('streams the real event sequence with input_json_delta for tool input', async () => {
    server.script([
      { text: 'Reading.', toolCalls: [{ name: 'read_file', input: { path: 'src/a-long-path.ts' } }], usage },
    ]);
    const response = await post(`${server.url}/v1/messages`, { ...request, stream: true });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = parseServerSentEvents(await response.text());
    const types = events.map((event) => event.event);

    expect(types[0]).toBe('message_start');
    expect(types).toContain('ping');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    for (const event of events) expect((JSON.parse(event.data) as { type: string }).type).toBe(event.event);

    const data = events.map((event) => JSON.parse(event.data) as WirePayload);
    expect(data[0]?.message.usage).toMatchObject({ input_tokens: 300, cache_read_input_tokens: 600 });
    const toolStart = data.find((event) => event.type === 'content_block_start' && event.index === 1);
    expect(toolStart?.content_block).toMatchObject({ type: 'tool_use', name: 'read_file', input: {} });
    const partialJson = data
      .filter((event) => event.type === 'content_block_delta' && event.index === 1)
      .map((event) => {
        expect(event.delta.type).toBe('input_json_delta');
        return event.delta.partial_json as string;
      });
    expect(partialJson.length).toBeGreaterThan(1);
    expect(JSON.parse(partialJson.join(''))).toEqual({ path: 'src/a-long-path.ts' });
    const messageDelta = data.find((event) => event.type === 'message_delta');
    expect(messageDelta).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 20 } });
    server.assertDone();
  });

  it('reports cache reads and writes to the SDK', async () => {
    server.script([{ text: 'cached', usage }]);
    const model = createAnthropic({ baseURL: server.anthropicBaseUrl, apiKey: 'key' })('claude-sonnet-4-5');
    const result = await generateText({ model, prompt: 'hi', maxRetries: 0 });

    expect(result.usage.inputTokens).toBe(1000);
    expect(result.usage.inputTokenDetails).toEqual({
      noCacheTokens: 300,
      cacheReadTokens: 600,
      cacheWriteTokens: 100,
    });
    server.assertDone();
  });

  it('counts tokens without consuming a scripted reply', async () => {
    const response = await post(`${server.url}/v1/messages/count_tokens`, {
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'x'.repeat(400) }],
    });
    const body = (await response.json()) as { input_tokens: number };
    expect(body.input_tokens).toBeGreaterThanOrEqual(100);
    expect(server.requests[0]?.path).toBe('/v1/messages/count_tokens');
    server.assertDone();
  });
});

describe('OpenAI Chat Completions wire', () => {
  const request = { model: 'gpt-5.1', messages: [{ role: 'user', content: 'hi' }] };

  it('sends a chat.completion with tool_calls, null content and cached prompt tokens', async () => {
    server.script([{ toolCalls: [{ name: 'list_files', input: { glob: '*.ts' } }], usage }]);
    const response = await post(`${server.url}/v1/chat/completions`, request);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const body = (await response.json()) as WirePayload;

    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-5.1',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { type: 'function', function: { name: 'list_files', arguments: '{"glob":"*.ts"}' } },
            ],
          },
        },
      ],
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 20,
        total_tokens: 1020,
        prompt_tokens_details: { cached_tokens: 600 },
      },
    });
    expect(body.choices[0].message.tool_calls[0].id).toMatch(/^call_/);
    server.assertDone();
  });

  it('streams deltas, a usage chunk only when include_usage is set, then [DONE]', async () => {
    server.script([
      {
        text: 'Hello there, streaming world.',
        toolCalls: [{ name: 'list_files', input: { glob: '**/*.test.ts' } }],
        usage,
      },
      { text: 'no usage' },
    ]);
    const withUsage = parseServerSentEvents(
      await (
        await post(`${server.url}/v1/chat/completions`, {
          ...request,
          stream: true,
          stream_options: { include_usage: true },
        })
      ).text(),
    );
    expect(withUsage.every((event) => event.event === undefined)).toBe(true);
    expect(withUsage.at(-1)?.data).toBe('[DONE]');
    const chunks = withUsage.slice(0, -1).map((event) => JSON.parse(event.data) as WirePayload);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0]?.choices[0].delta.role).toBe('assistant');
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage).toMatchObject({ prompt_tokens: 1000, completion_tokens: 20 });
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('tool_calls');
    const text = chunks.map((chunk) => String(chunk.choices[0]?.delta.content ?? '')).join('');
    expect(text).toBe('Hello there, streaming world.');
    const toolDeltas = chunks.flatMap((chunk) => (chunk.choices[0]?.delta.tool_calls ?? []) as WirePayload[]);
    expect(toolDeltas[0]).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'list_files', arguments: '' },
    });
    const argumentsText = toolDeltas.map((delta) => String(delta.function.arguments)).join('');
    expect(JSON.parse(argumentsText)).toEqual({ glob: '**/*.test.ts' });

    const withoutUsage = parseServerSentEvents(
      await (await post(`${server.url}/v1/chat/completions`, { ...request, stream: true })).text(),
    );
    const plainChunks = withoutUsage
      .slice(0, -1)
      .map((event) => JSON.parse(event.data) as Record<string, unknown>);
    expect(plainChunks.some((chunk) => 'usage' in chunk)).toBe(false);
    server.assertDone();
  });

  it('reports cached prompt tokens to the SDK', async () => {
    server.script([{ text: 'cached', usage }]);
    const model = createOpenAI({ baseURL: server.openaiBaseUrl, apiKey: 'key' }).chat('gpt-5.1');
    const result = await generateText({ model, prompt: 'hi', maxRetries: 0 });
    expect(result.usage.inputTokens).toBe(1000);
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(600);
    server.assertDone();
  });
});

describe('OpenAI Responses wire', () => {
  const request = {
    model: 'gpt-5.1-codex',
    instructions: 'Be brief.',
    input: [{ role: 'user', content: 'hi' }],
  };

  it('sends a response object with message and function_call items', async () => {
    server.script([
      {
        text: 'Running it.',
        toolCalls: [{ name: 'shell', input: { command: ['ls'] }, id: 'call_1' }],
        usage,
      },
    ]);
    const body = (await (await post(`${server.url}/v1/responses`, request)).json()) as WirePayload;

    expect(body).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'gpt-5.1-codex',
      instructions: 'Be brief.',
      output: [
        {
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Running it.' }],
        },
        {
          type: 'function_call',
          name: 'shell',
          call_id: 'call_1',
          arguments: '{"command":["ls"]}',
          status: 'completed',
        },
      ],
      usage: {
        input_tokens: 1000,
        input_tokens_details: { cached_tokens: 600 },
        output_tokens: 20,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 1020,
      },
    });
    expect(body.id).toMatch(/^resp_/);
    server.assertDone();
  });

  it('streams named, numbered events in the order Codex and the SDK expect', async () => {
    server.script([
      {
        text: 'Running the tests now.',
        toolCalls: [{ name: 'shell', input: { command: ['npm', 'test'] }, id: 'call_7' }],
        usage,
      },
    ]);
    const events = parseServerSentEvents(
      await (await post(`${server.url}/v1/responses`, { ...request, stream: true })).text(),
    );
    const data = events.map((event) => JSON.parse(event.data) as WirePayload);
    events.forEach((event, index) => {
      expect(data[index]?.type).toBe(event.event);
      expect(data[index]?.sequence_number).toBe(index);
    });
    const order = [...new Set(events.map((event) => event.event))];
    expect(order).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.completed',
    ]);
    expect(data[0]?.response).toMatchObject({ status: 'in_progress', output: [] });
    const text = data
      .filter((event) => event.type === 'response.output_text.delta')
      .map((event) => event.delta as string);
    expect(text.join('')).toBe('Running the tests now.');

    const itemsDone = data
      .filter((event) => event.type === 'response.output_item.done')
      .map((event) => event.item as WirePayload);
    expect(itemsDone[1]).toMatchObject({
      type: 'function_call',
      call_id: 'call_7',
      name: 'shell',
      arguments: '{"command":["npm","test"]}',
    });
    const functionItemId = itemsDone[1]?.id as string;
    const argumentDeltas = data.filter((event) => event.type === 'response.function_call_arguments.delta');
    expect(
      argumentDeltas.every((event) => event.item_id === functionItemId && event.output_index === 1),
    ).toBe(true);
    expect(argumentDeltas.map((event) => event.delta as string).join('')).toBe('{"command":["npm","test"]}');

    const completed = data.at(-1);
    expect(completed?.response).toMatchObject({
      id: data[0]?.response.id,
      status: 'completed',
      usage: { input_tokens: 1000, total_tokens: 1020 },
    });
    expect(completed?.response.output).toEqual(itemsDone);
    server.assertDone();
  });

  it('reports cached input tokens to the SDK', async () => {
    server.script([{ text: 'cached', usage }]);
    const model = createOpenAI({ baseURL: server.openaiBaseUrl, apiKey: 'key' }).responses('gpt-5.1');
    const result = await generateText({ model, prompt: 'hi', maxRetries: 0 });
    expect(result.usage.inputTokens).toBe(1000);
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(600);
    server.assertDone();
  });
});
