/**
 * How approvals look to people (the runbook's "Pending Approvals" blocks) and in `--json` (the
 * record with ISO times, so scripts do not need to know the store keeps epoch milliseconds).
 */
import type { ApprovalDecisionResult, ApprovalView } from '../../app/approvals/index.js';
import type { ApprovalRecord } from '../../store/types.js';
import type { Output } from '../output.js';
import { formatRelative, formatSpan } from './relative-time.js';

const iso = (time: number): string => new Date(time).toISOString();

function approvedCount(approval: ApprovalRecord): number {
  return new Set(approval.decisions.filter((item) => item.decision === 'approve').map((item) => item.by))
    .size;
}

export function approvalJson(approval: ApprovalRecord) {
  return {
    ...approval,
    requestedAt: iso(approval.requestedAt),
    expiresAt: iso(approval.expiresAt),
    decidedAt: approval.decidedAt === null ? null : iso(approval.decidedAt),
    approvals: approvedCount(approval),
    decisions: approval.decisions.map((decision) => ({ ...decision, createdAt: iso(decision.createdAt) })),
  };
}

export function approvalViewJson(view: ApprovalView) {
  return {
    approval: approvalJson(view.approval),
    approvedBy: view.approvedBy,
    assessment: view.assessment,
    findings: view.findings,
    changedFiles: view.changedFiles,
    tests: view.tests ?? null,
    costSoFar: view.costSoFar ?? null,
    effect: view.effect,
  };
}

export function decisionResultJson(result: ApprovalDecisionResult) {
  if (!result.ok) return { id: result.id, ok: false, error: result.error.toJSON() };
  return {
    id: result.id,
    ok: true,
    outcome: result.outcome,
    state: result.approval.state,
    approvals: approvedCount(result.approval),
    quorum: result.approval.quorum,
  };
}

/** `Expires: 22 hours` while pending; what happened instead once it is not. */
function expiryLine(approval: ApprovalRecord, now: number): string {
  if (approval.state === 'pending') {
    return approval.expiresAt > now
      ? `Expires: ${formatSpan(approval.expiresAt - now)}`
      : `Expires: due now (${formatRelative(approval.expiresAt, now)})`;
  }
  const when = approval.decidedAt === null ? '' : ` ${formatRelative(approval.decidedAt, now)}`;
  return `State: ${approval.state}${when}`;
}

/** One block of the list, as in the runbook. */
export function approvalBlock(approval: ApprovalRecord, now: number): string[] {
  return [
    `ID: ${approval.id}`,
    `Operation: ${approval.operation}`,
    `Subject: ${approval.subject.description}`,
    `Risk Level: ${approval.risk.toUpperCase()}`,
    `Requested: ${formatRelative(approval.requestedAt, now)} by ${approval.requestedBy}`,
    expiryLine(approval, now),
    `Approvals: ${approvedCount(approval)} of ${approval.quorum}`,
  ];
}

export function renderApprovalList(
  output: Output,
  title: string,
  approvals: ApprovalRecord[],
  now: number,
): void {
  output.line(output.colors.bold(title));
  output.line('-'.repeat(title.length));
  approvals.forEach((approval, index) => {
    if (index > 0) output.line();
    for (const line of approvalBlock(approval, now)) output.line(line);
  });
}

