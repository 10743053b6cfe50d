import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories, type StoreFactory } from '../../../test/support/database.js';
import { openSharedStores, type SharedStores } from '../../../test/support/shared-stores.js';
import type { Logger } from '../../observability/logger-types.js';
import type { Store } from '../../store/types.js';
import type { BudgetGuard } from '../accounting-types.js';
import type { BudgetConfig } from './budget-levels.js';
import { alertThresholds, reachedThresholds, type BudgetThresholdCrossing } from './budget-thresholds.js';
import { createStoreBudgetGuard } from './store-budget-guard.js';

function config(daily = 10, monthly = 200, thresholds?: number[]): BudgetConfig {
  return {
    safety: {
      cost_limits: { daily_limit: daily, monthly_limit: monthly },
      ...(thresholds === undefined ? {} : { alert_thresholds: thresholds }),
    },
  };
}

/** A logger keeping its warnings, so a test can assert what was logged. */
function recordingLogger(): Logger & { warnings: unknown[][] } {
  const warnings: unknown[][] = [];
  const ignore = () => undefined;
  const logger: Logger & { warnings: unknown[][] } = {
    warnings,
    trace: ignore,
    debug: ignore,
    info: ignore,
    warn: (...values: unknown[]) => {
      warnings.push(values);
    },
    error: ignore,
    fatal: ignore,
    child: () => logger,
  };
  return logger;
}

const noon = Date.UTC(2026, 10, 22, 12);

describe('alert thresholds', () => {
  it('adds 100 to the configured thresholds, once each, ascending', () => {
    expect(alertThresholds(config())).toEqual([80, 90, 100]);
    expect(alertThresholds({ safety: { cost_limits: { daily_limit: 1, monthly_limit: 1 } } })).toEqual([
      80, 90, 100,
    ]);
    expect(alertThresholds(config(1, 1, [90, 50, 90]))).toEqual([50, 90, 100]);
    expect(alertThresholds(config(1, 1, []))).toEqual([100]);
  });

  it('counts exactly the threshold as reached, and nothing of a zero limit', () => {
    expect(reachedThresholds(7_999_999, 10_000_000, [80, 90, 100])).toEqual([]);
    expect(reachedThresholds(8_000_000, 10_000_000, [80, 90, 100])).toEqual([80]);
    expect(reachedThresholds(10_000_001, 10_000_000, [80, 90, 100])).toEqual([80, 90, 100]);
    expect(reachedThresholds(5, 0, [80, 90, 100])).toEqual([]);
  });
});

