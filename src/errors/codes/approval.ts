/** Errors of the approval area: `ouro approvals …` and the app functions behind it. */
import { defineErrors } from '../error-definition.js';

export const approvalErrors = defineErrors({
  OURO_APPROVAL_NOT_FOUND: {
    message: 'No approval {id}',
    remedy:
      'List the pending approvals with `ouro approvals list` (all of them with `ouro approvals list --all`).',
    retryable: false,
    exitCode: 1,
    httpStatus: 404,
  },
  OURO_APPROVAL_NOT_ALLOWED: {
    message: '{by} may not decide approvals (safety.approvers: {approvers})',
    remedy:
      'Ask one of the listed approvers, or add {by} to safety.approvers in ouro.config.yaml. The CLI identity is user:<your OS user name>.',
    retryable: false,
    exitCode: 1,
    httpStatus: 403,
  },
  OURO_APPROVAL_EXPIRED: {
    message: 'Approval {id} expired {when} without a decision',
    remedy:
      'Nothing waits on it any more. The requester asks again on its next attempt (e.g. `ouro runs resume <run>`); raise safety.approval_timeout_hours if approvals expire too soon.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_APPROVAL_STALE: {
    message: 'Approval {id} is stale: its subject changed after the request ({subject})',
    remedy:
      'It was asked for an earlier head commit and cannot be decided any more; the requester asks again for the new head on its next attempt (see `ouro approvals list`).',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_APPROVAL_ALREADY_DECIDED: {
    message: 'Approval {id} was already {state} {when}',
    remedy:
      'A decision is final. See who decided with `ouro approvals view {id}`; to undo an approved change that was already applied, use `ouro rollback`.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_APPROVAL_REASON_REQUIRED: {
    message: 'A denial needs a reason',
    remedy: 'Give it with --reason "…": the requester and the audit log keep it.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
});
