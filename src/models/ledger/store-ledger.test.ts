import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories, type StoreFactory } from '../../../test/support/database.js';
import type { Store } from '../../store/types.js';
import type { ModelCallRecord } from '../accounting-types.js';
import { createStoreLedger, summarizeModelCalls } from './store-ledger.js';

function record(id: string, overrides: Partial<ModelCallRecord>): ModelCallRecord {
  return {
    id,
    runId: 'run_1',
    stepId: '2.001',
    taskId: null,
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    purpose: 'ai_editor.turn',
    inputTokens: 100,
    outputTokens: 10,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0.1,
    latencyMs: 50,
    outcome: 'succeeded',
    errorCode: null,
    createdAt: Date.UTC(2026, 10, 22, 8),
    ...overrides,
  };
}

describe.each(storeFactories().map((factory) => [factory.name, factory] as const))(
  'store ledger (%s)',
  (_name: string, factory: StoreFactory) => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.create();
    });

    afterEach(async () => {
      await store.close();
    });

    it('records calls as given, including refused and failed ones', async () => {
      const ledger = createStoreLedger(store);
      const refused = record('mc_2', {
        outcome: 'refused',
        errorCode: 'OURO_BUDGET_EXCEEDED',
        costUsd: 0,
        inputTokens: 0,
        outputTokens: 0,
      });
      await ledger.record(record('mc_1', {}));
      await ledger.record(refused);
      expect(await store.modelCalls.list({ runId: 'run_1' })).toEqual([record('mc_1', {}), refused]);
      await expect(ledger.record(record('mc_1', {}))).rejects.toThrow();
    });

    it('sums by day, model and run with a grand total rounded to the micro-dollar', async () => {
      const ledger = createStoreLedger(store);
      const day = Date.UTC(2026, 10, 22);
      // 0.1 + 0.2 is 0.30000000000000004 in doubles; the summary must say 0.3.
      await ledger.record(record('mc_1', { createdAt: day - 1, costUsd: 0.1 }));
      await ledger.record(record('mc_2', { createdAt: day, costUsd: 0.1 }));
      await ledger.record(
        record('mc_3', { createdAt: day + 1, costUsd: 0.2, model: 'claude-haiku-4-5', runId: 'run_2' }),
      );
      await ledger.record(
        record('mc_4', { createdAt: day + 2, costUsd: 0, outcome: 'failed', errorCode: 'OURO_MODEL_X' }),
      );

      const byDay = await summarizeModelCalls(store, { groupBy: 'day' });
      expect(byDay.rows.map((row) => [row.key, row.calls, row.costUsd])).toEqual([
        ['2026-11-21', 1, 0.1],
        ['2026-11-22', 3, 0.3],
      ]);
      expect(byDay.total).toEqual({
        calls: 4,
        failedCalls: 1,
        inputTokens: 400,
        outputTokens: 40,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        costUsd: 0.4,
      });

      const byModel = await summarizeModelCalls(store, { groupBy: 'model', since: day });
      expect(byModel.rows.map((row) => [row.key, row.calls, row.costUsd])).toEqual([
        ['anthropic:claude-haiku-4-5', 1, 0.2],
        ['anthropic:claude-sonnet-4-5', 2, 0.1],
      ]);
      expect(byModel.total.costUsd).toBe(0.3);

      const byRun = await summarizeModelCalls(store, { groupBy: 'run', until: day + 2 });
      expect(byRun.rows.map((row) => [row.key, row.calls, row.failedCalls])).toEqual([
        ['run_1', 2, 0],
        ['run_2', 1, 0],
      ]);
    });
  },
);
