import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories, type StoreFactory } from '../../../test/support/database.js';
import { openSharedStores, type SharedStores } from '../../../test/support/shared-stores.js';
import { isOuroError, type OuroError } from '../../errors/index.js';
import type { Store } from '../../store/types.js';
import type { BudgetGuard } from '../accounting-types.js';
import type { ModelCallScope } from '../types.js';
import type { BudgetConfig } from './budget-levels.js';
import { budgetStatus } from './budget-status.js';
import { createStoreBudgetGuard } from './store-budget-guard.js';

function config(daily = 10, monthly = 200): BudgetConfig {
  return { safety: { cost_limits: { daily_limit: daily, monthly_limit: monthly } } };
}

async function refusal(promise: Promise<unknown>): Promise<OuroError> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!isOuroError(error)) throw new Error(`expected an OuroError, got ${String(error)}`);
  return error;
}

const noon = Date.UTC(2026, 10, 22, 12);
const workerScript = fileURLToPath(new URL('../../../test/support/budget-worker.ts', import.meta.url));
const run = promisify(execFile);

describe.each(storeFactories().map((factory) => [factory.name, factory] as const))(
  'store budget guard (%s)',
  (name: string, factory: StoreFactory) => {
    let store: Store;
    let clock: number;
    let guard: BudgetGuard;

    beforeEach(async () => {
      store = await factory.create();
      clock = noon;
      guard = createStoreBudgetGuard({ store, config: config(), now: () => clock });
    });

    afterEach(async () => {
      await store.close();
    });

    const cases: Array<{
      level: string;
      scope: ModelCallScope;
      costUsd: number;
      tokens: number;
      unit: string;
    }> = [
      {
        level: 'step',
        scope: { runId: 'run_1', stepId: 's', limits: { stepCostUsd: 0.5 } },
        costUsd: 0.6,
        tokens: 1,
        unit: 'usd',
      },
      {
        level: 'step',
        scope: { runId: 'run_1', stepId: 's', limits: { stepTokens: 100 } },
        costUsd: 0,
        tokens: 101,
        unit: 'tokens',
      },
      {
        level: 'run',
        scope: { runId: 'run_1', stepId: 's', limits: { runCostUsd: 0.5 } },
        costUsd: 0.6,
        tokens: 1,
        unit: 'usd',
      },
      {
        level: 'run',
        scope: { runId: 'run_1', limits: { runTokens: 100 } },
        costUsd: 0,
        tokens: 101,
        unit: 'tokens',
      },
      {
        level: 'task',
        scope: { taskId: 'task_1', limits: { taskCostUsd: 0.5 } },
        costUsd: 0.6,
        tokens: 1,
        unit: 'usd',
      },
      { level: 'day', scope: {}, costUsd: 10.01, tokens: 1, unit: 'usd' },
    ];
    it.each(cases)(
      'refuses at the $level level ($unit) with its name',
      async ({ level, scope, costUsd, tokens, unit }) => {
        const error = await refusal(guard.reserve({ scope, costUsd, tokens }));
        expect(error.code).toBe('OURO_BUDGET_EXCEEDED');
        expect(error.message).toContain(`The ${level} budget`);
        expect(error.message).toContain(
          unit === 'usd' ? `requested > limit $` : ' tokens requested > limit ',
        );
        expect(error.details).toMatchObject({
          level,
          unit,
          used: 0,
          requested: unit === 'usd' ? costUsd : tokens,
        });
        // Nothing was counted anywhere.
        const status = await budgetStatus(store, config(), clock, scope);
        expect(status.every((entry) => entry.usedCostUsd === 0 && entry.usedTokens === 0)).toBe(true);
      },
    );

    it('refuses at the month level when the month is spent, naming its setting', async () => {
      const monthly = createStoreBudgetGuard({ store, config: config(5, 6), now: () => clock });
      await monthly.reserve({ scope: {}, costUsd: 4, tokens: 0 });
      clock = Date.UTC(2026, 10, 23, 12);
      const error = await refusal(monthly.reserve({ scope: {}, costUsd: 2.5, tokens: 0 }));
      expect(error.details).toEqual({
        level: 'month',
        scope: '2026-11',
        unit: 'usd',
        limit: 6,
        used: 4,
        requested: 2.5,
      });
      expect(error.message).toBe(
        'The month budget (2026-11) does not fit this call: $4 used + $2.5 requested > limit $6',
      );
      expect(error.remedy).toContain('safety.cost_limits.monthly_limit');
      clock = Date.UTC(2026, 11, 1, 0);
      await expect(monthly.reserve({ scope: {}, costUsd: 2.5, tokens: 0 })).resolves.toHaveProperty('id');
    });

    it('counts a new UTC day from zero, and settles into the day the reservation was made', async () => {
      const daily = createStoreBudgetGuard({ store, config: config(1, 100), now: () => clock });
      clock = Date.UTC(2026, 10, 22, 23, 59, 59, 999);
      const late = await daily.reserve({ scope: {}, costUsd: 0.9, tokens: 10 });
      expect((await refusal(daily.reserve({ scope: {}, costUsd: 0.2, tokens: 0 }))).details).toMatchObject({
        level: 'day',
        scope: '2026-11-22',
      });
      clock = Date.UTC(2026, 10, 23, 0, 0, 0, 0);
      await daily.reserve({ scope: {}, costUsd: 0.2, tokens: 0 });
      await daily.settle(late, { costUsd: 0.5, tokens: 12 });
      const yesterday = await budgetStatus(store, config(1, 100), Date.UTC(2026, 10, 22, 1));
      const today = await budgetStatus(store, config(1, 100), clock);
      expect(yesterday.find((entry) => entry.level === 'day')).toMatchObject({
        usedCostUsd: 0.5,
        usedTokens: 12,
      });
      expect(today.find((entry) => entry.level === 'day')).toMatchObject({
        scopeKey: '2026-11-23',
        usedCostUsd: 0.2,
        remainingCostUsd: 0.8,
      });
      expect(today.find((entry) => entry.level === 'month')).toMatchObject({
        usedCostUsd: 0.7,
        usedTokens: 12,
      });
    });

    it('settle replaces the estimate with the actual use at every level; release frees it', async () => {
      const scope: ModelCallScope = {
        runId: 'run_1',
        stepId: 's1',
        taskId: 'task_1',
        limits: { runCostUsd: 1 },
      };
      const first = await guard.reserve({ scope, costUsd: 0.6, tokens: 5000 });
      const second = await guard.reserve({ scope: { ...scope, stepId: 's2' }, costUsd: 0.3, tokens: 1000 });
      // 0.6 + 0.3 + 0.2 > 1: refused while the first estimate stands…
      expect((await refusal(guard.reserve({ scope, costUsd: 0.2, tokens: 1 }))).details).toMatchObject({
        level: 'run',
      });
      await guard.settle(first, { costUsd: 0.07, tokens: 1234 });
      // …and admitted once it is settled lower.
      const third = await guard.reserve({ scope, costUsd: 0.2, tokens: 1 });
      await guard.release(second);
      await guard.release(second);
      await guard.settle(third, { costUsd: 0.01, tokens: 1 });
      await guard.settle(third, { costUsd: 5, tokens: 5 });

      const status = await budgetStatus(store, config(), clock, scope);
      expect(
        status.map((entry) => [entry.level, entry.scopeKey, entry.usedCostUsd, entry.usedTokens]),
      ).toEqual([
        ['month', '2026-11', 0.08, 1235],
        ['day', '2026-11-22', 0.08, 1235],
        ['task', 'task_1', 0.08, 1235],
        ['run', 'run_1', 0.08, 1235],
        ['step', 'run_1:s1', 0.08, 1235],
      ]);
      const run = status.find((entry) => entry.level === 'run');
      expect(run).toMatchObject({ limitCostUsd: 1, remainingCostUsd: 0.92, fractionUsed: 0.08 });
      const step2 = await budgetStatus(store, config(), clock, { runId: 'run_1', stepId: 's2' });
      expect(step2.find((entry) => entry.level === 'step')).toMatchObject({
        usedCostUsd: 0,
        fractionUsed: null,
      });
    });

    it('rejects invalid amounts with OURO_BUDGET_AMOUNT_INVALID', async () => {
      for (const amounts of [
        { costUsd: -1, tokens: 0 },
        { costUsd: Number.NaN, tokens: 0 },
        { costUsd: 0, tokens: Number.POSITIVE_INFINITY },
      ]) {
        expect((await refusal(guard.reserve({ scope: {}, ...amounts }))).code).toBe(
          'OURO_BUDGET_AMOUNT_INVALID',
        );
      }
    });

    it('charge counts spent usage past the limit at every level and names the widest one over', async () => {
      const scope: ModelCallScope = {
        runId: 'run_1',
        stepId: 's',
        limits: { runCostUsd: 1, stepTokens: 100 },
      };
      expect(await guard.charge({ scope, costUsd: 0.6, tokens: 50 })).toEqual({});
      const { exceeded } = await guard.charge({ scope, costUsd: 0.6, tokens: 80 });
      expect(exceeded?.level).toBe('run');
      expect(exceeded?.error.code).toBe('OURO_BUDGET_EXCEEDED');
      expect(exceeded?.error.details).toMatchObject({
        level: 'run',
        unit: 'usd',
        limit: 1,
        used: 0.6,
        requested: 0.6,
      });
      const [month, day, run, step] = await budgetStatus(store, config(), noon, scope);
      expect(month!.usedCostUsd).toBeCloseTo(1.2, 6);
      expect(day!.usedCostUsd).toBeCloseTo(1.2, 6);
      expect(run!.usedCostUsd).toBeCloseTo(1.2, 6);
      expect(step!.usedTokens).toBe(130);
      expect((await refusal(guard.charge({ scope, costUsd: -1, tokens: 0 }))).code).toBe(
        'OURO_BUDGET_AMOUNT_INVALID',
      );
    });

    it('exhausted names the widest level with no room left, and nothing while every level has some', async () => {
      const scope: ModelCallScope = {
        runId: 'run_1',
        stepId: 's',
        limits: { runCostUsd: 1, runTokens: 500 },
      };
      expect(await guard.exhausted(scope)).toBeUndefined();
      await guard.charge({ scope, costUsd: 0.5, tokens: 500 });
      const byTokens = await guard.exhausted(scope);
      expect(byTokens?.details).toMatchObject({ level: 'run', unit: 'tokens', limit: 500, used: 500 });
      // Another run still has room; the day is shared and fills up.
      expect(await guard.exhausted({ runId: 'run_2' })).toBeUndefined();
      await guard.charge({ scope: { runId: 'run_2' }, costUsd: 9.5, tokens: 1 });
      const byDay = await guard.exhausted({ runId: 'run_3' });
      expect(byDay?.code).toBe('OURO_BUDGET_EXCEEDED');
      expect(byDay?.details).toMatchObject({ level: 'day', unit: 'usd', limit: 10, used: 10 });
      expect(byDay?.remedy).toContain('safety.cost_limits.daily_limit');
      // The next UTC day starts from zero.
      clock = noon + 24 * 60 * 60 * 1000;
      expect(await guard.exhausted({ runId: 'run_3' })).toBeUndefined();
    });

    describe('across workers', () => {
      let shared: SharedStores;

      beforeEach(async () => {
        shared = await openSharedStores(name as 'sqlite' | 'postgres', 4);
      });

      afterEach(async () => {
        await shared.close();
      });

      function guards(limits: BudgetConfig = config()): BudgetGuard[] {
        return shared.stores.map((worker) =>
          createStoreBudgetGuard({ store: worker, config: limits, now: () => noon }),
        );
      }

      it('200 concurrent reservations from 4 stores admit exactly as many as fit', async () => {
        const workers = guards();
        const scope: ModelCallScope = { runId: 'run_1', limits: { runCostUsd: 0.5, runTokens: 1_000_000 } };
        const outcomes = await Promise.allSettled(
          Array.from({ length: 200 }, (_, index) =>
            workers[index % workers.length]!.reserve({ scope, costUsd: 0.01, tokens: 100 }),
          ),
        );
        const admitted = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const refused = outcomes.flatMap((outcome) =>
          outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
        );
        expect(admitted).toHaveLength(50);
        expect(refused).toHaveLength(150);
        for (const reason of refused) {
          expect(isOuroError(reason) && reason.code).toBe('OURO_BUDGET_EXCEEDED');
          expect((reason as OuroError).details).toMatchObject({ level: 'run' });
        }
        const status = await budgetStatus(shared.stores[1]!, config(), noon, scope);
        expect(status.find((entry) => entry.level === 'run')).toMatchObject({
          usedCostUsd: 0.5,
          usedTokens: 5000,
        });
        expect(status.find((entry) => entry.level === 'day')).toMatchObject({ usedCostUsd: 0.5 });
      });

      it('4 worker processes reserving at once admit exactly as many as fit', async () => {
        const processes = Array.from({ length: 4 }, () =>
          run(process.execPath, [
            '--import',
            'tsx',
            workerScript,
            shared.projectDir,
            shared.url ?? '-',
            shared.schema ?? '-',
            '50',
            '0.01',
            '0.37',
          ]),
        );
        const results = (await Promise.all(processes)).map(
          ({ stdout }) => JSON.parse(stdout) as { admitted: number; refused: number },
        );
        expect(results.reduce((sum, result) => sum + result.admitted, 0)).toBe(37);
        expect(results.reduce((sum, result) => sum + result.refused, 0)).toBe(163);
        const status = await budgetStatus(shared.stores[0]!, config(1000, 1000), noon, {
          runId: 'run_shared',
        });
        expect(status.find((entry) => entry.level === 'run')).toMatchObject({
          usedCostUsd: 0.37,
          usedTokens: 37,
        });
      });

      it('with uneven amounts and settlements the counters stay within the limit and add up', async () => {
        // Admitting everything would settle about $2 into a $1 day: refusals are certain.
        const workers = guards(config(1, 100));
        const costs = Array.from({ length: 200 }, (_, index) => ((index * 7) % 9) / 100 + 0.01);
        const settled: number[] = [];
        let refusals = 0;
        await Promise.all(
          costs.map(async (costUsd, index) => {
            const worker = workers[index % workers.length]!;
            try {
              const reservation = await worker.reserve({ scope: { taskId: 'task_1' }, costUsd, tokens: 10 });
              // Half settle at 40 % of the estimate, the rest are released: both free budget.
              if (index % 2 === 0) {
                await worker.settle(reservation, { costUsd: costUsd * 0.4, tokens: 4 });
                settled.push(costUsd * 0.4);
              } else {
                await worker.release(reservation);
              }
            } catch (error) {
              if (!isOuroError(error) || error.code !== 'OURO_BUDGET_EXCEEDED') throw error;
              expect(error.details).toMatchObject({ level: 'day' });
              refusals += 1;
            }
          }),
        );
        const [month, day, task] = await budgetStatus(shared.stores[2]!, config(1, 100), noon, {
          taskId: 'task_1',
        });
        const expected = settled.reduce((sum, value) => sum + value, 0);
        expect(refusals).toBeGreaterThan(0);
        expect(day!.usedCostUsd).toBeLessThanOrEqual(1);
        expect(day!.usedCostUsd).toBeCloseTo(expected, 5);
        expect(task!.usedCostUsd).toBeCloseTo(expected, 5);
        expect(month!.usedTokens).toBe(settled.length * 4);
      });
    });
  },
);
