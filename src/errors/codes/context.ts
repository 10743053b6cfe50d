import { defineErrors } from '../error-definition.js';

export const contextErrors = defineErrors({
  OURO_CONTEXT_OPTIONS_INVALID: {
    message: 'Invalid context request: {reason}',
    remedy: 'Give a non-empty task text and a whole-number token budget of at least 1.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_CONTEXT_PROJECT_NOT_FOUND: {
    message: 'Cannot build context: {path} is not a directory',
    remedy: 'Run the command inside the project or point -C at its directory.',
    retryable: false,
    exitCode: 2,
    httpStatus: 404,
  },
});