/** A stored value in one readable line: numbers and strings as they are, objects as `key: value, …`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'not recorded';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((item) => describeValue(item)).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(
        ([key, item]) =>
          `${key}: ${typeof item === 'object' && item !== null ? JSON.stringify(item) : describeValue(item)}`,
      )
      .join(', ');
  }
  return JSON.stringify(value);
}

function subjectLine(approval: ApprovalRecord): string {
  const { subject } = approval;
  const candidates: Array<[string | number | undefined, string]> = [
    [subject.pr, `PR #${subject.pr}`],
    [subject.issue, `issue #${subject.issue}`],
    [subject.headSha, `head ${subject.headSha?.slice(0, 12)}`],
    [subject.runId, `run ${subject.runId}`],
    [subject.stepId, `step ${subject.stepId}`],
    [subject.taskId, `task ${subject.taskId}`],
  ];
  // The description usually names the PR or the step already; repeat only what it leaves out.
  const parts = candidates
    .filter(([value]) => value !== undefined && !subject.description.includes(String(value)))
    .map(([, text]) => text);
  return parts.length === 0 ? subject.description : `${subject.description} (${parts.join(', ')})`;
}

function assessmentLines(view: ApprovalView): string[] {
  if (view.assessment === null && view.findings === null) return ['Risk assessment: not recorded'];
  const lines = ['Risk assessment:'];
  const assessment = view.assessment ?? {};
  const summary = Object.entries(assessment).filter(
    ([key, value]) =>
      !['findings', 'changedFiles', 'tests', 'costSoFar'].includes(key) && value !== undefined,
  );
  for (const [key, value] of summary) lines.push(`  ${key}: ${describeValue(value)}`);
  if (view.findings === null) lines.push('  Guard findings: not recorded');
  else if (view.findings.length === 0) lines.push('  Guard findings: none');
  else {
    lines.push('  Guard findings:');
    for (const finding of view.findings) {
      const location =
        finding.file === undefined
          ? ''
          : ` ${finding.file}${finding.line === undefined ? '' : `:${finding.line}`}`;
      lines.push(`    ${finding.severity.toUpperCase()} ${finding.guard}${location} — ${finding.message}`);
    }
  }
  return lines;
}

export function renderApprovalView(output: Output, view: ApprovalView, now: number): void {
  const { approval } = view;
  const lines = [
    output.colors.bold(`Approval ${approval.id} — ${approval.state.toUpperCase()}`),
    `Operation: ${approval.operation}`,
    `Subject: ${subjectLine(approval)}`,
    `Risk Level: ${approval.risk.toUpperCase()}`,
    'Reasons:',
    ...(approval.reasons.length === 0
      ? ['  (none given)']
      : approval.reasons.map((reason) => `  - ${reason}`)),
    `Requested: ${formatRelative(approval.requestedAt, now)} by ${approval.requestedBy} (${iso(approval.requestedAt)})`,
    approval.state === 'pending'
      ? `${expiryLine(approval, now)} (${iso(approval.expiresAt)})`
      : `${expiryLine(approval, now)}`,
    `Approvals: ${view.approvedBy.length} of ${approval.quorum}${view.approvedBy.length > 0 ? ` (${view.approvedBy.join(', ')})` : ''}`,
    '',
    ...assessmentLines(view),
    view.changedFiles === null
      ? 'Changed files: not recorded'
      : view.changedFiles.length === 0
        ? 'Changed files: none'
        : `Changed files (${view.changedFiles.length}):`,
    ...(view.changedFiles ?? []).map((file) => `  ${file}`),
    `Test results: ${describeValue(view.tests)}`,
    `Cost so far: ${typeof view.costSoFar === 'number' ? `$${view.costSoFar.toFixed(4)}` : describeValue(view.costSoFar)}`,
  ];
  if (view.effect !== null) lines.push(`Effect: ${describeValue(view.effect)}`);
  lines.push('', 'Decisions:');
  if (approval.decisions.length === 0) lines.push('  none yet');
  for (const decision of approval.decisions) {
    const comment = decision.comment === null ? '' : `: ${decision.comment}`;
    lines.push(
      `  ${decision.decision} by ${decision.by} ${formatRelative(decision.createdAt, now)}${comment}`,
    );
  }
  for (const line of lines) output.line(line);
}

/** One line per successful decision; failures go through the error format (code and remedy). */
export function renderDecisionResults(output: Output, results: ApprovalDecisionResult[]): void {
  for (const result of results) {
    if (!result.ok) {
      output.error(result.error);
      continue;
    }
    const { approval } = result;
    const count = `${approvedCount(approval)} of ${approval.quorum}`;
    const text = {
      approved: `${approval.id}: approved (${count} approvals) — ${approval.operation} may proceed`,
      denied: `${approval.id}: denied — ${approval.operation} will not happen`,
      awaiting_quorum: `${approval.id}: approval recorded (${count}); ${approval.quorum - approvedCount(approval)} more needed`,
      already_approved: `${approval.id}: you already approved it (${count}); nothing changed`,
    }[result.outcome];
    output.line(result.outcome === 'denied' ? output.colors.yellow(text) : output.colors.green(text));
    if (result.outcome === 'approved' && approval.subject.runId !== undefined) {
      output.line(`  continue with: ouro runs resume ${approval.subject.runId}`);
    }
  }
}
