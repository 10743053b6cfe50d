import { defineErrors } from '../error-definition.js';

export const runErrors = defineErrors({
  OURO_RUN_NOT_FOUND: {
    message: 'Run {runId} not found',
    remedy: 'List runs with `ouro runs list`.',
    retryable: false,
    exitCode: 2,
    httpStatus: 404,
  },
});
