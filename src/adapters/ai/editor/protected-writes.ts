/**
 * The editing agent's writes to protected paths (`safety.protected_paths`): each one is asked of the
 * policy first. A refusal is told to the model (it can continue without that file); a write that
 * needs a person's approval also ends the step as `needs_approval`, so the run pauses until someone
 * decides — one approval per step covers all of its protected writes.
 */
import type { PolicyRequest, PolicyVerdict } from '../../policy-port.js';
import { stepResultForVerdict } from '../../policy-verdict.js';
import type { StepContext, StepResult } from '../../types.js';

export interface ProtectedWrites {
  guard(relative: string): Promise<string | undefined>;
  /** The step's result when a protected write waits for approval. */
  readonly waiting: StepResult | undefined;
}

function refusal(relative: string, verdict: PolicyVerdict): string {
  const why = verdict.reasons.join('; ');
  if (verdict.decision === 'require_approval' && verdict.approvalId) {
    return `${relative} is a protected path: writing it needs approval ${verdict.approvalId} (${why}). It was not changed; finish the rest of the task without it.`;
  }
  if (verdict.decision === 'allow') {
    return `${relative} is a protected path; shadow mode recorded the write instead of making it (${why}).`;
  }
  return `${relative} is a protected path and the policy refused the write (${why}). It was not changed; do not try again.`;
}

export function guardProtectedWrites(
  context: Pick<StepContext, 'policy' | 'runId' | 'stepId'>,
): ProtectedWrites {
  let waiting: StepResult | undefined;
  return {
    get waiting() {
      return waiting;
    },
    async guard(relative) {
      if (context.policy.protectedPaths([relative]).length === 0) return undefined;
      const request: PolicyRequest = {
        action: 'write_protected_path',
        subject: `write ${relative} in step ${context.stepId} of run ${context.runId}`,
        subjectKey: `run:${context.runId}:step:${context.stepId}:write_protected_path`,
        initiator: 'ouro',
        effect: { path: relative },
      };
      const verdict = await context.policy.authorize(request);
      if (verdict.decision === 'allow' && verdict.perform) return undefined;
      if (verdict.decision === 'require_approval' && verdict.approvalId) {
        waiting ??= stepResultForVerdict(verdict, request);
      }
      return refusal(relative, verdict);
    },
  };
}
