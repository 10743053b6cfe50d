/**
 * The human text of `ouro metrics …`: compact reports with tables sized to their content. The JSON
 * documents (--json) are the reports themselves; these only format them.
 */
import type {
  BudgetUse,
  CostBreakdownRow,
  CostReport,
  ThresholdCrossed,
} from '../../app/metrics/cost-metrics.js';
import type { ApprovalCounts, RollbackCounts } from '../../app/metrics/governance-counts.js';
import type { RateLimitReport, TrafficCounts } from '../../app/metrics/rate-limit-metrics.js';
import type { SafetyReport } from '../../app/metrics/safety-metrics.js';
import type { SummaryReport } from '../../app/metrics/summary-metrics.js';
import { formatDuration } from '../format-duration.js';
import type { Output } from '../output.js';
import { renderTable } from '../render-table.js';

type Colors = Output['colors'];

const periodLabels: Record<string, string> = {
  day: 'last 24 hours',
  week: 'last 7 days',
  month: 'last 30 days',
};

/** `$12.50` from a dollar up, `$0.0042` below: cents hide what small calls cost. */
export function formatDollars(usd: number): string {
  return `$${usd.toFixed(Math.abs(usd) >= 1 || usd === 0 ? 2 : 4)}`;
}

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** `2026-11-22 12:00Z`: minutes are enough for a report heading. */
function shortTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

function heading(title: string, window: CostReport['window'], colors: Colors): string {
  const label = periodLabels[window.period] ?? window.period;
  return colors.bold(`${title} — ${label} (${shortTime(window.since)} → ${shortTime(window.until)})`);
}

function budgetLine(budget: BudgetUse): string {
  const percent = budget.percent === null ? '' : ` (${budget.percent.toFixed(1)} %)`;
  return `${budget.level} ${budget.scope}: ${formatDollars(budget.usedUsd)} of ${formatDollars(budget.limitUsd)}${percent}`;
}

function colorBudget(budget: BudgetUse, colors: Colors): string {
  const text = budgetLine(budget);
  if (budget.percent === null) return text;
  if (budget.percent >= 100) return colors.red(text);
  if (budget.percent >= 80) return colors.yellow(text);
  return text;
}

function thresholdLine(crossed: ThresholdCrossed): string {
  return `${crossed.at.slice(0, 19)}Z  ${crossed.level} ${crossed.scope} reached ${crossed.threshold} % (${formatDollars(crossed.usedUsd)} of ${formatDollars(crossed.limitUsd)})`;
}

function breakdown(title: string, column: string, rows: readonly CostBreakdownRow[]): string[] {
  if (rows.length === 0) return [];
  const table = renderTable(
    [column, 'CALLS', 'FAILED', 'INPUT', 'OUTPUT', 'COST'],
    rows.map((row) => [
      row.key,
      formatCount(row.calls),
      formatCount(row.failedCalls),
      formatCount(row.inputTokens),
      formatCount(row.outputTokens),
      formatDollars(row.costUsd),
    ]),
  );
  return ['', title, table];
}

export function renderCostReport(report: CostReport, colors: Colors): string {
  const { totals } = report;
  const lines = [heading('Model cost', report.window, colors), ''];
  if (totals.calls === 0) {
    lines.push('No model calls in this period.');
  } else {
    lines.push(
      `Total: ${colors.bold(formatDollars(totals.costUsd))} · ${formatCount(totals.calls)} calls (${formatCount(totals.failedCalls)} failed or refused) · ${formatCount(totals.tokens)} tokens (${formatCount(totals.inputTokens)} in, ${formatCount(totals.outputTokens)} out)`,
    );
  }
  lines.push('', 'Budgets (spent plus reserved by calls in flight)');
  for (const budget of report.budgets) lines.push(`  ${colorBudget(budget, colors)}`);
  lines.push(
    ...breakdown('By day (UTC)', 'DAY', report.byDay),
    ...breakdown('By model', 'MODEL', report.byModel),
    ...breakdown('By workflow', 'WORKFLOW', report.byWorkflow),
    ...breakdown('By task', 'TASK', report.byTask),
  );
  lines.push('', report.thresholds.length === 0 ? 'Thresholds crossed: none' : 'Thresholds crossed');
  for (const crossed of report.thresholds) lines.push(`  ${thresholdLine(crossed)}`);
  return lines.join('\n');
}

function traffic(counts: TrafficCounts): string {
  return `${formatCount(counts.requests)} req, ${formatCount(counts.tokens)} tok`;
}

function limitText(value: number | null, source: string): string {
  if (value === null) return '-';
  return source === 'default' ? `${formatCount(value)} (default)` : formatCount(value);
}

