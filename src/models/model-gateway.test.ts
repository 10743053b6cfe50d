import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../../test/support/fake-model-server/index.js';
import { ouroConfigSchema, type OuroConfigInput } from '../config/index.js';
import { OuroError } from '../errors/index.js';
import { silentLogger } from '../observability/silent-logger.js';
import { createModelGateway } from './model-gateway.js';
import { InMemoryBudget, InMemoryLedger } from './test-support/in-memory-accounting.js';
import { ManualTiming } from './test-support/manual-timing.js';
import type { ModelCallRequest } from './types.js';

let server: FakeModelServer;
let directory: string;

beforeEach(async () => {
  server = await startFakeModelServer({ requireApiKey: 'test-key' });
  directory = mkdtempSync(path.join(tmpdir(), 'ouro-gateway-'));
});

afterEach(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

function setup(options: { config?: OuroConfigInput; env?: NodeJS.ProcessEnv; budgetUsd?: number } = {}) {
  const ledger = new InMemoryLedger();
  const budget = new InMemoryBudget(options.budgetUsd);
  const timing = new ManualTiming();
  const gateway = createModelGateway({
    config: ouroConfigSchema.parse(options.config ?? {}),
    env: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server.url, ...options.env },
    ledger,
    budget,
    logger: silentLogger,
    now: timing.now,
    sleep: timing.sleep,
    random: () => 0.5,
    cwd: directory,
  });
  return { gateway, ledger, budget, timing };
}

const hello: ModelCallRequest = {
  model: 'anthropic:claude-sonnet-4-5',
  system: 'Be brief.',
  messages: [{ role: 'user', content: 'Say hello.' }],
  maxOutputTokens: 1000,
  purpose: 'test.hello',
};

function errorOf(promise: Promise<unknown>): Promise<OuroError> {
  return promise.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(OuroError);
      return error as OuroError;
    },
  );
}

