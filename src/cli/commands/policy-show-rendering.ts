/** The human form of `ouro policy show`: one section per concern, the mode table last. */
import type { EffectivePolicy } from '../../app/policy-show.js';
import type { ModeRuleRow } from '../../policy/decide.js';
import type { Output } from '../output.js';
import { formatUse } from './format-dollars.js';
import { describePause } from './pause-commands.js';
import { renderTable } from '../render-table.js';

const modes = ['manual', 'supervised', 'autonomous', 'shadow'] as const;

const decisionLabels: Record<ModeRuleRow['decision'], string> = {
  allow: 'allow',
  require_approval: 'approval',
  deny: 'deny',
  record_only: 'record only',
};

function modeTable(rows: ModeRuleRow[], current: string): string[] {
  const actions = [...new Set(rows.map((row) => row.action))];
  const headers = ['ACTION', ...modes.map((mode) => `${mode.toUpperCase()}${mode === current ? '*' : ''}`)];
  const body = actions.map((action) => [
    action,
    ...modes.map((mode) => {
      const row = rows.find((candidate) => candidate.action === action && candidate.mode === mode);
      return row === undefined ? '-' : decisionLabels[row.decision];
    }),
  ]);
  // Notes repeat across modes (every shadow row explains itself); one line per distinct note.
  const notes = new Map<string, { action: string; note: string; modes: string[] }>();
  for (const row of rows) {
    if (row.note === undefined) continue;
    const key = `${row.action}\u0000${row.note}`;
    const entry = notes.get(key) ?? { action: row.action, note: row.note, modes: [] };
    entry.modes.push(row.mode);
    notes.set(key, entry);
  }
  const noteLines = [...notes.values()]
    .filter(
      (entry) =>
        !(entry.modes.length === 1 && entry.modes[0] === 'shadow' && entry.note.startsWith('decided as in')),
    )
    .map((entry) => `  ${entry.action} (${entry.modes.join(', ')}): ${entry.note}`);
  return [
    renderTable(headers, body),
    '',
    'Notes:',
    ...noteLines,
    '  shadow: every action is decided as in autonomous mode, then only recorded unless it is read-only',
    '  any mode: an action that would be allowed needs approval at HIGH or CRITICAL risk;',
    '            commands a person runs are allowed (in shadow mode: recorded only)',
  ];
}

export function renderPolicy(output: Output, policy: EffectivePolicy, now: number): void {
  const { guards, approvals, budgets } = policy;
  const section = (title: string): string => output.colors.bold(title);
  const lines = [
    section('Effective Policy'),
    '----------------',
    `Mode: ${policy.mode} (orchestrator.mode)`,
    `State: ${policy.pause.paused ? output.colors.yellow(describePause(policy.pause, now)) : 'not paused'}`,
    '',
    section('Guards'),
    `  Diff size: at most ${guards.maxFilesChanged} files and ${guards.maxLinesChanged} changed lines (safety.max_files_changed, safety.max_lines_changed)`,
    `  Complexity: at most ${guards.maxComplexity} per function (safety.complexity.max_complexity)`,
    `  Risk rules: ${
      guards.risk.mediumFindingsForHigh === 0
        ? 'MEDIUM findings never make HIGH'
        : `${guards.risk.mediumFindingsForHigh}+ MEDIUM findings make HIGH`
    }; ${
      guards.risk.highFindingsForCritical === 0
        ? 'HIGH findings never make CRITICAL'
        : `${guards.risk.highFindingsForCritical}+ HIGH findings make CRITICAL`
    } (safety.risk)`,
    `  AI risk review: ${
      guards.aiReview.enabled
        ? `on (${guards.aiReview.model ?? 'models.default'}, diffs up to ${guards.aiReview.maxDiffLines} lines; raises risk, never lowers it)`
        : 'off (safety.ai_review.enabled)'
    }`,
    '  Protected paths (a change there is at least HIGH risk):',
    ...(policy.protectedPaths.length === 0
      ? ['    (none)']
      : policy.protectedPaths.map((glob) => `    ${glob}`)),
    '',
    section('Approvals'),
    `  Who may approve: ${
      approvals.approvers.length === 0
        ? 'anyone who can run ouro (safety.approvers is empty)'
        : approvals.approvers.join(', ')
    }`,
    `  Quorum: ${approvals.quorum} ${approvals.quorum === 1 ? 'person' : 'different people'} (safety.approval_quorum)`,
    `  Expire after: ${approvals.timeoutHours} hours (safety.approval_timeout_hours)`,
    `  Auto-approve LOW risk: ${approvals.autoApproveLowRisk ? 'yes, recorded as ouro:auto-approve' : 'no'} (safety.auto_approve_low_risk)`,
    '',
    section('Budgets (UTC)'),
    `  Today ${budgets.day.scopeKey}: ${formatUse(budgets.day.usedMicroUsd, budgets.day.limitMicroUsd, budgets.day.percent)} (${budgets.day.setting})`,
    `  Month ${budgets.month.scopeKey}: ${formatUse(budgets.month.usedMicroUsd, budgets.month.limitMicroUsd, budgets.month.percent)} (${budgets.month.setting})`,
    `  Alerts at: ${budgets.alertThresholds.map((threshold) => `${threshold} %`).join(', ') || 'none'}; at 100 % new work is not admitted`,
    '',
    section(`Decisions by mode (actions Ouro takes on its own; * = current mode)`),
    ...modeTable(policy.rules, policy.mode),
  ];
  for (const line of lines) output.line(line);
}
