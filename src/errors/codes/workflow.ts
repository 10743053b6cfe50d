import { defineErrors } from '../error-definition.js';

export const workflowErrors = defineErrors({
  OURO_WORKFLOW_INVALID: {
    message: 'Invalid workflow {file}: {message}',
    remedy: 'Run `ouro verify {file}` to list every problem with its line and column.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
});
