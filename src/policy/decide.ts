/**
 * The decision function: for one requested action and the current state (mode, pause, budget, an
 * existing approval), allow, deny or require an approval — with every reason. Pure: the gate
 * (policy-gate.ts) gathers the state and records the outcome. The mode meanings are the brief's §7:
 * manual acts only inside commands a person runs, supervised works up to an open PR, autonomous
 * merges LOW/MEDIUM risk, shadow decides like autonomous and performs nothing that is not read-only.
 */
import {
  policyActions,
  type PolicyAction,
  type PolicyMode,
  type PolicyRequest,
  type PolicyRisk,
} from '../adapters/policy-port.js';
import type { ApprovalState } from '../store/types.js';

type Rule = 'allow' | 'require_approval' | 'deny' | 'by_risk';
type ActingMode = Exclude<PolicyMode, 'shadow'>;

/** Supervised: Ouro works up to an open PR; merges, closing issues and rollbacks wait for a person. */
const supervisedRules: Record<PolicyAction, Rule> = {
  claim_issue: 'allow',
  create_issue: 'allow',
  push_branch: 'allow',
  open_pr: 'allow',
  comment: 'allow',
  merge: 'require_approval',
  close_issue: 'require_approval',
  rollback: 'require_approval',
  write_protected_path: 'require_approval',
  model_call: 'allow',
  run_command: 'allow',
};

/** What each mode does with each action Ouro itself takes (operator commands are allowed). */
const modeRules: Record<ActingMode, Record<PolicyAction, Rule>> = {
  // Manual: Ouro acts only inside commands a person runs, so it takes up no work on its own.
  manual: { ...supervisedRules, claim_issue: 'deny', create_issue: 'deny' },
  supervised: supervisedRules,
  autonomous: { ...supervisedRules, merge: 'by_risk', close_issue: 'allow', rollback: 'allow' },
};

const ruleNotes: Partial<Record<PolicyAction, string>> = {
  merge: 'LOW/MEDIUM risk with green checks: allow; HIGH/CRITICAL or no assessment: approval',
  write_protected_path: 'always at least HIGH risk',
};

/** The state the decision depends on, gathered by the gate. */
export interface DecisionState {
  mode: PolicyMode;
  paused: { reason: string | null; by: string | null } | undefined;
  /** Why no more money may be spent (daily or monthly limit reached), when that is so. */
  budgetExhausted: string | undefined;
  autoApproveLowRisk: boolean;
  /** The newest approval recorded for the request's subject, when there is one. */
  approval?: { id: string; state: ApprovalState; headSha?: string | undefined; decidedBy: string[] };
}

export interface Decision {
  decision: 'allow' | 'deny' | 'require_approval';
  /** Whether the caller may perform the action (false in shadow mode unless it is read-only). */
  perform: boolean;
  reasons: string[];
  /** The risk an approval is requested at. */
  risk: PolicyRisk;
  /** The approval that allowed or denied it. */
  approvalId?: string;
  /** Allowed because LOW risk and `safety.auto_approve_low_risk`: the gate records an auto-approval. */
  autoApprove?: boolean;
}

const riskOrder: PolicyRisk[] = ['low', 'medium', 'high', 'critical'];
const atLeastHigh = (risk: PolicyRisk): boolean => riskOrder.indexOf(risk) >= riskOrder.indexOf('high');
const maxRisk = (left: PolicyRisk, right: PolicyRisk): PolicyRisk =>
  riskOrder.indexOf(left) >= riskOrder.indexOf(right) ? left : right;

/** The risk the request carries; a protected path is at least HIGH (issue 4 §2). */
function requestRisk(request: PolicyRequest): PolicyRisk {
  const given = request.risk ?? (request.action === 'merge' ? 'medium' : 'low');
  return request.action === 'write_protected_path' ? maxRisk(given, 'high') : given;
}

/** Hard limits that no mode and no approval lifts. */
function hardDenial(request: PolicyRequest, state: DecisionState): string | undefined {
  if (request.action === 'push_branch' && request.effect['targetsDefaultBranch'] === true) {
    return 'Ouro never pushes to the default branch; changes reach it through a merge';
  }
  if (state.budgetExhausted && (request.action === 'model_call' || request.action === 'claim_issue')) {
    return state.budgetExhausted;
  }
  if (state.paused && request.action === 'claim_issue') {
    const by = state.paused.by ? ` by ${state.paused.by}` : '';
    return `paused${by}${state.paused.reason ? `: ${state.paused.reason}` : ''} — nothing new is admitted`;
  }
  return undefined;
}

