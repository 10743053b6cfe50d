/**
 * `ouro metrics cost | rate-limits | safety | summary`: operator reports read from the store — the
 * model-call ledger, budget counters and alerts, the audit log, approvals, rollback points and runs —
 * so they count the work of every process sharing the database (issue 4 §5).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { metricsWindow, type MetricsPeriod } from '../../app/metrics/metrics-period.js';
import { ExitCode, isOuroError } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { withProject } from '../open-project.js';

interface PeriodOptions {
  period: MetricsPeriod;
}

function parsePeriod(value: string): MetricsPeriod {
  try {
    return metricsWindow(value, Date.now()).period;
  } catch (error) {
    if (isOuroError(error)) throw new InvalidArgumentError(`${error.message}. ${error.remedy}`);
    throw error;
  }
}

async function costAction(context: CommandContext, options: PeriodOptions): Promise<number> {
  const { costMetrics } = await import('../../app/metrics/cost-metrics.js');
  const { renderCostReport } = await import('./metrics-report-text.js');
  return withProject(context, async (project) => {
    const report = await costMetrics(
      await project.store(),
      project.config,
      metricsWindow(options.period, Date.now()),
    );
    if (context.output.json) context.output.document(report);
    else context.output.line(renderCostReport(report, context.output.colors));
    return ExitCode.success;
  });
}

async function rateLimitsAction(context: CommandContext): Promise<number> {
  const { rateLimitMetrics } = await import('../../app/metrics/rate-limit-metrics.js');
  const { renderRateLimitReport } = await import('./metrics-report-text.js');
  return withProject(context, async (project) => {
    const report = await rateLimitMetrics(await project.store(), project.config, Date.now());
    if (context.output.json) context.output.document(report);
    else context.output.line(renderRateLimitReport(report, context.output.colors));
    return ExitCode.success;
  });
}

async function safetyAction(context: CommandContext, options: PeriodOptions): Promise<number> {
  const { safetyMetrics } = await import('../../app/metrics/safety-metrics.js');
  const { renderSafetyReport } = await import('./metrics-report-text.js');
  return withProject(context, async (project) => {
    const report = await safetyMetrics(await project.store(), metricsWindow(options.period, Date.now()));
    if (context.output.json) context.output.document(report);
    else context.output.line(renderSafetyReport(report, context.output.colors));
    return ExitCode.success;
  });
}

async function summaryAction(context: CommandContext, options: PeriodOptions): Promise<number> {
  const { summaryMetrics } = await import('../../app/metrics/summary-metrics.js');
  const { renderSummaryReport } = await import('./metrics-report-text.js');
  return withProject(context, async (project) => {
    const report = await summaryMetrics(
      await project.store(),
      project.config,
      metricsWindow(options.period, Date.now()),
    );
    if (context.output.json) context.output.document(report);
    else context.output.line(renderSummaryReport(report, context.output.colors));
    return ExitCode.success;
  });
}

const periodHelp = 'day (last 24 hours), week (last 7 days) or month (last 30 days)';

export function registerMetricsCommands(program: Command): void {
  const metrics = program
    .command('metrics')
    .description('cost, rate-limit, safety and summary reports from the store')
    .addHelpText(
      'after',
      `
Every figure is read from the database, so the reports count the work of every process that shares it
(OURO_DATABASE_URL). Periods are rolling windows ending now; budgets are UTC days and months.

Examples:
  ouro metrics cost                      # the last 24 hours by day, model, workflow and task
  ouro metrics cost --period month --json
  ouro metrics rate-limits               # traffic against the providers' limits, 429s
  ouro metrics safety --period week      # policy decisions, guard findings, approvals, rollbacks
  ouro metrics summary --period week     # the weekly report`,
    );
  metrics
    .command('cost')
    .description('model cost and tokens: totals, by day, model, workflow and task; budget use and alerts')
    .option('--period <period>', periodHelp, parsePeriod, 'day')
    .addHelpText(
      'after',
      `
Budgets show the UTC day and month counters against safety.cost_limits (spent plus reserved by calls
in flight); thresholds crossed are the budget_threshold alerts (safety.alert_thresholds, and 100 %).

Examples:
  ouro metrics cost
  ouro metrics cost --period week
  ouro metrics cost --period month --json`,
    )
    .action(commandAction<[PeriodOptions]>(costAction));
  metrics
    .command('rate-limits')
    .description('per provider and model: limits, last minute, busiest minute of the last hour, 429s')
    .addHelpText(
      'after',
      `
Limits are models.providers.<name>.rate_limits (or the built-in default), enforced per process.
429 counts are calls that still failed with OURO_MODEL_RATE_LIMITED after their retries.

Examples:
  ouro metrics rate-limits
  ouro metrics rate-limits --json`,
    )
    .action(commandAction(rateLimitsAction));
  metrics
    .command('safety')
    .description('policy decisions by action and outcome, guard findings, approvals and rollbacks')
    .option('--period <period>', periodHelp, parsePeriod, 'day')
    .addHelpText(
      'after',
      `
From the audit log: every policy decision (allow, deny, require_approval; shadow-mode decisions are
counted apart) and the guard findings behind them by guard and severity.

Examples:
  ouro metrics safety
  ouro metrics safety --period week --json`,
    )
    .action(commandAction<[PeriodOptions]>(safetyAction));
  metrics
    .command('summary')
    .description('runs and success rate, durations, steps, cost, approvals, denials, alerts, rollbacks')
    .option('--period <period>', periodHelp, parsePeriod, 'day')
    .addHelpText(
      'after',
      `
Examples:
  ouro metrics summary
  ouro metrics summary --period week
  ouro metrics summary --period month --json`,
    )
    .action(commandAction<[PeriodOptions]>(summaryAction));
}