describe.each(storeFactories().map((factory) => [factory.name, factory] as const))(
  'budget thresholds in the store budget guard (%s)',
  (name: string, factory: StoreFactory) => {
    let store: Store;
    let clock: number;
    let crossings: BudgetThresholdCrossing[];
    let logger: ReturnType<typeof recordingLogger>;

    function guardFor(limits: BudgetConfig, target: Store = store): BudgetGuard {
      return createStoreBudgetGuard({
        store: target,
        config: limits,
        now: () => clock,
        alerts: {
          logger,
          onThreshold: (crossing) => {
            crossings.push(crossing);
            return Promise.resolve();
          },
        },
      });
    }

    beforeEach(async () => {
      store = await factory.create();
      clock = noon;
      crossings = [];
      logger = recordingLogger();
    });

    afterEach(async () => {
      await store.close();
    });

    it('alerts once at 80 % and 90 % of the day after settles, and records both', async () => {
      const guard = guardFor(config(10, 200));
      const first = await guard.reserve({ scope: {}, costUsd: 9, tokens: 10 });
      // The estimate alone (90 % reserved) alerts nothing: only counted money does.
      expect(crossings).toEqual([]);
      await guard.settle(first, { costUsd: 7.99, tokens: 10 });
      expect(crossings).toEqual([]);
      await guard.settle(await guard.reserve({ scope: {}, costUsd: 0.5, tokens: 1 }), {
        costUsd: 0.01,
        tokens: 1,
      });
      expect(crossings).toEqual([
        { level: 'day', scopeKey: '2026-11-22', threshold: 80, usedUsd: 8, limitUsd: 10 },
      ]);
      await guard.settle(await guard.reserve({ scope: {}, costUsd: 0.5, tokens: 1 }), {
        costUsd: 0.1,
        tokens: 1,
      });
      expect(crossings).toHaveLength(1);
      await guard.settle(await guard.reserve({ scope: {}, costUsd: 1, tokens: 1 }), {
        costUsd: 0.95,
        tokens: 1,
      });
      expect(crossings.map((crossing) => crossing.threshold)).toEqual([80, 90]);
      expect(crossings[1]).toMatchObject({ level: 'day', usedUsd: 9.05 });
      // A second guard (another process) finds them recorded and alerts nothing again.
      const other = guardFor(config(10, 200));
      await other.charge({ scope: {}, costUsd: 0.01, tokens: 1 });
      expect(crossings).toHaveLength(2);
      const recorded = (await store.budgets.listThresholds()).sort(
        (left, right) => left.threshold - right.threshold,
      );
      expect(
        recorded.map(({ level, scopeKey, threshold, usedMicroUsd, limitMicroUsd, createdAt }) => ({
          level,
          scopeKey,
          threshold,
          usedMicroUsd,
          limitMicroUsd,
          createdAt,
        })),
      ).toEqual([
        {
          level: 'day',
          scopeKey: '2026-11-22',
          threshold: 80,
          usedMicroUsd: 8_000_000,
          limitMicroUsd: 10_000_000,
          createdAt: noon,
        },
        {
          level: 'day',
          scopeKey: '2026-11-22',
          threshold: 90,
          usedMicroUsd: 9_050_000,
          limitMicroUsd: 10_000_000,
          createdAt: noon,
        },
      ]);
      expect(logger.warnings).toEqual([]);
    });

    it('a charge past the limit reports 80, 90 and 100 in order, for the day and the month', async () => {
      const guard = guardFor(config(5, 6));
      const { exceeded } = await guard.charge({ scope: { runId: 'run_1' }, costUsd: 6.5, tokens: 100 });
      expect(exceeded?.level).toBe('month');
      expect(
        crossings.map((crossing) => `${crossing.level}:${crossing.scopeKey}:${crossing.threshold}`),
      ).toEqual([
        'day:2026-11-22:80',
        'day:2026-11-22:90',
        'day:2026-11-22:100',
        'month:2026-11:80',
        'month:2026-11:90',
        'month:2026-11:100',
      ]);
      expect(crossings[5]).toEqual({
        level: 'month',
        scopeKey: '2026-11',
        threshold: 100,
        usedUsd: 6.5,
        limitUsd: 6,
      });
    });

    it('writes each crossing once per process, not again on every later call', async () => {
      let writes = 0;
      const counting: Pick<Store, 'budgets'> = {
        budgets: {
          ...store.budgets,
          usage: (scopes) => store.budgets.usage(scopes),
          charge: (id, charges, at) => store.budgets.charge(id, charges, at),
          listThresholds: (filter) => store.budgets.listThresholds(filter),
          recordThreshold: (record) => {
            writes += 1;
            return store.budgets.recordThreshold(record);
          },
        },
      };
      const guard = createStoreBudgetGuard({
        store: counting,
        config: config(10, 1000),
        now: () => clock,
        alerts: { logger },
      });
      await guard.charge({ scope: {}, costUsd: 8.5, tokens: 1 });
      expect(writes).toBe(1);
      for (let call = 0; call < 3; call += 1) await guard.charge({ scope: {}, costUsd: 0.1, tokens: 1 });
      // 8.8 is still only past 80 %: nothing new to write.
      expect(writes).toBe(1);
      await guard.charge({ scope: {}, costUsd: 0.3, tokens: 1 });
      expect(writes).toBe(2);
    });

    it('uses the configured thresholds', async () => {
      const guard = guardFor(config(10, 1000, [50]));
      await guard.charge({ scope: {}, costUsd: 5, tokens: 1 });
      expect(crossings).toEqual([
        { level: 'day', scopeKey: '2026-11-22', threshold: 50, usedUsd: 5, limitUsd: 10 },
      ]);
    });

    it('checks the day the reservation was made in when it settles after midnight', async () => {
      const guard = guardFor(config(1, 100));
      clock = Date.UTC(2026, 10, 22, 23, 59, 59);
      const late = await guard.reserve({ scope: {}, costUsd: 0.95, tokens: 1 });
      clock = Date.UTC(2026, 10, 23, 0, 0, 5);
      await guard.settle(late, { costUsd: 0.85, tokens: 1 });
      expect(crossings).toEqual([
        { level: 'day', scopeKey: '2026-11-22', threshold: 80, usedUsd: 0.85, limitUsd: 1 },
      ]);
      // A settle that changes nothing (already settled) checks nothing either.
      await guard.settle(late, { costUsd: 0.85, tokens: 1 });
      expect(crossings).toHaveLength(1);
    });

    it('without alerts nothing is recorded; a failing hook is logged and the settle still succeeds', async () => {
      const quiet = createStoreBudgetGuard({ store, config: config(1, 100), now: () => clock });
      await quiet.charge({ scope: {}, costUsd: 0.9, tokens: 1 });
      expect(await store.budgets.listThresholds()).toEqual([]);

      const failing = createStoreBudgetGuard({
        store,
        config: config(1, 100),
        now: () => clock,
        alerts: { logger, onThreshold: () => Promise.reject(new Error('webhook exploded')) },
      });
      await expect(
        failing.settle(await failing.reserve({ scope: {}, costUsd: 0.05, tokens: 1 }), {
          costUsd: 0.01,
          tokens: 1,
        }),
      ).resolves.toBeUndefined();
      // Each failing alert is logged, and the next threshold is still recorded and tried.
      expect(logger.warnings.map((warning) => warning[0])).toMatchObject([
        { level: 'day', scope: '2026-11-22', threshold: 80 },
        { level: 'day', scope: '2026-11-22', threshold: 90 },
      ]);
      expect(String((logger.warnings[0]![0] as { err: Error }).err)).toContain('webhook exploded');
      // The crossings were recorded before their alerts failed: they are not sent twice.
      expect((await store.budgets.listThresholds()).map((record) => record.threshold)).toEqual([80, 90]);
    });

    describe('across workers', () => {
      let shared: SharedStores;

      beforeEach(async () => {
        shared = await openSharedStores(name as 'sqlite' | 'postgres', 4);
      });

      afterEach(async () => {
        await shared.close();
      });

      it('4 stores settling at once past 80 % and 90 % alert exactly once per threshold', async () => {
        const guards = shared.stores.map((worker) => guardFor(config(1, 100), worker));
        await Promise.all(
          Array.from({ length: 40 }, async (_, index) => {
            const guard = guards[index % guards.length]!;
            const reservation = await guard.reserve({ scope: {}, costUsd: 0.02, tokens: 1 });
            await guard.settle(reservation, { costUsd: 0.0235, tokens: 1 });
          }),
        );
        // 40 × $0.0235 = $0.94: 80 % and 90 % reached, 100 % not.
        expect(crossings.map((crossing) => crossing.threshold).sort()).toEqual([80, 90]);
        const recorded = await shared.stores[3]!.budgets.listThresholds();
        expect(recorded.map((record) => record.threshold)).toEqual([80, 90]);
      });
    });
  },
);