/** allow / deny / require_approval under the mode's rule, before approvals are looked at. */
function ruleDecision(
  request: PolicyRequest,
  mode: ActingMode,
  risk: PolicyRisk,
  modeLabel: string,
): { decision: Decision['decision']; reasons: string[] } {
  if (request.initiator === 'operator') {
    return { decision: 'allow', reasons: ['requested by an operator command'] };
  }
  const rule = modeRules[mode][request.action];
  const label = request.action.replaceAll('_', ' ');
  if (rule === 'deny') {
    return { decision: 'deny', reasons: [`${modeLabel}: Ouro does not ${label} on its own`] };
  }
  if (rule === 'require_approval') {
    return { decision: 'require_approval', reasons: [`${modeLabel}: ${label} needs a person's approval`] };
  }
  if (rule === 'by_risk') {
    if (request.checksPassed === false) {
      return { decision: 'deny', reasons: [`${modeLabel}: checks are not green`] };
    }
    // The gate sets the risk when it assessed the change; without one nobody knows the risk.
    if (request.risk === undefined) {
      return {
        decision: 'require_approval',
        reasons: [`${modeLabel}: no risk assessment for this ${label}, so a person decides`],
      };
    }
  }
  if (atLeastHigh(risk)) {
    return {
      decision: 'require_approval',
      reasons: [`${risk.toUpperCase()} risk: a person must approve (every mode)`],
    };
  }
  return {
    decision: 'allow',
    reasons: [
      rule === 'by_risk'
        ? `${modeLabel}: ${risk.toUpperCase()} risk ${label} is allowed`
        : `${modeLabel} allows ${label}`,
    ],
  };
}

/** Applies an existing approval of the same subject to a decision that needs one. */
function withApproval(decision: Decision, request: PolicyRequest, state: DecisionState): Decision {
  const approval = state.approval;
  if (!approval) return decision;
  const sameHead =
    request.headSha === undefined || approval.headSha === undefined || approval.headSha === request.headSha;
  if (!sameHead) return decision;
  if (approval.state === 'approved') {
    const by = approval.decidedBy.length > 0 ? ` by ${approval.decidedBy.join(', ')}` : '';
    return {
      ...decision,
      decision: 'allow',
      reasons: [...decision.reasons, `approved in ${approval.id}${by}`],
      approvalId: approval.id,
    };
  }
  if (approval.state === 'denied') {
    const by = approval.decidedBy.length > 0 ? ` by ${approval.decidedBy.join(', ')}` : '';
    return {
      ...decision,
      decision: 'deny',
      reasons: [...decision.reasons, `denied in ${approval.id}${by}`],
      approvalId: approval.id,
    };
  }
  if (approval.state === 'pending') return { ...decision, approvalId: approval.id };
  return decision;
}

export function decide(request: PolicyRequest, state: DecisionState): Decision {
  const risk = requestRisk(request);
  const riskReasons = request.reasons ?? [];
  const denial = hardDenial(request, state);
  if (denial) return { decision: 'deny', perform: false, reasons: [denial], risk };
  const actingMode: ActingMode = state.mode === 'shadow' ? 'autonomous' : state.mode;
  const modeLabel = state.mode === 'shadow' ? 'shadow mode (deciding as autonomous)' : `${state.mode} mode`;
  const ruled = ruleDecision(request, actingMode, risk, modeLabel);
  let decision: Decision = {
    decision: ruled.decision,
    perform: false,
    reasons: ruled.decision === 'require_approval' ? [...ruled.reasons, ...riskReasons] : ruled.reasons,
    risk,
  };
  if (decision.decision === 'require_approval' && state.mode !== 'shadow') {
    decision = withApproval(decision, request, state);
    if (decision.decision === 'require_approval' && risk === 'low' && state.autoApproveLowRisk) {
      decision = {
        ...decision,
        decision: 'allow',
        autoApprove: true,
        reasons: [...decision.reasons, 'LOW risk auto-approved (safety.auto_approve_low_risk)'],
      };
    }
  }
  const shadowed = state.mode === 'shadow' && request.readOnly !== true;
  if (state.mode === 'shadow') {
    decision.reasons.push(
      shadowed ? 'shadow mode: recorded, not performed' : 'shadow mode: read-only, performed',
    );
  }
  decision.perform = decision.decision === 'allow' && !shadowed;
  return decision;
}

export interface ModeRuleRow {
  mode: PolicyMode;
  action: PolicyAction;
  decision: 'allow' | 'require_approval' | 'deny' | 'record_only';
  note?: string;
}

/** The decision table of every mode for Ouro's own actions (`ouro policy show`, docs). */
export function describeModeRules(): ModeRuleRow[] {
  const rows: ModeRuleRow[] = [];
  const modes: PolicyMode[] = ['manual', 'supervised', 'autonomous', 'shadow'];
  for (const mode of modes) {
    for (const action of policyActions) {
      const request: PolicyRequest = {
        action,
        subject: action,
        subjectKey: action,
        initiator: 'ouro',
        risk: 'low',
        effect: {},
        ...(action === 'model_call' ? { readOnly: true } : {}),
      };
      const outcome = decide(request, {
        mode,
        paused: undefined,
        budgetExhausted: undefined,
        autoApproveLowRisk: false,
      });
      const row: ModeRuleRow = {
        mode,
        action,
        decision: mode === 'shadow' && !outcome.perform ? 'record_only' : outcome.decision,
      };
      const rule = modeRules[mode === 'shadow' ? 'autonomous' : mode][action];
      const note =
        mode === 'shadow' && action === 'run_command'
          ? 'read-only commands (checks, git status) run; anything else is only recorded'
          : mode === 'shadow' && action === 'model_call'
            ? 'model calls change nothing outside Ouro: they run, within the budgets'
            : mode === 'shadow'
              ? `decided as in autonomous mode (${rule.replace('by_risk', 'by risk').replaceAll('_', ' ')}), then only recorded`
              : rule === 'by_risk'
                ? ruleNotes.merge
                : action === 'merge'
                  ? undefined
                  : ruleNotes[action];
      if (note) row.note = note;
      rows.push(row);
    }
  }
  return rows;
}
