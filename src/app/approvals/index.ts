/** Approvals for people: list, view, approve, deny (issue 4 §4). */
export {
  approve,
  approvalCount,
  deny,
  notPendingError,
  type ApprovalDecisionResult,
} from './decide-approvals.js';
export { expireDueApprovals } from '../../policy/approvals/expire-due-approvals.js';
export { findApproval } from './find-approval.js';
export { approvalStates, listApprovals, type ListApprovalsOptions } from './list-approvals.js';
export { describeApproval, viewApproval, type ApprovalFinding, type ApprovalView } from './view-approval.js';
