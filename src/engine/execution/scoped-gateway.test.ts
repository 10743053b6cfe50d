import { describe, expect, it } from 'vitest';
import type { ModelCallScope, ModelGateway } from '../../models/types.js';
import { scopedGateway } from './scoped-gateway.js';

describe('scopedGateway', () => {
  it("attributes calls to the run and step and keeps the run's limits over the adapter's", async () => {
    const scopes: ModelCallScope[] = [];
    const gateway: ModelGateway = {
      call: (_request, scope) => {
        scopes.push(scope);
        return Promise.reject(new Error('not needed'));
      },
      estimate: () => Promise.reject(new Error('not needed')),
      availability: () => ({ available: true }),
      recordExternalUsage: () => Promise.reject(new Error('not needed')),
      budgetExhausted: () => Promise.resolve(undefined),
    };
    const scoped = scopedGateway(gateway, {
      runId: 'run_1',
      stepId: '1.001',
      runCostUsd: 2,
      runTokens: 1000,
    });
    await scoped
      .call(
        { messages: [], maxOutputTokens: 10, purpose: 'test' },
        { runId: 'other', limits: { stepCostUsd: 0.5, runCostUsd: 99 } },
      )
      .catch(() => undefined);
    expect(scopes).toEqual([
      { runId: 'run_1', stepId: '1.001', limits: { stepCostUsd: 0.5, runCostUsd: 2, runTokens: 1000 } },
    ]);
  });

  it('scopes external usage and budget checks the same way', async () => {
    const seen: ModelCallScope[] = [];
    const gateway: ModelGateway = {
      call: () => Promise.reject(new Error('not needed')),
      estimate: () => Promise.reject(new Error('not needed')),
      availability: () => ({ available: true }),
      recordExternalUsage: (_entry, scope) => {
        seen.push(scope);
        return Promise.resolve({ callId: 'mc_1', costUsd: 0, priceKnown: true });
      },
      budgetExhausted: (scope) => {
        seen.push(scope);
        return Promise.resolve(undefined);
      },
    };
    const scoped = scopedGateway(gateway, {
      runId: 'run_1',
      stepId: 'agent',
      taskId: 'task_9',
      runCostUsd: 3,
    });
    const usage = { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0 };
    await scoped.recordExternalUsage(
      {
        provider: 'anthropic',
        model: 'm',
        purpose: 'agent.claude_code',
        usage,
        costUsd: 0,
        latencyMs: 1,
        outcome: 'succeeded',
      },
      { limits: { stepCostUsd: 1 } },
    );
    await scoped.budgetExhausted({});
    const expected = { runId: 'run_1', stepId: 'agent', taskId: 'task_9' };
    expect(seen).toEqual([
      { ...expected, limits: { stepCostUsd: 1, runCostUsd: 3 } },
      { ...expected, limits: { runCostUsd: 3 } },
    ]);
  });
});
