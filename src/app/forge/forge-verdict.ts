/**
 * What an operator's forge command does with the policy's verdict: allow → go ahead; shadow → report
 * it as recorded, not performed; deny and a pending approval → an error that says what to do next.
 */
import type { PolicyRequest, PolicyVerdict } from '../../adapters/policy-port.js';
import { operatorMayPerform } from '../operator-verdict.js';

/** The part of every mutating command's result that says what the policy decided. */
export interface ForgeActionOutcome {
  /** False in shadow mode: the decision and the would-be effect were only recorded. */
  performed: boolean;
  mode: PolicyVerdict['mode'];
  decision: PolicyVerdict['decision'];
  reasons: string[];
}

export function verdictOutcome(verdict: PolicyVerdict, request: PolicyRequest): ForgeActionOutcome {
  return {
    performed: operatorMayPerform(verdict, request, 'OURO_FORGE_ACTION_REQUIRES_APPROVAL'),
    mode: verdict.mode,
    decision: verdict.decision,
    reasons: verdict.reasons,
  };
}