describe('model gateway over a real HTTP server', () => {
  it('calls Anthropic with the key and model, records the ledger row and settles the budget', async () => {
    const { gateway, ledger, budget } = setup();
    server.script([
      { text: 'Hello!', usage: { inputTokens: 1200, outputTokens: 30, cachedInputTokens: 1000 } },
    ]);
    const result = await gateway.call(hello, { runId: 'run_1', stepId: 'greet' });
    server.assertDone();
    expect(result.text).toBe('Hello!');
    expect(result.usage).toEqual({
      inputTokens: 1200,
      outputTokens: 30,
      cachedInputTokens: 1000,
      cacheWriteTokens: 0,
    });
    // 200 uncached × $3 + 1000 reads × $0.30 + 30 out × $15, per million.
    expect(result.costUsd).toBeCloseTo((200 * 3 + 1000 * 0.3 + 30 * 15) / 1e6, 12);
    const request = server.requests[0];
    expect(request?.headers['x-api-key']).toBe('test-key');
    expect(request?.body.model).toBe('claude-sonnet-4-5');
    expect(request?.body.max_tokens).toBe(1000);
    expect(ledger.calls).toHaveLength(1);
    expect(ledger.calls[0]).toMatchObject({
      id: result.callId,
      runId: 'run_1',
      stepId: 'greet',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      purpose: 'test.hello',
      outcome: 'succeeded',
      inputTokens: 1200,
      cachedInputTokens: 1000,
    });
    expect(budget.entries).toEqual([
      { id: 'res_1', costUsd: result.costUsd, tokens: 1230, state: 'settled' },
    ]);
  });

  it('calls OpenAI with the bearer key from OPENAI_API_KEY and OPENAI_BASE_URL', async () => {
    const { gateway } = setup({ env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.openaiBaseUrl } });
    server.script([{ text: 'hi from openai' }]);
    const result = await gateway.call({ ...hello, model: 'openai:gpt-5.1' }, {});
    server.assertDone();
    expect(result.text).toBe('hi from openai');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer test-key');
    expect(server.requests[0]?.body.model).toBe('gpt-5.1');
  });

  it('reaches a compatible server through config base_url and api_key_env, and returns tool calls', async () => {
    const { gateway } = setup({
      config: {
        models: {
          providers: { box: { base_url: server.openaiBaseUrl, api_key_env: 'BOX_KEY' } },
          prices: { 'box:coder': { input: 1, output: 2 } },
        },
      },
      env: { BOX_KEY: 'test-key' },
    });
    server.script([{ toolCalls: [{ name: 'read_file', input: { path: 'a.ts' }, id: 'call_1' }] }]);
    const result = await gateway.call(
      {
        ...hello,
        model: 'compatible:box/coder',
        tools: {
          read_file: {
            description: 'Read a file',
            inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
          },
        },
      },
      {},
    );
    server.assertDone();
    expect(server.requests[0]?.path).toBe('/v1/chat/completions');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer test-key');
    expect(server.requests[0]?.body.model).toBe('coder');
    expect(result.toolCalls).toEqual([{ id: 'call_1', name: 'read_file', input: { path: 'a.ts' } }]);
    expect(result.finishReason).toBe('tool-calls');
  });

  it('asks for structured output and leaves validation to the caller', async () => {
    const { gateway } = setup();
    server.script([{ text: '{"verdict":"ok"}' }]);
    const schema = { type: 'object', properties: { verdict: { type: 'string' } }, required: ['verdict'] };
    const result = await gateway.call({ ...hello, outputSchema: schema }, {});
    expect(JSON.parse(result.text)).toEqual({ verdict: 'ok' });
    expect(JSON.stringify(server.requests[0]?.body)).toContain('verdict');
  });

  it('names the missing key variable', async () => {
    const { gateway } = setup({ env: { ANTHROPIC_API_KEY: '' } });
    const error = await errorOf(gateway.call(hello, {}));
    expect(error.code).toBe('OURO_MODEL_KEY_MISSING');
    expect(error.message).toContain('ANTHROPIC_API_KEY');
    expect(gateway.availability()).toMatchObject({ available: false });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an unpriced model when a budget applies, and records the refusal', async () => {
    const { gateway, ledger } = setup({
      env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.openaiBaseUrl },
    });
    const error = await errorOf(gateway.call({ ...hello, model: 'openai:gpt-imaginary' }, {}));
    expect(error.code).toBe('OURO_MODEL_PRICE_UNKNOWN');
    expect(error.remedy).toContain('models.prices."openai:gpt-imaginary"');
    expect(ledger.calls).toMatchObject([{ outcome: 'refused', errorCode: 'OURO_MODEL_PRICE_UNKNOWN' }]);
    expect(server.requests).toHaveLength(0);
  });

  it('calls an unpriced model when no budget applies at all', async () => {
    const { gateway } = setup({
      config: { safety: { cost_limits: { daily_limit: 0, monthly_limit: 0 } } },
      env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.openaiBaseUrl },
    });
    server.script([{ text: 'free' }]);
    const result = await gateway.call({ ...hello, model: 'openai:gpt-imaginary' }, {});
    expect(result.costUsd).toBe(0);
  });

  it('records a budget refusal without calling the provider', async () => {
    const { gateway, ledger } = setup({ budgetUsd: 0.000001 });
    const error = await errorOf(gateway.call(hello, { runId: 'run_2' }));
    expect(error.code).toBe('OURO_BUDGET_EXCEEDED');
    expect(ledger.calls).toMatchObject([
      { outcome: 'refused', errorCode: 'OURO_BUDGET_EXCEEDED', runId: 'run_2' },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('retries a 429 after its Retry-After, then succeeds with one ledger row', async () => {
    const { gateway, ledger, budget, timing } = setup();
    server.script([
      { error: { status: 429, headers: { 'retry-after': '7' } } },
      { text: 'second time lucky' },
    ]);
    const result = await gateway.call(hello, {});
    server.assertDone();
    expect(result.text).toBe('second time lucky');
    expect(server.requests).toHaveLength(2);
    expect(timing.sleeps).toEqual([7000]);
    expect(ledger.calls.map((call) => call.outcome)).toEqual(['succeeded']);
    expect(budget.entries.map((entry) => entry.state)).toEqual(['settled']);
  });

  it('backs off with jitter on a 500 and gives up after max_attempts', async () => {
    const { gateway, ledger, budget, timing } = setup({
      config: { models: { retry: { max_attempts: 3, initial_delay_ms: 1000 } } },
    });
    server.script([{ error: { status: 500 } }, { error: { status: 503 } }, { error: { status: 529 } }]);
    const error = await errorOf(gateway.call(hello, {}));
    server.assertDone();
    expect(error.code).toBe('OURO_MODEL_PROVIDER_ERROR');
    expect(error.retryable).toBe(true);
    // random() = 0.5 → half of 1000 and of 2000.
    expect(timing.sleeps).toEqual([500, 1000]);
    expect(ledger.calls).toMatchObject([{ outcome: 'failed', errorCode: 'OURO_MODEL_PROVIDER_ERROR' }]);
    expect(budget.entries.map((entry) => entry.state)).toEqual(['released']);
  });

  it('does not retry a 400', async () => {
    const { gateway, ledger, budget, timing } = setup();
    server.script([{ error: { status: 400 } }]);
    const error = await errorOf(gateway.call(hello, {}));
    server.assertDone();
    expect(error.code).toBe('OURO_MODEL_REQUEST_REJECTED');
    expect(error.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(timing.sleeps).toEqual([]);
    expect(ledger.calls).toMatchObject([{ outcome: 'failed', errorCode: 'OURO_MODEL_REQUEST_REJECTED' }]);
    expect(budget.entries.map((entry) => entry.state)).toEqual(['released']);
  });

  it('maps a refused key to OURO_MODEL_KEY_REJECTED naming the variable', async () => {
    const { gateway } = setup({ env: { ANTHROPIC_API_KEY: 'wrong-key' } });
    const error = await errorOf(gateway.call(hello, {}));
    expect(error.code).toBe('OURO_MODEL_KEY_REJECTED');
    expect(error.remedy).toContain('ANTHROPIC_API_KEY');
  });

  it('maps an unreachable server to a retryable OURO_MODEL_NETWORK after the retries', async () => {
    const closed = await startFakeModelServer();
    await closed.close();
    const { gateway, timing } = setup({
      env: { ANTHROPIC_BASE_URL: closed.url },
      config: { models: { retry: { max_attempts: 2 } } },
    });
    const error = await errorOf(gateway.call(hello, {}));
    expect(error.code).toBe('OURO_MODEL_NETWORK');
    expect(error.retryable).toBe(true);
    expect(error.remedy).toContain(closed.url);
    expect(timing.sleeps).toHaveLength(1);
  });

  it('records a cassette, then replays it with the server closed', async () => {
    const file = path.join(directory, 'cassettes', 'hello.json');
    const recorder = setup({ env: { OURO_MODEL_CASSETTE: file, OURO_MODEL_CASSETTE_MODE: 'record' } });
    server.script([{ text: 'recorded answer', usage: { inputTokens: 50, outputTokens: 5 } }]);
    const recorded = await recorder.gateway.call(hello, {});
    const cassetteText = readFileSync(file, 'utf8');
    expect(cassetteText).not.toContain('test-key');
    await server.close();

    const player = setup({ env: { OURO_MODEL_CASSETTE: file, OURO_MODEL_CASSETTE_MODE: 'replay' } });
    const replayed = await player.gateway.call(hello, {});
    const comparable = (result: typeof recorded) => ({ ...result, callId: undefined, latencyMs: undefined });
    expect(comparable(replayed)).toEqual(comparable(recorded));

    const error = await errorOf(
      player.gateway.call({ ...hello, messages: [{ role: 'user', content: 'Say goodbye.' }] }, {}),
    );
    expect(error.code).toBe('OURO_MODEL_CASSETTE_MISS');
    expect(error.message).toContain('POST /v1/messages');
    expect(error.message).toContain('"Say hello."');
    expect(error.message).toContain('"Say goodbye."');
    expect(player.ledger.calls.map((call) => call.outcome)).toEqual(['succeeded', 'failed']);
  });

  it('reports estimates and availability', async () => {
    const { gateway } = setup();
    const estimate = await gateway.estimate(hello);
    expect(estimate.reference.text).toBe('anthropic:claude-sonnet-4-5');
    expect(estimate.tokens).toBeGreaterThan(1000);
    expect(estimate.priceKnown).toBe(true);
    expect(estimate.costUsd).toBeGreaterThan((1000 * 15) / 1e6);
    expect(gateway.availability()).toEqual({ available: true });
    expect(gateway.availability('nonsense')).toMatchObject({ available: false });
  });
});

describe('model gateway: usage spent outside it', () => {
  const usage = { inputTokens: 1200, outputTokens: 30, cachedInputTokens: 1000, cacheWriteTokens: 0 };

  it('records the reported cost in the ledger and charges it to the budget', async () => {
    const { gateway, ledger, budget } = setup();
    const result = await gateway.recordExternalUsage(
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        purpose: 'agent.claude_code',
        usage,
        costUsd: 0.25,
        latencyMs: 4000,
        outcome: 'succeeded',
      },
      { runId: 'run_1', stepId: 'fix', taskId: 'task_1' },
    );
    expect(result).toEqual({
      callId: expect.stringMatching(/^mc_/) as unknown,
      costUsd: 0.25,
      priceKnown: true,
    });
    expect(server.requests).toHaveLength(0);
    expect(ledger.calls).toEqual([
      expect.objectContaining({
        id: result.callId,
        runId: 'run_1',
        stepId: 'fix',
        taskId: 'task_1',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        purpose: 'agent.claude_code',
        ...usage,
        costUsd: 0.25,
        latencyMs: 4000,
        outcome: 'succeeded',
        errorCode: null,
      }),
    ]);
    expect(budget.entries).toEqual([{ id: 'chg_1', costUsd: 0.25, tokens: 1230, state: 'charged' }]);
  });

  it('prices unreported usage with the price table, and records 0 flagged when no price is known', async () => {
    const { gateway, ledger } = setup();
    const entry = {
      provider: 'anthropic',
      model: 'claude-sonnet-4-5-20250929',
      purpose: 'agent.codex',
      usage,
      costUsd: undefined,
      latencyMs: 10,
      outcome: 'failed' as const,
      errorCode: 'OURO_AGENT_TIMEOUT',
    };
    const priced = await gateway.recordExternalUsage(entry, {});
    expect(priced.priceKnown).toBe(true);
    expect(priced.costUsd).toBeCloseTo((200 * 3 + 1000 * 0.3 + 30 * 15) / 1e6, 12);
    const unknown = await gateway.recordExternalUsage({ ...entry, provider: 'mystery', model: 'm1' }, {});
    expect(unknown).toMatchObject({ costUsd: 0, priceKnown: false });
    expect(ledger.calls.map((call) => [call.outcome, call.errorCode, call.costUsd])).toEqual([
      ['failed', 'OURO_AGENT_TIMEOUT', priced.costUsd],
      ['failed', 'OURO_AGENT_TIMEOUT', 0],
    ]);
  });

  it('charges past the limit without refusing, reports the level, and then reports no room', async () => {
    const { gateway, budget } = setup({ budgetUsd: 1 });
    expect(await gateway.budgetExhausted({ runId: 'run_1' })).toBeUndefined();
    const entry = {
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      purpose: 'agent.claude_code',
      usage,
      costUsd: 0.7,
      latencyMs: 1,
      outcome: 'succeeded' as const,
    };
    expect((await gateway.recordExternalUsage(entry, { runId: 'run_1' })).overBudget).toBeUndefined();
    const over = await gateway.recordExternalUsage(entry, { runId: 'run_1' });
    expect(over.overBudget?.level).toBe('run');
    expect(over.overBudget?.error.code).toBe('OURO_BUDGET_EXCEEDED');
    expect(budget.spentUsd()).toBeCloseTo(1.4, 9);
    expect((await gateway.budgetExhausted({ runId: 'run_1' }))?.code).toBe('OURO_BUDGET_EXCEEDED');
    // A gateway call is now refused before reaching the provider.
    expect((await errorOf(gateway.call(hello, { runId: 'run_1' }))).code).toBe('OURO_BUDGET_EXCEEDED');
    expect(server.requests).toHaveLength(0);
  });
});
