import { defineErrors } from '../error-definition.js';

export const logErrors = defineErrors({
  OURO_LOG_WRITE_FAILED: {
    message: 'Cannot write the log file {path}: {reason}',
    remedy: 'Check that the directory exists and is writable, or set logging.file.',
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_LOG_ROTATE_FAILED: {
    message: 'Cannot rotate the log file {path}: {reason}',
    remedy:
      'Check that the log directory is writable by this user; remove stale ouro.log.N files by hand if needed.',
    retryable: true,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_LOG_READ_FAILED: {
    message: 'Cannot read the log file {path}: {reason}',
    remedy: 'Check that this user may read the log directory (it is created with mode 0600 files).',
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_LOG_FILE_NOT_FOUND: {
    message: 'No log file at {path}',
    remedy:
      'Nothing has been logged yet, or logging.file points elsewhere: run a command first or check `ouro config get logging.file`.',
    retryable: false,
    exitCode: 1,
    httpStatus: 404,
  },
});
