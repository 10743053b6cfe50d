/**
 * What an operator's forge command does with the policy's verdict: allow → go ahead; shadow → report
 * it as recorded, not performed; deny and a pending approval → an error that says what to do next.
 */
import type { PolicyRequest, PolicyVerdict } from '../../adapters/policy-port.js';
import { OuroError } from '../../errors/index.js';

/** The part of every mutating command's result that says what the policy decided. */
export interface ForgeActionOutcome {
  /** False in shadow mode: the decision and the would-be effect were only recorded. */
  performed: boolean;
  mode: PolicyVerdict['mode'];
  decision: PolicyVerdict['decision'];
  reasons: string[];
}

export function verdictOutcome(verdict: PolicyVerdict, request: PolicyRequest): ForgeActionOutcome {
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
    throw new OuroError('OURO_FORGE_ACTION_REQUIRES_APPROVAL', {
      subject: request.subject,
      approvalId: verdict.approvalId,
      risk: verdict.risk.toUpperCase(),
      reason,
    });
  }
  return {
    performed: verdict.decision === 'allow' && verdict.perform,
    mode: verdict.mode,
    decision: verdict.decision,
    reasons: verdict.reasons,
  };
}
