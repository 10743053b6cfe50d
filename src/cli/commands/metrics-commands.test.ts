import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../../test/support/run-cli.js';
import { seedMetricsData } from '../../../test/support/seed-metrics-data.js';
import { openStore } from '../../store/open-store.js';

let projectDir: string;

/** The real binary (dist/) on the temp project, SQLite whatever the environment says. */
function ouro(...args: string[]): Promise<CliResult> {
  return runCli(['-C', projectDir, ...args], { env: { OURO_DATABASE_URL: '' } });
}

function parse<T>(result: CliResult): T {
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

beforeEach(() => {
  projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-metrics-cli-'));
  fs.writeFileSync(
    path.join(projectDir, 'ouro.config.yaml'),
    [
      'safety:',
      '  cost_limits: { daily_limit: 10, monthly_limit: 200 }',
      'models:',
      '  providers:',
      '    openai:',
      '      rate_limits: { requests_per_minute: 500, tokens_per_minute: 200000 }',
      '',
    ].join('\n'),
  );
});

afterEach(() => {
  fs.rmSync(projectDir, { recursive: true, force: true });
});

describe('ouro metrics on an empty project', () => {
  it('reports zeros read from the store, not an error', async () => {
    const cost = parse<{
      totals: { calls: number; costUsd: number };
      budgets: Array<{ level: string; usedUsd: number }>;
    }>(await ouro('--json', 'metrics', 'cost'));
    expect(cost.totals).toMatchObject({ calls: 0, costUsd: 0 });
    expect(cost.budgets.map((budget) => [budget.level, budget.usedUsd])).toEqual([
      ['day', 0],
      ['month', 0],
    ]);
    const human = await ouro('metrics', 'summary', '--period', 'week');
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toContain('Ouro summary — last 7 days');
    expect(human.stdout).toMatch(/Runs +0\n/);
    expect(human.stdout).toContain('Thresholds  none crossed');
  });

  it('refuses an unknown period as a usage error (exit 2)', async () => {
    const result = await ouro('metrics', 'cost', '--period', 'year');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Unknown metrics period "year"');
    expect(result.stderr).toContain('day (the last 24 hours)');
  });
});

describe('ouro metrics with data', () => {
  beforeEach(async () => {
    const store = await openStore({ projectDir });
    try {
      await store.migrate();
      await seedMetricsData(store, Date.now());
    } finally {
      await store.close();
    }
  });

  it('cost: JSON with totals, breakdowns, budgets and thresholds; the human report', async () => {
    const report = parse<{
      window: { period: string };
      totals: Record<string, number>;
      byModel: Array<{ key: string; calls: number }>;
      byWorkflow: Array<{ key: string; costUsd: number }>;
      byTask: Array<{ key: string; calls: number }>;
      budgets: Array<{ level: string; usedUsd: number; percent: number }>;
      thresholds: Array<{ level: string; threshold: number }>;
    }>(await ouro('--json', 'metrics', 'cost'));
    expect(report.window.period).toBe('day');
    expect(report.totals).toEqual({
      calls: 11,
      failedCalls: 3,
      inputTokens: 4050,
      outputTokens: 920,
      cachedInputTokens: 100,
      tokens: 4970,
      costUsd: 0.0214,
    });
    expect(report.byModel.map((row) => [row.key, row.calls])).toEqual([
      ['anthropic:claude-sonnet-4-5', 9],
      ['openai:gpt-4o-mini', 2],
    ]);
    expect(report.byWorkflow.map((row) => [row.key, row.costUsd])).toEqual([
      ['(unknown run)', 0.01],
      ['quality', 0.009],
      ['(no workflow)', 0.0018],
      ['review', 0.0006],
    ]);
    expect(report.byTask.map((row) => [row.key, row.calls])).toEqual([
      ['(no task)', 7],
      ['task_7', 4],
    ]);
    expect(report.budgets.map((budget) => [budget.level, budget.usedUsd, budget.percent])).toEqual([
      ['day', 9.2, 92],
      ['month', 9.2, 4.6],
    ]);
    expect(report.thresholds.map((crossed) => [crossed.level, crossed.threshold])).toEqual([
      ['day', 80],
      ['day', 90],
    ]);

    const human = await ouro('metrics', 'cost', '--period', 'week');
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toContain('Model cost — last 7 days');
    expect(human.stdout).toContain('Total: $1.02 · 12 calls (3 failed or refused) · 114,970 tokens');
    expect(human.stdout).toMatch(/day \d{4}-\d{2}-\d{2}: \$9\.20 of \$10\.00 \(92\.0 %\)/);
    expect(human.stdout).toMatch(
      /WORKFLOW\s+CALLS\s+FAILED\s+INPUT\s+OUTPUT\s+COST\nquality\s+4\s+1\s+101,500\s+10,300\s+\$1\.01/,
    );
    expect(human.stdout).toMatch(/reached 90 % \(\$9\.20 of \$10\.00\)/);
  });

  it('rate-limits: limits and traffic per provider and model', async () => {
    const report = parse<{
      providers: Array<{
        provider: string;
        limits: { requestsPerMinute: number | null; source: string };
        lastMinute: { requests: number; tokens: number };
        busiestMinuteLastHour: { requests: number; tokens: number } | null;
        rateLimitedLast24Hours: number;
      }>;
    }>(await ouro('--json', 'metrics', 'rate-limits'));
    expect(
      report.providers.map((provider) => ({
        provider: provider.provider,
        rpm: provider.limits.requestsPerMinute,
        source: provider.limits.source,
        lastMinute: provider.lastMinute,
        busiest: provider.busiestMinuteLastHour && {
          requests: provider.busiestMinuteLastHour.requests,
          tokens: provider.busiestMinuteLastHour.tokens,
        },
        rateLimited: provider.rateLimitedLast24Hours,
      })),
    ).toEqual([
      {
        provider: 'anthropic',
        rpm: 50,
        source: 'default',
        lastMinute: { requests: 2, tokens: 350 },
        busiest: { requests: 3, tokens: 300 },
        rateLimited: 1,
      },
      {
        provider: 'openai',
        rpm: 500,
        source: 'configured',
        lastMinute: { requests: 0, tokens: 0 },
        busiest: null,
        rateLimited: 1,
      },
    ]);
    const human = await ouro('metrics', 'rate-limits');
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toMatch(
      /anthropic\s+50 \(default\)\s+-\s+2 req, 350 tok\s+\d\d:\d\dZ 3 req, 300 tok\s+1 \/ 1/,
    );
    expect(human.stdout).toMatch(/openai\s+500\s+200,000\s+0 req, 0 tok\s+-\s+0 \/ 1/);
    expect(human.stdout).toContain('Retries are not recorded per call');
  });

  it('safety: decisions, findings, approvals and rollbacks', async () => {
    const report = parse<{
      decisionTotals: Record<string, number>;
      findings: Array<{ guard: string; severity: string; count: number }>;
      approvals: { byState: Record<string, number> };
      rollbacks: { pointsCreated: number; rolledBack: Array<{ id: string }> };
    }>(await ouro('--json', 'metrics', 'safety', '--period', 'month'));
    expect(report.decisionTotals).toEqual({ allow: 2, deny: 2, require_approval: 1 });
    expect(report.findings.map((finding) => [finding.guard, finding.severity, finding.count])).toEqual([
      ['secrets', 'critical', 1],
      ['protected-paths', 'high', 1],
      ['diff-size', 'medium', 2],
    ]);
    expect(report.approvals.byState).toEqual({ pending: 1, approved: 1, denied: 1, expired: 1, stale: 0 });
    expect(report.rollbacks.pointsCreated).toBe(3);
    expect(report.rollbacks.rolledBack.map((point) => point.id)).toEqual(['rb_old', 'rb_today']);

    const human = await ouro('metrics', 'safety');
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/merge\s+allow\s+1\s+1\n/);
    expect(human.stdout).toMatch(/diff-size\s+medium\s+2\s+require_approval 1, allow 1/);
    expect(human.stdout).toContain(
      'Approvals: 3 requested: 1 pending, 1 approved, 1 denied, 0 expired, 0 stale',
    );
    expect(human.stdout).toContain('Rollbacks: 2 points recorded, 1 merge rolled back');
    expect(human.stdout).toMatch(/rb_today PR #12 rolled back .* by user:alice/);
  });

  it('summary: the weekly report as JSON and as text', async () => {
    const report = parse<{
      runs: { total: number; successRate: number; durationMs: { median: number; p95: number } };
      steps: Record<string, number>;
      decisions: Record<string, number>;
    }>(await ouro('--json', 'metrics', 'summary', '--period', 'week'));
    expect(report.runs).toMatchObject({
      total: 5,
      successRate: 0.5,
      durationMs: { median: 30_000, p95: 120_000 },
    });
    expect(report.steps).toEqual({ runs: 4, succeeded: 6, failed: 1, skipped: 1, cached: 2, cancelled: 1 });
    expect(report.decisions).toEqual({ total: 5, allowed: 2, denied: 2, approvalRequired: 1 });

    const human = await ouro('metrics', 'summary', '--period', 'week');
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toContain('Ouro summary — last 7 days');
    expect(human.stdout).toContain(
      'Runs        5 (1 running, 2 succeeded, 1 failed, 1 cancelled) · 50.0 % succeeded',
    );
    expect(human.stdout).toContain('Duration    median 30.0s · p95 2m 00s');
    expect(human.stdout).toContain('Model cost  $1.02 · 114,970 tokens · 12 calls (3 failed or refused)');
    expect(human.stdout).toContain('Decisions   5: 2 allowed, 2 denied, 1 needed approval');
  });
});
