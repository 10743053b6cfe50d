import { defineErrors } from '../error-definition.js';

export const budgetErrors = defineErrors({
  OURO_BUDGET_EXCEEDED: {
    message:
      'The {level} budget ({scope}) does not fit this call: {used} used + {requested} requested > limit {limit}',
    remedy:
      'Raise the limit of that level ({setting}), wait for the day or month to roll over (UTC), or use a cheaper model; `ouro policy show` lists the budgets.',
    retryable: false,
    exitCode: 1,
    httpStatus: 402,
  },
  OURO_BUDGET_AMOUNT_INVALID: {
    message: 'Invalid budget amount: {reason}',
    remedy: 'This is a bug in the caller: budget amounts are finite, non-negative dollars and tokens.',
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
});
