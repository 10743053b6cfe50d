/**
 * What an operator's command (rollback, a forge action) does with the policy's verdict: allow → go
 * ahead; shadow → report it as recorded, not performed; deny and a pending approval → an error that
 * says what to do next.
 */
import type { PolicyRequest, PolicyVerdict } from '../adapters/policy-port.js';
import { OuroError } from '../errors/index.js';

/** The code raised when the command has to wait for an approval (its remedy names the command). */
export type ApprovalErrorCode = 'OURO_ROLLBACK_APPROVAL_REQUIRED' | 'OURO_FORGE_ACTION_REQUIRES_APPROVAL';

/** True when the command may act, false in shadow mode; throws when it may not happen now. */
export function operatorMayPerform(
  verdict: PolicyVerdict,
  request: PolicyRequest,
  approvalCode: ApprovalErrorCode,
): boolean {
  const reason = verdict.reasons.join('; ');
  if (verdict.decision === 'deny') {
    throw new OuroError('OURO_POLICY_DENIED', {
      action: request.action,
      subject: request.subject,
      mode: verdict.mode,
      reason,
    });
  }
  if (verdict.decision === 'require_approval' && verdict.approvalId !== undefined) {
    throw new OuroError(approvalCode, {
      subject: request.subject,
      approvalId: verdict.approvalId,
      risk: verdict.risk.toUpperCase(),
      reason,
    });
  }
  // allow without perform, or an approval that shadow mode only records.
  return verdict.decision === 'allow' && verdict.perform;
}
