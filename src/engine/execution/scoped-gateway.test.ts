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
});
