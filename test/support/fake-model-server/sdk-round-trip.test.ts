/**
 * Drives the fake model server with the real SDKs, for every wire format: text and tool-call round
 * trips, plain and streaming, usage arriving in the SDK's `usage`, scripted 429/500 errors surfacing
 * as APICallError, slow replies, and what the server recorded.
 */
import { APICallError, generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sdkClients } from './sdk-clients.js';
import { startFakeModelServer, type FakeModelServer } from './index.js';

const weatherTool = tool({
  description: 'Current weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: ({ city }) => Promise.resolve({ city, temperatureCelsius: 21 }),
});

/** The tool result the client sent back, found in whichever shape its API uses. */
function toolResultsIn(body: unknown): unknown[] {
  const found: unknown[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      if (record.type === 'tool_result' || record.type === 'function_call_output' || record.role === 'tool') {
        found.push(record);
      } else Object.values(record).forEach(visit);
    }
  };
  visit(body);
  return found;
}

describe.each(sdkClients)('fake model server with $name', (client) => {
  let server: FakeModelServer;
  beforeEach(async () => {
    server = await startFakeModelServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('answers a text reply with the scripted usage and records the request', async () => {
    server.script([{ text: 'Hello from the fake server.', usage: { inputTokens: 120, outputTokens: 7 } }]);
    const result = await generateText({ model: client.model(server), prompt: 'Say hello', maxRetries: 0 });

    expect(result.text).toBe('Hello from the fake server.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBe(120);
    expect(result.usage.outputTokens).toBe(7);
    expect(server.requests).toHaveLength(1);
    const [recorded] = server.requests;
    expect(recorded?.api).toBe(client.api);
    expect(recorded?.path).toBe(client.path);
    expect(JSON.stringify(recorded?.body)).toContain('Say hello');
    expect(recorded?.receivedAt).toBeGreaterThan(0);
    server.assertDone();
  });

  it('streams a text reply in several deltas with usage', async () => {
    const text = 'A streamed answer that is long enough to arrive in several deltas.';
    server.script([{ text, usage: { inputTokens: 50, outputTokens: 14 } }]);
    const result = streamText({ model: client.model(server), prompt: 'Stream please', maxRetries: 0 });

    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.join('')).toBe(text);
    expect(deltas.length).toBeGreaterThan(1);
    const usage = await result.usage;
    expect(usage.inputTokens).toBe(50);
    expect(usage.outputTokens).toBe(14);
    expect(server.requests[0]?.body.stream).toBe(true);
    server.assertDone();
  });

  it('derives plausible usage from the request when none is scripted', async () => {
    server.script([{ text: 'ok' }]);
    const result = await generateText({
      model: client.model(server),
      prompt: 'x'.repeat(400),
      maxRetries: 0,
    });

    expect(result.usage.inputTokens).toBeGreaterThanOrEqual(100);
    expect(result.usage.outputTokens).toBe(1);
    server.assertDone();
  });

  it.each([false, true])('runs a tool call round trip (streaming: %s)', async (streaming) => {
    server.script([
      { toolCalls: [{ name: 'weather', input: { city: 'Oslo' }, id: 'call_weather_1' }] },
      { text: 'It is 21 °C in Oslo.' },
    ]);
    const options = {
      model: client.model(server),
      prompt: 'What is the weather in Oslo?',
      tools: { weather: weatherTool },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    };
    const result = streaming ? streamText(options) : await generateText(options);

    expect(await result.text).toBe('It is 21 °C in Oslo.');
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0]?.finishReason).toBe('tool-calls');
    expect(steps[0]?.toolCalls).toMatchObject([
      { toolName: 'weather', toolCallId: 'call_weather_1', input: { city: 'Oslo' } },
    ]);
    expect(server.requests).toHaveLength(2);
    const firstBody = JSON.stringify(server.requests[0]?.body);
    expect(firstBody).toContain('weather');
    expect(firstBody).toContain('Current weather for a city');
    const toolResults = JSON.stringify(toolResultsIn(server.requests[1]?.body));
    expect(toolResults).toContain('call_weather_1');
    expect(toolResults).toContain('21');
    server.assertDone();
  });

  it('surfaces a scripted 429 with Retry-After as an APICallError', async () => {
    server.script([{ error: { status: 429, headers: { 'retry-after': '7' } } }]);
    const failure = await generateText({ model: client.model(server), prompt: 'hi', maxRetries: 0 }).catch(
      (error: unknown) => error,
    );

    expect(APICallError.isInstance(failure)).toBe(true);
    const error = failure as APICallError;
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(true);
    expect(error.responseHeaders?.['retry-after']).toBe('7');
    server.assertDone();
  });

  it('surfaces a scripted 500 as a retryable APICallError, then serves the next reply', async () => {
    server.script([{ error: { status: 500 } }, { text: 'recovered' }]);
    const failure = await generateText({ model: client.model(server), prompt: 'hi', maxRetries: 0 }).catch(
      (error: unknown) => error,
    );
    expect(APICallError.isInstance(failure)).toBe(true);
    expect((failure as APICallError).statusCode).toBe(500);
    expect((failure as APICallError).isRetryable).toBe(true);

    const result = await generateText({ model: client.model(server), prompt: 'again', maxRetries: 0 });
    expect(result.text).toBe('recovered');
    server.assertDone();
  });

  it('lets the SDK retry a 429 and succeed on the next reply', async () => {
    server.script([{ error: { status: 429, headers: { 'retry-after-ms': '1' } } }, { text: 'after retry' }]);
    const result = await generateText({ model: client.model(server), prompt: 'hi', maxRetries: 1 });

    expect(result.text).toBe('after retry');
    expect(server.requests).toHaveLength(2);
    server.assertDone();
  });

  it('delivers a delayed reply', async () => {
    server.script([{ delayMs: 20, then: { text: 'late but here' } }]);
    const result = await generateText({ model: client.model(server), prompt: 'hi', maxRetries: 0 });
    expect(result.text).toBe('late but here');
    server.assertDone();
  });

  it('holds a slow reply until the client gives up', async () => {
    server.script([{ delayMs: 600_000, then: { text: 'never seen' } }]);
    const controller = new AbortController();
    const pending = generateText({
      model: client.model(server),
      prompt: 'hi',
      maxRetries: 0,
      abortSignal: controller.signal,
    }).catch((error: unknown) => error);
    await expect.poll(() => server.requests.length).toBe(1);
    controller.abort();

    const failure = await pending;
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('AbortError');
    server.assertDone();
  });

  it('answers 401 in the provider error shape when the key is wrong', async () => {
    const guarded = await startFakeModelServer({ requireApiKey: 'the-right-key' });
    try {
      guarded.script([{ text: 'not for you' }]);
      const failure = await generateText({
        model: client.model(guarded, 'a-wrong-key'),
        prompt: 'hi',
        maxRetries: 0,
      }).catch((error: unknown) => error);
      expect(APICallError.isInstance(failure)).toBe(true);
      expect((failure as APICallError).statusCode).toBe(401);

      const result = await generateText({
        model: client.model(guarded, 'the-right-key'),
        prompt: 'hi',
        maxRetries: 0,
      });
      expect(result.text).toBe('not for you');
      guarded.assertDone();
    } finally {
      await guarded.close();
    }
  });
});
