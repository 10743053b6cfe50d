/** `ouro status` figures from real stores: state, spend, per-provider rate use, approvals, runs. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../../test/support/database.js';
import { ouroConfigSchema } from '../config/index.js';
import type { ModelCallEntry, Store } from '../store/types.js';
import { readStatus } from './status.js';

const now = Date.parse('2026-11-22T10:00:00Z');

function modelCall(
  id: string,
  provider: string,
  createdAt: number,
  outcome: ModelCallEntry['outcome'] = 'succeeded',
): ModelCallEntry {
  return {
    id,
    runId: null,
    stepId: null,
    taskId: null,
    provider,
    model: 'm',
    purpose: 'test',
    inputTokens: 1,
    outputTokens: 1,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0,
    latencyMs: 1,
    outcome,
    errorCode: null,
    createdAt,
  };
}

async function startRun(store: Store, id: string, status: 'running' | 'paused'): Promise<void> {
  await store.runs.createRun(
    {
      id,
      workflowName: 'quality',
      workflowPath: 'q.yaml',
      workflowHash: 'a'.repeat(64),
      inputs: {},
      options: {},
    },
    now - 5000,
  );
  await store.runs.appendEvents(id, [{ type: 'run-started', payload: {} }], { run: { status } }, now - 4000);
}

describe.each(storeFactories())('readStatus ($name)', (factory) => {
  let store: Store;
  beforeEach(async () => {
    store = await factory.create();
  });
  afterEach(async () => {
    await store.close();
  });

  it('is idle with nothing recorded, with the default provider’s built-in rate limit', async () => {
    const status = await readStatus(store, ouroConfigSchema.parse({}), now);
    expect(status).toMatchObject({
      mode: 'supervised',
      state: 'idle',
      callsLastMinute: 0,
      rateLimits: [{ provider: 'anthropic', requestsPerMinute: 50, callsLastMinute: 0 }],
      pendingApprovals: 0,
      runs: { running: 0, paused: 0 },
    });
    expect(status.cost.day).toMatchObject({ usedMicroUsd: 0, limitMicroUsd: 10_000_000 });
  });

  it('counts runs, pending approvals (after expiry), spend and recent calls per provider', async () => {
    const config = ouroConfigSchema.parse({
      orchestrator: { mode: 'autonomous' },
      models: {
        default: 'local:llama',
        providers: { local: { base_url: 'http://127.0.0.1:1/v1', rate_limits: { requests_per_minute: 10 } } },
      },
    });
    await startRun(store, 'run_a', 'running');
    await startRun(store, 'run_b', 'paused');
    const approval = {
      operation: 'merge',
      subject: { description: 'PR #1' },
      risk: 'high',
      reasons: [],
      details: {},
      requestedBy: 'ouro',
      requestedAt: now - 7200_000,
      quorum: 1,
    };
    await store.approvals.create({
      ...approval,
      id: 'apr_live',
      subjectKey: 'pr:1',
      expiresAt: now + 3600_000,
    });
    await store.approvals.create({ ...approval, id: 'apr_due', subjectKey: 'pr:2', expiresAt: now - 1 });
    await store.modelCalls.record(modelCall('c1', 'local', now - 30_000));
    await store.modelCalls.record(modelCall('c2', 'local', now - 10_000));
    await store.modelCalls.record(modelCall('c3', 'local', now - 5_000, 'refused'));
    await store.modelCalls.record(modelCall('c4', 'local', now - 90_000));
    await store.modelCalls.record(modelCall('c5', 'openai', now - 1_000));

    const status = await readStatus(store, config, now);
    expect(status.mode).toBe('autonomous');
    expect(status.state).toBe('running');
    expect(status.runs).toEqual({ running: 1, paused: 1 });
    expect(status.pendingApprovals).toBe(1);
    expect((await store.approvals.get('apr_due'))?.state).toBe('expired');
    expect(status.callsLastMinute).toBe(3);
    expect(status.rateLimits).toEqual([
      { provider: 'local', requestsPerMinute: 10, callsLastMinute: 2 },
      { provider: 'openai', requestsPerMinute: 50, callsLastMinute: 1 },
    ]);

    await store.control.setPause({ paused: true, reason: 'freeze', by: 'user:alice', since: now }, now);
    expect((await readStatus(store, config, now)).state).toBe('paused');
  });
});
