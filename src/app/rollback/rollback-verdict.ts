/**
 * What an operator's rollback does with the policy's verdict: allow → go ahead; shadow → report it
 * as recorded, not performed; deny and require_approval → an error that says what to do next.
 */
import type { PolicyRequest, PolicyVerdict } from '../../adapters/policy-port.js';
import { OuroError } from '../../errors/index.js';

/** True when the rollback may be performed, false in shadow mode; throws when it may not happen. */
export function mayPerform(verdict: PolicyVerdict, request: PolicyRequest): boolean {
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
    throw new OuroError('OURO_ROLLBACK_APPROVAL_REQUIRED', {
      subject: request.subject,
      approvalId: verdict.approvalId,
      risk: verdict.risk.toUpperCase(),
      reason,
    });
  }
  // allow without perform, or an approval that shadow mode only records.
  return verdict.decision === 'allow' && verdict.perform;
}
