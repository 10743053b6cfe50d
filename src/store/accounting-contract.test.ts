import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories, type StoreFactory } from '../../test/support/database.js';
import type { BudgetCharge, ModelCallEntry, Store } from './types.js';

function call(id: string, overrides: Partial<ModelCallEntry> = {}): ModelCallEntry {
  return {
    id,
    runId: 'run_1',
    stepId: '1.001',
    taskId: null,
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    purpose: 'ai_editor.turn',
    inputTokens: 1000,
    outputTokens: 200,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0.006,
    latencyMs: 1200,
    outcome: 'succeeded',
    errorCode: null,
    createdAt: Date.UTC(2026, 10, 22, 10),
    ...overrides,
  };
}

function charge(
  level: BudgetCharge['level'],
  scopeKey: string,
  overrides: Partial<BudgetCharge> = {},
): BudgetCharge {
  return {
    level,
    scopeKey,
    costMicroUsd: 100,
    tokens: 10,
    limitCostMicroUsd: null,
    limitTokens: null,
    ...overrides,
  };
}

describe.each(storeFactories().map((factory) => [factory.name, factory] as const))(
  'accounting contract (%s)',
  (_name: string, factory: StoreFactory) => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.create();
    });

    afterEach(async () => {
      await store.close();
    });

    describe('model calls', () => {
      it('records calls and lists them by run and time window, oldest first', async () => {
        await store.modelCalls.record(call('mc_2', { createdAt: 2000, runId: 'run_a' }));
        await store.modelCalls.record(call('mc_1', { createdAt: 1000, runId: 'run_a', errorCode: null }));
        await store.modelCalls.record(
          call('mc_3', {
            createdAt: 3000,
            runId: null,
            stepId: null,
            outcome: 'failed',
            errorCode: 'OURO_X',
          }),
        );
        expect((await store.modelCalls.list()).map((entry) => entry.id)).toEqual(['mc_1', 'mc_2', 'mc_3']);
        expect((await store.modelCalls.list({ runId: 'run_a' })).map((entry) => entry.id)).toEqual([
          'mc_1',
          'mc_2',
        ]);
        expect((await store.modelCalls.list({ since: 2000, until: 3000 })).map((entry) => entry.id)).toEqual([
          'mc_2',
        ]);
        expect(await store.modelCalls.list({ limit: 1 })).toEqual([
          call('mc_1', { createdAt: 1000, runId: 'run_a' }),
        ]);
        const [failed] = await store.modelCalls.list({ since: 3000 });
        expect(failed).toEqual(
          call('mc_3', {
            createdAt: 3000,
            runId: null,
            stepId: null,
            outcome: 'failed',
            errorCode: 'OURO_X',
          }),
        );
      });

      it('summarizes by UTC day, model, run and task', async () => {
        const day1 = Date.UTC(2026, 10, 21, 23, 59, 59, 999);
        const day2 = Date.UTC(2026, 10, 22, 0, 0, 0, 0);
        await store.modelCalls.record(
          call('mc_1', { createdAt: day1, costUsd: 0.1, inputTokens: 10, outputTokens: 1 }),
        );
        await store.modelCalls.record(
          call('mc_2', { createdAt: day2, costUsd: 0.2, inputTokens: 20, outputTokens: 2, runId: 'run_b' }),
        );
        await store.modelCalls.record(
          call('mc_3', {
            createdAt: day2 + 5,
            costUsd: 0.25,
            inputTokens: 30,
            outputTokens: 3,
            cachedInputTokens: 7,
            cacheWriteTokens: 4,
            provider: 'openai',
            model: 'gpt-5.1',
            runId: null,
            taskId: 'task_9',
            outcome: 'failed',
            errorCode: 'OURO_MODEL_X',
          }),
        );

        const byDay = await store.modelCalls.summarize({ groupBy: 'day' });
        expect(
          byDay.map((row) => [row.key, row.calls, row.failedCalls, row.inputTokens, row.outputTokens]),
        ).toEqual([
          ['2026-11-21', 1, 0, 10, 1],
          ['2026-11-22', 2, 1, 50, 5],
        ]);
        expect(byDay[1]?.costUsd).toBeCloseTo(0.45, 12);
        expect(byDay[1]?.cachedInputTokens).toBe(7);
        expect(byDay[1]?.cacheWriteTokens).toBe(4);

        const byModel = await store.modelCalls.summarize({ groupBy: 'model' });
        expect(byModel.map((row) => [row.key, row.calls])).toEqual([
          ['anthropic:claude-sonnet-4-5', 2],
          ['openai:gpt-5.1', 1],
        ]);

        const byRun = await store.modelCalls.summarize({ groupBy: 'run' });
        expect(byRun.map((row) => [row.key, row.calls])).toEqual([
          ['run_1', 1],
          ['run_b', 1],
          [null, 1],
        ]);

        const byTask = await store.modelCalls.summarize({ groupBy: 'task', since: day2 });
        expect(byTask.map((row) => [row.key, row.calls])).toEqual([
          ['task_9', 1],
          [null, 1],
        ]);
        expect(await store.modelCalls.summarize({ groupBy: 'day', since: day2 + 6 })).toEqual([]);
        expect(await store.modelCalls.summarize({ groupBy: 'day', until: day2 })).toHaveLength(1);
      });
    });

    describe('budgets', () => {
      it('adds every charge to its counter and reports usage', async () => {
        const outcome = await store.budgets.reserve(
          'bgt_1',
          [
            charge('day', '2026-11-22', { costMicroUsd: 500, tokens: 40 }),
            charge('run', 'run_1', { costMicroUsd: 500, tokens: 40 }),
          ],
          1,
        );
        expect(outcome).toEqual({ reserved: true });
        expect(
          await store.budgets.usage([
            { level: 'run', scopeKey: 'run_1' },
            { level: 'day', scopeKey: '2026-11-22' },
            { level: 'month', scopeKey: '2026-11' },
          ]),
        ).toEqual([
          { level: 'day', scopeKey: '2026-11-22', costMicroUsd: 500, tokens: 40 },
          { level: 'run', scopeKey: 'run_1', costMicroUsd: 500, tokens: 40 },
        ]);
        expect(await store.budgets.usage([])).toEqual([]);
      });

      it('refuses the whole reservation when one counter would pass its limit, and reports which', async () => {
        await store.budgets.reserve('bgt_1', [charge('run', 'run_1', { costMicroUsd: 700, tokens: 70 })], 1);
        const outcome = await store.budgets.reserve(
          'bgt_2',
          [
            charge('day', '2026-11-22', { costMicroUsd: 400, limitCostMicroUsd: 10_000 }),
            charge('run', 'run_1', {
              costMicroUsd: 400,
              tokens: 20,
              limitCostMicroUsd: 1000,
              limitTokens: 1000,
            }),
          ],
          2,
        );
        expect(outcome).toEqual({
          reserved: false,
          refusal: { level: 'run', scopeKey: 'run_1', unit: 'usd', limit: 1000, used: 700, requested: 400 },
        });
        // Nothing of the refused reservation stays: the day counter was rolled back too.
        expect(
          await store.budgets.usage([
            { level: 'day', scopeKey: '2026-11-22' },
            { level: 'run', scopeKey: 'run_1' },
          ]),
        ).toEqual([{ level: 'run', scopeKey: 'run_1', costMicroUsd: 700, tokens: 70 }]);
        expect(await store.budgets.settle('bgt_2', { costMicroUsd: 1, tokens: 1 }, 3)).toBe(false);

        const byTokens = await store.budgets.reserve(
          'bgt_3',
          [
            charge('step', 'run_1:1.001', {
              costMicroUsd: 1,
              tokens: 31,
              limitCostMicroUsd: 1000,
              limitTokens: 30,
            }),
          ],
          4,
        );
        expect(byTokens).toEqual({
          reserved: false,
          refusal: {
            level: 'step',
            scopeKey: 'run_1:1.001',
            unit: 'tokens',
            limit: 30,
            used: 0,
            requested: 31,
          },
        });
      });

      it('admits a reservation that lands exactly on the limit', async () => {
        const limits = { limitCostMicroUsd: 1000, limitTokens: 20 };
        for (const id of ['bgt_1', 'bgt_2']) {
          expect(
            await store.budgets.reserve(
              id,
              [charge('run', 'run_1', { costMicroUsd: 500, tokens: 10, ...limits })],
              1,
            ),
          ).toEqual({ reserved: true });
        }
        const third = await store.budgets.reserve(
          'bgt_3',
          [charge('run', 'run_1', { costMicroUsd: 0, tokens: 0, ...limits })],
          1,
        );
        expect(third).toEqual({ reserved: true });
        const fourth = await store.budgets.reserve(
          'bgt_4',
          [charge('run', 'run_1', { costMicroUsd: 1, tokens: 0, ...limits })],
          1,
        );
        expect(fourth.reserved).toBe(false);
      });

      it('settle replaces the reserved amounts with the actual ones, once', async () => {
        const charges = [
          charge('day', 'd', { costMicroUsd: 1000, tokens: 100 }),
          charge('step', 'r:s', { costMicroUsd: 1000, tokens: 100 }),
        ];
        await store.budgets.reserve('bgt_1', charges, 1);
        await store.budgets.reserve('bgt_2', [charge('day', 'd', { costMicroUsd: 50, tokens: 5 })], 1);
        expect(await store.budgets.settle('bgt_1', { costMicroUsd: 300, tokens: 130 }, 2)).toBe(true);
        expect(await store.budgets.settle('bgt_1', { costMicroUsd: 999, tokens: 999 }, 3)).toBe(false);
        expect(await store.budgets.release('bgt_1', 3)).toBe(false);
        expect(
          await store.budgets.usage([
            { level: 'day', scopeKey: 'd' },
            { level: 'step', scopeKey: 'r:s' },
          ]),
        ).toEqual([
          { level: 'day', scopeKey: 'd', costMicroUsd: 350, tokens: 135 },
          { level: 'step', scopeKey: 'r:s', costMicroUsd: 300, tokens: 130 },
        ]);
      });

      it('release takes a reservation back; releaseStale frees the ones a dead worker left open', async () => {
        await store.budgets.reserve('bgt_1', [charge('day', 'd', { costMicroUsd: 1000, tokens: 100 })], 10);
        await store.budgets.reserve('bgt_2', [charge('day', 'd', { costMicroUsd: 200, tokens: 20 })], 20);
        await store.budgets.reserve('bgt_3', [charge('day', 'd', { costMicroUsd: 30, tokens: 3 })], 30);
        expect(await store.budgets.release('bgt_2', 40)).toBe(true);
        expect(await store.budgets.release('bgt_2', 40)).toBe(false);
        expect(await store.budgets.usage([{ level: 'day', scopeKey: 'd' }])).toEqual([
          { level: 'day', scopeKey: 'd', costMicroUsd: 1030, tokens: 103 },
        ]);
        expect(await store.budgets.releaseStale(25, 50)).toBe(1);
        expect(await store.budgets.usage([{ level: 'day', scopeKey: 'd' }])).toEqual([
          { level: 'day', scopeKey: 'd', costMicroUsd: 30, tokens: 3 },
        ]);
        expect(await store.budgets.settle('bgt_3', { costMicroUsd: 31, tokens: 4 }, 60)).toBe(true);
        expect(await store.budgets.releaseStale(100, 100)).toBe(0);
        expect(await store.budgets.usage([{ level: 'day', scopeKey: 'd' }])).toEqual([
          { level: 'day', scopeKey: 'd', costMicroUsd: 31, tokens: 4 },
        ]);
      });

      it('rejects non-integer or negative amounts before touching the database', async () => {
        await expect(
          store.budgets.reserve('bgt_1', [charge('day', 'd', { costMicroUsd: 1.5 })], 1),
        ).rejects.toThrow(RangeError);
        await expect(store.budgets.reserve('bgt_1', [charge('day', 'd', { tokens: -1 })], 1)).rejects.toThrow(
          RangeError,
        );
        expect(await store.budgets.usage([{ level: 'day', scopeKey: 'd' }])).toEqual([]);
      });

      it('charge adds spent amounts past the limits and reports the counters now over them', async () => {
        const limits = { limitCostMicroUsd: 1000, limitTokens: null };
        await store.budgets.reserve('bgt_1', [charge('run', 'run_1', { costMicroUsd: 600, ...limits })], 1);
        const over = await store.budgets.charge(
          'bgt_2',
          [
            charge('step', 'run_1:s', { costMicroUsd: 700, tokens: 70, limitTokens: 50 }),
            charge('run', 'run_1', { costMicroUsd: 700, tokens: 70, ...limits }),
            charge('day', 'd', { costMicroUsd: 700, tokens: 70, limitCostMicroUsd: 5000 }),
          ],
          2,
        );
        expect(over).toEqual([
          { level: 'run', scopeKey: 'run_1', unit: 'usd', limit: 1000, used: 600, requested: 700 },
          { level: 'step', scopeKey: 'run_1:s', unit: 'tokens', limit: 50, used: 0, requested: 70 },
        ]);
        expect(
          await store.budgets.usage([
            { level: 'day', scopeKey: 'd' },
            { level: 'run', scopeKey: 'run_1' },
            { level: 'step', scopeKey: 'run_1:s' },
          ]),
        ).toEqual([
          { level: 'day', scopeKey: 'd', costMicroUsd: 700, tokens: 70 },
          { level: 'run', scopeKey: 'run_1', costMicroUsd: 1300, tokens: 80 },
          { level: 'step', scopeKey: 'run_1:s', costMicroUsd: 700, tokens: 70 },
        ]);
        // A charge is closed at once: it cannot be settled or released (so never counted twice).
        expect(await store.budgets.release('bgt_2', 3)).toBe(false);
        expect(await store.budgets.settle('bgt_2', { costMicroUsd: 0, tokens: 0 }, 3)).toBe(false);
        // Once over, the counter refuses further reservations.
        const next = await store.budgets.reserve(
          'bgt_3',
          [charge('run', 'run_1', { costMicroUsd: 0, ...limits })],
          4,
        );
        expect(next.reserved).toBe(false);
      });

      it('charge within the limits reports nothing and rejects invalid amounts', async () => {
        expect(
          await store.budgets.charge(
            'bgt_1',
            [charge('run', 'r', { costMicroUsd: 1000, limitCostMicroUsd: 1000 })],
            1,
          ),
        ).toEqual([]);
        await expect(store.budgets.charge('bgt_2', [charge('run', 'r', { tokens: -1 })], 1)).rejects.toThrow(
          RangeError,
        );
        expect(await store.budgets.usage([{ level: 'run', scopeKey: 'r' }])).toEqual([
          { level: 'run', scopeKey: 'r', costMicroUsd: 1000, tokens: 10 },
        ]);
      });

      it('concurrent charges all count', async () => {
        await Promise.all(
          Array.from({ length: 8 }, (_, index) =>
            store.budgets.charge(`bgt_${index}`, [charge('day', 'd', { costMicroUsd: 125, tokens: 1 })], 1),
          ),
        );
        expect(await store.budgets.usage([{ level: 'day', scopeKey: 'd' }])).toEqual([
          { level: 'day', scopeKey: 'd', costMicroUsd: 1000, tokens: 8 },
        ]);
      });
    });
  },
);
