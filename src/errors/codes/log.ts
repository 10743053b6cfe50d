import { defineErrors } from '../error-definition.js';

export const logErrors = defineErrors({
  OURO_LOG_WRITE_FAILED: {
    message: 'Cannot write the log file {path}: {reason}',
    remedy: 'Check that the directory exists and is writable, or set logging.file.',
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
});
