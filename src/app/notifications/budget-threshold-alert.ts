/**
 * What happens when a day or month budget reaches an alert threshold for the first time (the models
 * layer decides when; see models/budget/budget-thresholds.ts): a `budget_threshold` warning in the
 * log, an audit entry, and the `budget_threshold` notification. Each part runs even when an earlier
 * one failed, and none throws: the model call that crossed the threshold is already paid for.
 */
import { formatUsd } from '../../models/budget/budget-amounts.js';
import type { BudgetThresholdCrossing, BudgetThresholdHook } from '../../models/budget/budget-thresholds.js';
import { LogEvent, type Logger } from '../../observability/logger-types.js';
import { appendAudit } from '../../policy/audit/index.js';
import type { Store } from '../../store/types.js';
import type { NotifyFunction } from './notifier.js';

export interface BudgetThresholdAlertOptions {
  store: Store;
  logger: Logger;
  notify: NotifyFunction;
  now?: () => number;
}

/** `day budget 2026-11-22 reached 80 %: $8.02 of $10`. */
export function describeCrossing(crossing: BudgetThresholdCrossing): string {
  return `${crossing.level} budget ${crossing.scopeKey} reached ${crossing.threshold} %: ${formatUsd(crossing.usedUsd)} of ${formatUsd(crossing.limitUsd)}`;
}

export function createBudgetThresholdAlert(options: BudgetThresholdAlertOptions): BudgetThresholdHook {
  const { store, logger, notify } = options;
  const now = options.now ?? Date.now;
  return async (crossing) => {
    const description = describeCrossing(crossing);
    const percentUsed =
      crossing.limitUsd === 0 ? null : Math.round((crossing.usedUsd / crossing.limitUsd) * 1000) / 10;
    const facts = {
      level: crossing.level,
      scope: crossing.scopeKey,
      threshold: crossing.threshold,
      usedUsd: crossing.usedUsd,
      limitUsd: crossing.limitUsd,
      percentUsed,
      // At 100 % nothing new is admitted and running steps stop at their next model call.
      stopsNewWork: crossing.threshold >= 100,
    };
    logger.warn(
      {
        event: LogEvent.budgetThreshold,
        level: crossing.level,
        scope: crossing.scopeKey,
        threshold: crossing.threshold,
        used_usd: crossing.usedUsd,
        limit_usd: crossing.limitUsd,
      },
      description,
    );
    try {
      await appendAudit(store, {
        createdAt: now(),
        actor: 'ouro',
        action: 'budget_threshold',
        subject: `${crossing.level}:${crossing.scopeKey}`,
        reasons: [description],
        details: facts,
      });
    } catch (error) {
      logger.error(
        { err: error, event: LogEvent.budgetThreshold },
        'could not record the budget threshold in the audit log',
      );
    }
    await notify('budget_threshold', facts);
  };
}
