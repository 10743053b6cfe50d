import { defineErrors } from '../error-definition.js';

export const auditErrors = defineErrors({
  OURO_AUDIT_ENTRY_INVALID: {
    message: 'Invalid audit entry: {reason}',
    remedy:
      'Give a non-empty actor and action, a subject, string reasons and JSON-serializable details; this is a bug in the caller.',
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_AUDIT_CHAIN_BROKEN: {
    message: 'The audit log is broken at entry {sequence}: {reason}',
    remedy:
      'The audit_log table was changed outside Ouro. Restore it from a backup and find out who had write access to the database; entries before {sequence} are intact.',
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
});
