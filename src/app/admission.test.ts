/** Admission of new work on real stores: refused while paused and once a cost limit is used up. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../../test/support/database.js';
import { ouroConfigSchema } from '../config/index.js';
import { isOuroError, type OuroError } from '../errors/index.js';
import type { Store } from '../store/types.js';
import { checkAdmission } from './admission.js';

const now = Date.parse('2026-11-22T10:00:00Z');

function config(daily: number, monthly: number) {
  return ouroConfigSchema.parse({ safety: { cost_limits: { daily_limit: daily, monthly_limit: monthly } } });
}

async function spend(store: Store, id: string, microUsd: number, day = '2026-11-22'): Promise<void> {
  const outcome = await store.budgets.reserve(
    id,
    [
      {
        level: 'month',
        scopeKey: day.slice(0, 7),
        costMicroUsd: microUsd,
        tokens: 0,
        limitCostMicroUsd: null,
        limitTokens: null,
      },
      {
        level: 'day',
        scopeKey: day,
        costMicroUsd: microUsd,
        tokens: 0,
        limitCostMicroUsd: null,
        limitTokens: null,
      },
    ],
    now,
  );
  expect(outcome.reserved).toBe(true);
}

async function refusal(promise: Promise<unknown>): Promise<OuroError> {
  try {
    await promise;
  } catch (error) {
    if (isOuroError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe.each(storeFactories())('checkAdmission ($name)', (factory) => {
  let store: Store;
  beforeEach(async () => {
    store = await factory.create();
  });
  afterEach(async () => {
    await store.close();
  });

  it('admits within the limits and returns the use', async () => {
    await spend(store, 'r1', 2_500_000);
    const usage = await checkAdmission(store, config(10, 200), now);
    expect(usage.day).toMatchObject({
      scopeKey: '2026-11-22',
      usedMicroUsd: 2_500_000,
      limitMicroUsd: 10_000_000,
      percent: 25,
    });
    expect(usage.month).toMatchObject({ scopeKey: '2026-11', usedMicroUsd: 2_500_000, percent: 1.3 });
  });

  it('refuses while paused, naming who, why and since when', async () => {
    await store.control.setPause(
      { paused: true, reason: 'deploy freeze', by: 'user:alice', since: now - 1000 },
      now,
    );
    const error = await refusal(checkAdmission(store, config(10, 200), now));
    expect(error.code).toBe('OURO_SAFETY_PAUSED');
    expect(error.message).toBe('Ouro is paused since 2026-11-22T09:59:59.000Z by user:alice: deploy freeze');
    expect(error.remedy).toContain('ouro resume');
  });

  it('refuses once the daily limit is used up, and names the month first when both are', async () => {
    await spend(store, 'r1', 1_000_000);
    const daily = await refusal(checkAdmission(store, config(1, 200), now));
    expect(daily.code).toBe('OURO_SAFETY_BUDGET_EXHAUSTED');
    expect(daily.message).toBe('The daily cost limit is used up: $1 of $1 spent in 2026-11-22 (UTC)');
    expect(daily.remedy).toContain('safety.cost_limits.daily_limit');

    // Spend from earlier days of the month counts against the month only.
    await spend(store, 'r2', 500_000, '2026-11-21');
    const monthly = await refusal(checkAdmission(store, config(1, 1.5), now));
    expect(monthly.message).toBe('The monthly cost limit is used up: $1.5 of $1.5 spent in 2026-11 (UTC)');
    expect(monthly.remedy).toContain('next month');
    // The next day is admitted again under the daily limit.
    await expect(checkAdmission(store, config(1, 200), now + 86_400_000)).resolves.toBeDefined();
  });

  it('treats a zero limit as "no spending", not "no work": admitted until something is spent', async () => {
    await expect(checkAdmission(store, config(0, 0), now)).resolves.toBeDefined();
    await spend(store, 'r1', 1);
    expect((await refusal(checkAdmission(store, config(0, 0), now))).code).toBe(
      'OURO_SAFETY_BUDGET_EXHAUSTED',
    );
  });
});