export function renderRateLimitReport(report: RateLimitReport, colors: Colors): string {
  const lines = [colors.bold(`Rate limits at ${report.at.slice(0, 19)}Z`), ''];
  if (report.providers.length === 0) {
    lines.push('No provider is configured and no model calls were made in the last 24 hours.');
    return lines.join('\n');
  }
  lines.push(
    renderTable(
      [
        'PROVIDER',
        'REQ/MIN LIMIT',
        'TOK/MIN LIMIT',
        'LAST MINUTE',
        'BUSIEST MINUTE (LAST HOUR)',
        '429 (1H / 24H)',
      ],
      report.providers.map((provider) => [
        provider.provider,
        limitText(provider.limits.requestsPerMinute, provider.limits.source),
        limitText(provider.limits.tokensPerMinute, provider.limits.source),
        traffic(provider.lastMinute),
        provider.busiestMinuteLastHour === null
          ? '-'
          : `${provider.busiestMinuteLastHour.start.slice(11, 16)}Z ${traffic(provider.busiestMinuteLastHour)}`,
        `${provider.rateLimitedLastHour} / ${provider.rateLimitedLast24Hours}`,
      ]),
    ),
  );
  const models = report.providers.flatMap((provider) => provider.models);
  if (models.length > 0) {
    lines.push(
      '',
      renderTable(
        ['MODEL', 'LAST MINUTE', 'LAST HOUR', '429 (1H / 24H)'],
        models.map((model) => [
          model.model,
          traffic(model.lastMinute),
          traffic(model.lastHour),
          `${model.rateLimitedLastHour} / ${model.rateLimitedLast24Hours}`,
        ]),
      ),
    );
  }
  lines.push(
    '',
    colors.dim(
      'Limits are client-side token buckets per process. 429: calls that failed on HTTP 429 after their retries\n(OURO_MODEL_RATE_LIMITED). Retries are not recorded per call: grep the log for "model call failed; retrying".',
    ),
  );
  return lines.join('\n');
}

function approvalsLine(approvals: ApprovalCounts): string {
  const states = Object.entries(approvals.byState)
    .map(([state, count]) => `${count} ${state}`)
    .join(', ');
  const automatic = approvals.autoApproved > 0 ? ` (${approvals.autoApproved} auto-approved)` : '';
  return `${approvals.requested} requested: ${states}${automatic}`;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function rollbacksLine(rollbacks: RollbackCounts): string {
  return `${plural(rollbacks.pointsCreated, 'point')} recorded, ${plural(rollbacks.rolledBack.length, 'merge')} rolled back`;
}

export function renderSafetyReport(report: SafetyReport, colors: Colors): string {
  const lines = [heading('Safety', report.window, colors), ''];
  lines.push(`Policy decisions (${formatCount(report.entries)} audit entries)`);
  lines.push(
    report.decisions.length === 0
      ? '  none'
      : renderTable(
          ['ACTION', 'DECISION', 'COUNT', 'IN SHADOW MODE'],
          report.decisions.map((row) => [
            row.action,
            row.decision === 'deny' ? colors.red(row.decision) : row.decision,
            formatCount(row.count),
            formatCount(row.shadow),
          ]),
        ),
  );
  lines.push('', 'Guard findings');
  lines.push(
    report.findings.length === 0
      ? '  none'
      : renderTable(
          ['GUARD', 'SEVERITY', 'COUNT', 'OUTCOMES'],
          report.findings.map((row) => [
            row.guard,
            row.severity,
            formatCount(row.count),
            Object.entries(row.outcomes)
              .map(([outcome, count]) => `${outcome} ${count}`)
              .join(', '),
          ]),
        ),
  );
  lines.push('', `Approvals: ${approvalsLine(report.approvals)}`);
  lines.push(`Rollbacks: ${rollbacksLine(report.rollbacks)}`);
  for (const point of report.rollbacks.rolledBack) {
    const pr = point.pr === null ? '' : ` PR #${point.pr}`;
    lines.push(
      `  ${point.id}${pr} rolled back ${point.rolledBackAt.slice(0, 19)}Z by ${point.rolledBackBy ?? '?'} → ${point.rollbackRef ?? '-'}`,
    );
  }
  return lines.join('\n');
}

function percentText(rate: number | null): string {
  return rate === null ? 'no run ended' : `${(rate * 100).toFixed(1)} % succeeded`;
}

export function renderSummaryReport(report: SummaryReport, colors: Colors): string {
  const { runs, steps, cost, decisions } = report;
  const statuses = Object.entries(runs.byStatus)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  const { median, p95 } = runs.durationMs;
  const rows: Array<[string, string]> = [
    ['Runs', runs.total === 0 ? '0' : `${runs.total} (${statuses}) · ${percentText(runs.successRate)}`],
    [
      'Duration',
      median === null ? '-' : `median ${formatDuration(median)} · p95 ${formatDuration(p95 ?? median)}`,
    ],
    [
      'Steps',
      `${steps.succeeded} succeeded, ${steps.failed} failed, ${steps.skipped} skipped, ${steps.cached} cached, ${steps.cancelled} cancelled`,
    ],
    [
      'Model cost',
      `${formatDollars(cost.costUsd)} · ${formatCount(cost.tokens)} tokens · ${formatCount(cost.calls)} calls (${formatCount(cost.failedCalls)} failed or refused)`,
    ],
    ['Budgets', report.budgets.map((budget) => colorBudget(budget, colors)).join(' · ')],
    [
      'Thresholds',
      report.thresholds.length === 0
        ? 'none crossed'
        : report.thresholds
            .map((crossed) => `${crossed.level} ${crossed.scope} ${crossed.threshold} %`)
            .join(', '),
    ],
    ['Approvals', approvalsLine(report.approvals)],
    [
      'Decisions',
      `${decisions.total}: ${decisions.allowed} allowed, ${decisions.denied} denied, ${decisions.approvalRequired} needed approval`,
    ],
    ['Rollbacks', rollbacksLine(report.rollbacks)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    heading('Ouro summary', report.window, colors),
    '',
    ...rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`),
  ].join('\n');
}
