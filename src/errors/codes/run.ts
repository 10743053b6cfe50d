import { defineErrors } from '../error-definition.js';

export const runErrors = defineErrors({
  OURO_RUN_NOT_FOUND: {
    message: 'Run {runId} not found',
    remedy: 'List runs with `ouro runs list`.',
    retryable: false,
    exitCode: 2,
    httpStatus: 404,
  },
  OURO_RUN_LOCKED: {
    message: 'Run {runId} is being executed by {owner}',
    remedy: 'Wait for it, or cancel it with `ouro runs cancel {runId}`.',
    retryable: true,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_RUN_NOT_RESUMABLE: {
    message: 'Run {runId} has ended ({status}) and cannot be resumed',
    remedy: 'Start a new run with `ouro run <workflow>`.',
    retryable: false,
    exitCode: 2,
    httpStatus: 409,
  },
  OURO_RUN_FAILED: {
    message: 'Run {runId} failed: {reason}',
    remedy: 'Inspect it with `ouro runs show {runId}`; fix the cause and start a new run.',
    retryable: false,
    exitCode: 1,
    httpStatus: 422,
  },
  OURO_RUN_TIMEOUT: {
    message: 'Run exceeded its timeout of {minutes} minutes',
    remedy: 'Raise policy.timeout_minutes in the workflow or make the steps faster.',
    retryable: true,
    exitCode: 1,
    httpStatus: 504,
  },
  OURO_STEP_TIMEOUT: {
    message: 'Step {stepId} exceeded its timeout of {minutes} minutes',
    remedy: 'Raise timeout_minutes on the step, or find why it is slow.',
    retryable: true,
    exitCode: 1,
    httpStatus: 504,
  },
  OURO_STEP_PARAMS_INVALID: {
    message: 'Step {stepId}: invalid parameters for {actor}: {message}',
    remedy: 'Check the step `with:` values after template rendering; `ouro verify` checks the static ones.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_STEP_CRASHED: {
    message: 'Step {stepId} ({actor}) raised an unexpected error: {message}',
    remedy: 'This is a bug in the adapter; re-run with --log-level debug and report it.',
    retryable: true,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_STEP_ARTIFACT_MISSING: {
    message: 'Step {stepId} declared {path} in emits but did not write it',
    remedy: 'Fix the step parameters or remove the path from emits.',
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_ARTIFACT_PATH_INVALID: {
    message: 'Artifact path {path} is outside the run artifacts directory',
    remedy: 'Use a relative path starting with artifacts/ without "..".',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
});
