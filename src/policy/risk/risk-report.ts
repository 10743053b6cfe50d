/** The policy report (findings plus risk) as a JSON document and as Markdown for pull requests. */
import type { Finding } from '../guards/finding.js';
import type { AiRiskReview } from './ai-risk-review.js';
import type { RiskAssessment } from './assess-risk.js';

export interface PolicyReport {
  /** Files in the diff, counted once each. */
  filesChanged: number;
  linesAdded: number;
  linesRemoved: number;
  findings: Finding[];
  /** Guards that did not run, each with the reason (a risk without them may be understated). */
  guardsNotRun: string[];
  risk: RiskAssessment;
  /** The AI risk review when one was asked for (its reasons are in `risk.reasons` too). */
  aiReview?: AiRiskReview | undefined;
}

/** The JSON shape is the report itself; `undefined` fields become `null` so every key is present. */
export function renderReportJson(report: PolicyReport): string {
  // `aiReview` is listed explicitly so that a report without a review still has the key (null).
  return JSON.stringify(
    { ...report, aiReview: report.aiReview },
    (_key, value: unknown) => (value === undefined ? null : value),
    2,
  );
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function aiReviewLine(review: AiRiskReview): string {
  const cost = `$${review.costUsd.toFixed(4)}`;
  if (review.status === 'failed' || review.level === null) {
    return `AI review (${review.model}) failed, the guard risk stands: ${review.error?.code ?? 'OURO_INTERNAL'} — ${escapeCell(review.error?.message ?? '')} (${cost})`;
  }
  const summary = review.summary === null || review.summary === '' ? '' : ` ${escapeCell(review.summary)}`;
  return `AI review (${review.model}): ${review.level.toUpperCase()} (${cost}).${summary}`;
}

export function renderReportMarkdown(report: PolicyReport): string {
  const lines = [
    `## Risk: ${report.risk.level.toUpperCase()}`,
    '',
    `${report.filesChanged} file(s) changed, +${report.linesAdded} −${report.linesRemoved} lines.`,
    '',
    ...report.risk.reasons.map((reason) => `- ${reason}`),
    '',
  ];
  if (report.aiReview !== undefined) lines.push(aiReviewLine(report.aiReview), '');
  if (report.guardsNotRun.length > 0) {
    lines.push('Not checked:', '', ...report.guardsNotRun.map((reason) => `- ${reason}`), '');
  }
  if (report.findings.length === 0) {
    lines.push('No findings.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('| Severity | Guard | Location | Finding |', '| --- | --- | --- | --- |');
  for (const finding of report.findings) {
    const location =
      finding.file === undefined
        ? '—'
        : `\`${finding.file}${finding.line === undefined ? '' : `:${finding.line}`}\``;
    lines.push(
      `| ${finding.severity.toUpperCase()} | ${finding.guard} | ${escapeCell(location)} | ${escapeCell(finding.message)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
