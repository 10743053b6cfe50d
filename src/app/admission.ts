/**
 * Whether new work may start (issue 4 §5, §8): not while paused, and not once today's or this
 * month's spend reached its limit. Called before a run starts or resumes; running steps are not
 * stopped here (the budget refuses their next model call on its own).
 */
import type { OuroConfig } from '../config/index.js';
import { OuroError } from '../errors/index.js';
import { formatUsd, microUsdToUsd } from '../models/budget/budget-amounts.js';
import type { Store } from '../store/types.js';
import { readCostUsage, type CostUsage, type PeriodCostUsage } from './cost-usage.js';

function exhausted(usage: PeriodCostUsage): OuroError {
  return new OuroError(
    'OURO_SAFETY_BUDGET_EXHAUSTED',
    {
      which: usage.period === 'day' ? 'daily' : 'monthly',
      used: formatUsd(microUsdToUsd(usage.usedMicroUsd)),
      limit: formatUsd(microUsdToUsd(usage.limitMicroUsd)),
      scope: usage.scopeKey,
      period: usage.period,
      setting: usage.setting,
    },
    { details: usage },
  );
}

/**
 * A limit of 0 forbids spending, not working: the budget refuses every model call, while work
 * without model calls (lint, tests) is still admitted until something was actually spent.
 */
function isExhausted(usage: PeriodCostUsage): boolean {
  return usage.limitMicroUsd === 0 ? usage.usedMicroUsd > 0 : usage.usedMicroUsd >= usage.limitMicroUsd;
}

/** Throws OURO_SAFETY_PAUSED or OURO_SAFETY_BUDGET_EXHAUSTED; otherwise returns the spend. */
export async function checkAdmission(
  store: Store,
  config: Pick<OuroConfig, 'safety'>,
  now: number = Date.now(),
): Promise<CostUsage> {
  const pause = await store.control.getPause();
  if (pause.paused) {
    throw new OuroError(
      'OURO_SAFETY_PAUSED',
      {
        since: pause.since === null ? 'an unknown time' : new Date(pause.since).toISOString(),
        by: pause.by ?? 'an unknown identity',
        reason: pause.reason ?? 'no reason given',
      },
      { details: pause },
    );
  }
  const usage = await readCostUsage(store, config, now);
  // The month first: when both are used up, waiting for tomorrow would not help.
  for (const period of [usage.month, usage.day]) {
    if (isExhausted(period)) throw exhausted(period);
  }
  return usage;
}
