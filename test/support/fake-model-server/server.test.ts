/**
 * The server's own bookkeeping: assertDone, unexpected and malformed requests, the missing-reply
 * 500, API keys, model listing, scripted error bodies, default usage and closing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer, type ScriptedReply } from './index.js';

const anthropicRequest = {
  model: 'claude-sonnet-4-5',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'hi' }],
};
const chatRequest = { model: 'gpt-5.1', messages: [{ role: 'user', content: 'hi' }] };

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

let server: FakeModelServer;
beforeEach(async () => {
  server = await startFakeModelServer();
});
afterEach(async () => {
  await server.close();
});

describe('assertDone', () => {
  it('passes when every reply was consumed and nothing unexpected came', async () => {
    server.script([{ text: 'one' }]);
    server.script([{ text: 'two' }]);
    await post(`${server.url}/v1/messages`, anthropicRequest);
    await post(`${server.url}/v1/chat/completions`, chatRequest);
    expect(() => server.assertDone()).not.toThrow();
    expect(server.requests.map((request) => request.api)).toEqual(['anthropic-messages', 'openai-chat']);
  });

  it('fails while scripted replies remain', async () => {
    server.script([{ text: 'one' }, { text: 'two' }]);
    await post(`${server.url}/v1/messages`, anthropicRequest);
    expect(() => server.assertDone()).toThrow(/1 scripted reply was never requested/);
  });

  it('answers 500 in the provider shape when no reply is left, and fails assertDone', async () => {
    const anthropic = await post(`${server.url}/v1/messages`, anthropicRequest);
    expect(anthropic.status).toBe(500);
    expect(await anthropic.json()).toMatchObject({
      type: 'error',
      error: { type: 'api_error', message: expect.stringMatching(/no scripted reply left/) },
    });
    const openai = await post(`${server.url}/v1/responses`, { model: 'gpt-5.1', input: 'hi' });
    expect(await openai.json()).toMatchObject({
      error: { type: 'server_error', message: expect.stringMatching(/no scripted reply left/) },
    });

    expect(() => server.assertDone()).toThrow(
      /no scripted reply left for anthropic-messages request #1[\s\S]*openai-responses request #2/,
    );
  });

  it('answers 404 to an unknown path and fails assertDone', async () => {
    const response = await post(`${server.url}/v1/completions`, { model: 'x', prompt: 'hi' });
    expect(response.status).toBe(404);
    expect(() => server.assertDone()).toThrow(/unexpected request POST \/v1\/completions/);
  });

  it('answers 400 to a malformed request without consuming a reply, and fails assertDone', async () => {
    server.script([{ text: 'kept' }]);
    const missingMaxTokens = await post(`${server.url}/v1/messages`, {
      model: 'claude-sonnet-4-5',
      messages: [],
    });
    expect(missingMaxTokens.status).toBe(400);
    expect(await missingMaxTokens.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') },
    });
    const notJson = await post(`${server.url}/v1/chat/completions`, '{not json');
    expect(notJson.status).toBe(400);
    expect(server.requests[1]?.body).toBe('{not json');

    expect(() => server.assertDone()).toThrow(
      /malformed anthropic-messages request[\s\S]*malformed openai-chat request[\s\S]*1 scripted reply was never requested/,
    );
  });
});

describe('scripted replies', () => {
  it('sends a scripted error body and headers verbatim', async () => {
    server.script([
      {
        error: {
          status: 529,
          body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
          headers: { 'x-should-retry': 'true' },
        },
      },
      { error: { status: 502, body: '<html>bad gateway</html>' } },
    ]);
    const overloaded = await post(`${server.url}/v1/messages`, anthropicRequest);
    expect(overloaded.status).toBe(529);
    expect(overloaded.headers.get('x-should-retry')).toBe('true');
    expect(await overloaded.json()).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    const badGateway = await post(`${server.url}/v1/chat/completions`, chatRequest);
    expect(badGateway.status).toBe(502);
    expect(await badGateway.text()).toBe('<html>bad gateway</html>');
    server.assertDone();
  });

  it('uses defaultUsage under the scripted usage', async () => {
    const withDefaults = await startFakeModelServer({ defaultUsage: { inputTokens: 11, outputTokens: 22 } });
    try {
      withDefaults.script([{ text: 'a' }, { text: 'b', usage: { outputTokens: 5 } }]);
      const first = (await (await post(`${withDefaults.url}/v1/chat/completions`, chatRequest)).json()) as {
        usage: Record<string, number>;
      };
      expect(first.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 22 });
      const second = (await (await post(`${withDefaults.url}/v1/chat/completions`, chatRequest)).json()) as {
        usage: Record<string, number>;
      };
      expect(second.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 5 });
      withDefaults.assertDone();
    } finally {
      await withDefaults.close();
    }
  });

  it('refuses a reply that is not a scripted reply shape', () => {
    expect(() => server.script([{ txt: 'typo' } as unknown as ScriptedReply])).toThrow(
      /not a scripted reply/,
    );
    expect(() => server.script([{ error: { status: 200 } }])).toThrow(/400–599/);
    expect(() => server.script([{ delayMs: 5 } as unknown as ScriptedReply])).toThrow(/delayed reply/);
  });

  it('generates distinct tool call ids in each provider style', async () => {
    const calls = {
      toolCalls: [
        { name: 'a', input: {} },
        { name: 'b', input: {} },
      ],
    };
    server.script([calls, calls]);
    const anthropic = (await (await post(`${server.url}/v1/messages`, anthropicRequest)).json()) as {
      content: Array<{ id: string }>;
    };
    const chat = (await (await post(`${server.url}/v1/chat/completions`, chatRequest)).json()) as {
      choices: Array<{ message: { tool_calls: Array<{ id: string }> } }>;
    };
    const ids = [
      ...anthropic.content.map((block) => block.id),
      ...(chat.choices[0]?.message.tool_calls.map((call) => call.id) ?? []),
    ];
    expect(ids.slice(0, 2).every((id) => id.startsWith('toolu_'))).toBe(true);
    expect(ids.slice(2).every((id) => id.startsWith('call_'))).toBe(true);
    expect(new Set(ids).size).toBe(4);
    server.assertDone();
  });
});

describe('keys, headers and models', () => {
  it('records headers, including the API key, and the raw path with its query', async () => {
    server.script([{ text: 'ok' }]);
    await post(`${server.url}/v1/messages?beta=true`, anthropicRequest, {
      'x-api-key': 'k1',
      'anthropic-version': '2023-06-01',
    });
    expect(server.requests[0]).toMatchObject({
      api: 'anthropic-messages',
      path: '/v1/messages?beta=true',
      headers: { 'x-api-key': 'k1', 'anthropic-version': '2023-06-01' },
      body: anthropicRequest,
    });
    server.assertDone();
  });

  it('checks the key per provider convention and answers 401 in the provider shape', async () => {
    const guarded = await startFakeModelServer({ requireApiKey: 'secret' });
    try {
      const anthropic = await post(`${guarded.url}/v1/messages`, anthropicRequest, { 'x-api-key': 'wrong' });
      expect(anthropic.status).toBe(401);
      expect(await anthropic.json()).toMatchObject({
        type: 'error',
        error: { type: 'authentication_error' },
      });
      const openai = await post(`${guarded.url}/v1/chat/completions`, chatRequest, { 'x-api-key': 'secret' });
      expect(openai.status).toBe(401);
      expect(await openai.json()).toMatchObject({ error: { code: 'invalid_api_key' } });

      guarded.script([{ text: 'a' }, { text: 'b' }]);
      expect(
        (await post(`${guarded.url}/v1/messages`, anthropicRequest, { authorization: 'Bearer secret' }))
          .status,
      ).toBe(200);
      expect(
        (
          await post(
            `${guarded.url}/v1/responses`,
            { model: 'm', input: 'hi' },
            { authorization: 'Bearer secret' },
          )
        ).status,
      ).toBe(200);
      guarded.assertDone();
    } finally {
      await guarded.close();
    }
  });

  it('lists models in the Anthropic or OpenAI shape without consuming replies', async () => {
    const openai = (await (await fetch(`${server.url}/v1/models`)).json()) as {
      object: string;
      data: Array<{ id: string }>;
    };
    expect(openai.object).toBe('list');
    expect(openai.data.map((model) => model.id)).toContain('gpt-5.1');
    const anthropic = (await (
      await fetch(`${server.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } })
    ).json()) as {
      data: Array<{ type: string; id: string }>;
      has_more: boolean;
    };
    expect(anthropic.has_more).toBe(false);
    expect(anthropic.data[0]?.type).toBe('model');
    expect(server.requests).toEqual([]);
    server.assertDone();
  });
});

describe('close', () => {
  it('ends a pending slow reply and can be called twice', async () => {
    server.script([{ delayMs: 600_000, then: { text: 'never' } }]);
    const pending = post(`${server.url}/v1/chat/completions`, chatRequest).then(
      () => 'answered',
      () => 'connection closed',
    );
    await expect.poll(() => server.requests.length).toBe(1);
    await server.close();
    await server.close();
    expect(await pending).toBe('connection closed');
  });
});
