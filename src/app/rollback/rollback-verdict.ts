/** What an operator's rollback does with the policy's verdict (see app/operator-verdict.ts). */
import type { PolicyRequest, PolicyVerdict } from '../../adapters/policy-port.js';
import { operatorMayPerform } from '../operator-verdict.js';

/** True when the rollback may be performed, false in shadow mode; throws when it may not happen. */
export function mayPerform(verdict: PolicyVerdict, request: PolicyRequest): boolean {
  return operatorMayPerform(verdict, request, 'OURO_ROLLBACK_APPROVAL_REQUIRED');
}
