/**
 * `ouro policy show` (issue 4 §1): the effective policy as one document — the mode, what the
 * guards and risk rules are set to, who may approve and how, the budgets with their current use,
 * whether Ouro is paused, and the decision table of every mode (from `describeModeRules`, the
 * same function that decides, so the table cannot drift from the behaviour).
 */
import type { PolicyMode } from '../adapters/policy-port.js';
import type { OuroConfig } from '../config/index.js';
import { describeModeRules, type ModeRuleRow } from '../policy/decide.js';
import type { PauseState, Store } from '../store/types.js';
import { readCostUsage, type CostUsage } from './cost-usage.js';

export interface EffectivePolicy {
  mode: PolicyMode;
  guards: {
    maxFilesChanged: number;
    maxLinesChanged: number;
    maxComplexity: number;
    risk: { mediumFindingsForHigh: number; highFindingsForCritical: number };
    aiReview: { enabled: boolean; model: string | null; maxDiffLines: number };
  };
  protectedPaths: string[];
  approvals: {
    timeoutHours: number;
    quorum: number;
    /** Empty: anyone who can run ouro (or holds the approve scope over HTTP) may decide. */
    approvers: string[];
    autoApproveLowRisk: boolean;
  };
  budgets: CostUsage & { alertThresholds: number[] };
  pause: PauseState;
  rules: ModeRuleRow[];
}

export async function showPolicy(
  store: Store,
  config: Pick<OuroConfig, 'orchestrator' | 'safety'>,
  now: number = Date.now(),
): Promise<EffectivePolicy> {
  const { safety } = config;
  const [cost, pause] = await Promise.all([readCostUsage(store, config, now), store.control.getPause()]);
  return {
    mode: config.orchestrator.mode,
    guards: {
      maxFilesChanged: safety.max_files_changed,
      maxLinesChanged: safety.max_lines_changed,
      maxComplexity: safety.complexity.max_complexity,
      risk: {
        mediumFindingsForHigh: safety.risk.medium_findings_for_high,
        highFindingsForCritical: safety.risk.high_findings_for_critical,
      },
      aiReview: {
        enabled: safety.ai_review.enabled,
        model: safety.ai_review.model ?? null,
        maxDiffLines: safety.ai_review.max_diff_lines,
      },
    },
    protectedPaths: [...safety.protected_paths],
    approvals: {
      timeoutHours: safety.approval_timeout_hours,
      quorum: safety.approval_quorum,
      approvers: [...safety.approvers],
      autoApproveLowRisk: safety.auto_approve_low_risk,
    },
    budgets: { ...cost, alertThresholds: [...safety.alert_thresholds].sort((left, right) => left - right) },
    pause,
    rules: describeModeRules(),
  };
}
