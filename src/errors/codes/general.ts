import { defineErrors } from '../error-definition.js';

export const generalErrors = defineErrors({
  OURO_INTERNAL: {
    message: 'Internal error: {message}',
    remedy: 'This is a bug in Ouro. Re-run with --log-level debug and report it with the log file.',
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_CLI_USAGE: {
    message: '{message}',
    remedy: 'Run the command with --help to see its usage.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_CANCELLED: {
    message: 'Cancelled: {reason}',
    remedy: 'Resume the run with `ouro runs resume <id>` if it was a run.',
    retryable: false,
    exitCode: 130,
    httpStatus: 499,
  },
  OURO_NOT_IMPLEMENTED: {
    message: '{feature} is not implemented yet',
    remedy: 'See docs/ for what this version supports.',
    retryable: false,
    exitCode: 2,
    httpStatus: 501,
  },
  OURO_FILE_NOT_FOUND: {
    message: 'File not found: {path}',
    remedy: 'Check the path; relative paths resolve against the project directory (-C).',
    retryable: false,
    exitCode: 2,
    httpStatus: 404,
  },
  OURO_JSON_INVALID: {
    message: 'Invalid JSON in {path}: {reason}',
    remedy: 'Fix the JSON syntax at the position shown.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
});
