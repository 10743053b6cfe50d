/** Errors of the metrics area (`ouro metrics …` and the metrics use cases behind it). */
import { defineErrors } from '../error-definition.js';

export const metricsErrors = defineErrors({
  OURO_METRICS_PERIOD_INVALID: {
    message: 'Unknown metrics period "{period}"',
    remedy: 'Use one of day (the last 24 hours), week (the last 7 days) or month (the last 30 days).',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
});
