/**
 * How a step reports a policy verdict that stops it from acting, so that every adapter (and the
 * engine's `run_command` check) ends the same way: deny → failed, require_approval → needs_approval
 * (the run pauses until the approval is decided), shadow → skipped with what would have happened.
 */
import { OuroError } from '../errors/index.js';
import type { PolicyRequest, PolicyVerdict } from './policy-port.js';
import { stepErrorFrom } from './process/step-failure.js';
import type { StepResult } from './types.js';

/** The step result for a verdict that does not let the step act; undefined when it may act. */
export function stepResultForVerdict(verdict: PolicyVerdict, request: PolicyRequest): StepResult | undefined {
  if (verdict.decision === 'allow' && verdict.perform) return undefined;
  const reason = verdict.reasons.join('; ');
  if (verdict.decision === 'deny') {
    return {
      status: 'failed',
      outputs: {},
      error: stepErrorFrom(
        new OuroError('OURO_POLICY_DENIED', {
          action: request.action,
          subject: request.subject,
          mode: verdict.mode,
          reason,
        }),
      ),
      summary: `denied by policy: ${reason}`,
    };
  }
  if (verdict.decision === 'require_approval' && verdict.approvalId) {
    return {
      status: 'needs_approval',
      outputs: { approval_id: verdict.approvalId },
      error: stepErrorFrom(
        new OuroError('OURO_POLICY_APPROVAL_REQUIRED', {
          action: request.action,
          subject: request.subject,
          approvalId: verdict.approvalId,
          risk: verdict.risk.toUpperCase(),
          reason,
        }),
      ),
      summary: `waiting for approval ${verdict.approvalId}`,
    };
  }
  // Shadow mode: allowed but not performed, or an approval that shadow mode only records.
  return {
    status: 'skipped',
    outputs: { shadow: true, decision: verdict.decision },
    summary: `shadow mode: would ${request.action.replaceAll('_', ' ')} (${verdict.decision}${
      verdict.decision === 'require_approval' ? ` at ${verdict.risk.toUpperCase()} risk` : ''
    }) — recorded, not performed`,
  };
}
