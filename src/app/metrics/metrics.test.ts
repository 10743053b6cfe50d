import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories, type StoreFactory } from '../../../test/support/database.js';
import { ouroConfigSchema, type OuroConfig } from '../../config/schema/ouro-config.js';
import { isOuroError } from '../../errors/index.js';
import type { Store } from '../../store/types.js';
import { costMetrics } from './cost-metrics.js';
import { metricsWindow } from './metrics-period.js';
import { percentile } from './percentile.js';
import { rateLimitMetrics } from './rate-limit-metrics.js';
import { safetyMetrics } from './safety-metrics.js';
import { summaryMetrics } from './summary-metrics.js';
import { seedMetricsData } from '../../../test/support/seed-metrics-data.js';

const now = Date.UTC(2026, 10, 22, 12, 0, 0);

const config: OuroConfig = ouroConfigSchema.parse({
  safety: { cost_limits: { daily_limit: 10, monthly_limit: 200 } },
  models: {
    providers: {
      openai: { rate_limits: { requests_per_minute: 500, tokens_per_minute: 200_000 } },
      ollama: {},
    },
  },
});

describe('metrics windows and percentiles', () => {
  it('rolls back from now by a day, 7 days or 30 days, and refuses other names', () => {
    expect(metricsWindow('day', now)).toEqual({ period: 'day', since: now - 86_400_000, until: now });
    expect(metricsWindow('week', now).since).toBe(now - 7 * 86_400_000);
    expect(metricsWindow('month', now).since).toBe(now - 30 * 86_400_000);
    let error: unknown;
    try {
      metricsWindow('year', now);
    } catch (caught) {
      error = caught;
    }
    expect(isOuroError(error) && error.code).toBe('OURO_METRICS_PERIOD_INVALID');
    expect((error as Error).message).toBe('Unknown metrics period "year"');
  });

  it('takes the nearest rank, an observed value', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([30, 10, 20], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 95)).toBe(40);
    expect(percentile([5], 95)).toBe(5);
  });
});

describe.each(storeFactories().map((factory) => [factory.name, factory] as const))(
  'metrics from the store (%s)',
  (_name: string, factory: StoreFactory) => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.create();
    });

    afterEach(async () => {
      await store.close();
    });

    it('reports zeros from an empty store, with the budgets at their limits', async () => {
      const cost = await costMetrics(store, config, metricsWindow('day', now));
      expect(cost.totals).toEqual({
        calls: 0,
        failedCalls: 0,
        inputTokens: 0,
        outputTokens: 0,
        cachedInputTokens: 0,
        tokens: 0,
        costUsd: 0,
      });
      expect(cost.byDay).toEqual([]);
      expect(cost.budgets).toEqual([
        { level: 'day', scope: '2026-11-22', usedUsd: 0, limitUsd: 10, percent: 0, remainingUsd: 10 },
        { level: 'month', scope: '2026-11', usedUsd: 0, limitUsd: 200, percent: 0, remainingUsd: 200 },
      ]);
      const summary = await summaryMetrics(store, config, metricsWindow('week', now));
      expect(summary.runs).toMatchObject({
        total: 0,
        successRate: null,
        durationMs: { median: null, p95: null },
      });
      expect(summary.approvals.requested).toBe(0);
    });

    describe('with a day, a week and a month of data', () => {
      beforeEach(async () => {
        await seedMetricsData(store, now);
      });

      it('cost: totals and breakdowns by day, model, workflow and task, budgets and thresholds', async () => {
        const report = await costMetrics(store, config, metricsWindow('day', now));
        expect(report.window).toEqual({
          period: 'day',
          since: '2026-11-21T12:00:00.000Z',
          until: '2026-11-22T12:00:00.000Z',
        });
        expect(report.totals).toEqual({
          calls: 11,
          failedCalls: 3,
          inputTokens: 4050,
          outputTokens: 920,
          cachedInputTokens: 100,
          tokens: 4970,
          costUsd: 0.0214,
        });
        expect(report.byDay.map((row) => [row.key, row.calls, row.costUsd])).toEqual([
          ['2026-11-22', 11, 0.0214],
        ]);
        expect(report.byModel.map((row) => [row.key, row.calls, row.failedCalls, row.costUsd])).toEqual([
          ['anthropic:claude-sonnet-4-5', 9, 2, 0.0208],
          ['openai:gpt-4o-mini', 2, 1, 0.0006],
        ]);
        expect(report.byWorkflow.map((row) => [row.key, row.calls, row.costUsd])).toEqual([
          ['(unknown run)', 1, 0.01],
          ['quality', 3, 0.009],
          ['(no workflow)', 6, 0.0018],
          ['review', 1, 0.0006],
        ]);
        expect(report.byTask.map((row) => [row.key, row.calls, row.tokens, row.costUsd])).toEqual([
          ['(no task)', 7, 2170, 0.0205],
          ['task_7', 4, 2800, 0.0009],
        ]);
        expect(report.budgets).toEqual([
          { level: 'day', scope: '2026-11-22', usedUsd: 9.2, limitUsd: 10, percent: 92, remainingUsd: 0.8 },
          {
            level: 'month',
            scope: '2026-11',
            usedUsd: 9.2,
            limitUsd: 200,
            percent: 4.6,
            remainingUsd: 190.8,
          },
        ]);
        expect(report.thresholds).toEqual([
          {
            level: 'day',
            scope: '2026-11-22',
            threshold: 80,
            usedUsd: 9.2,
            limitUsd: 10,
            at: '2026-11-22T11:59:59.000Z',
          },
          {
            level: 'day',
            scope: '2026-11-22',
            threshold: 90,
            usedUsd: 9.2,
            limitUsd: 10,
            at: '2026-11-22T11:59:59.000Z',
          },
        ]);

        const week = await costMetrics(store, config, metricsWindow('week', now));
        expect(week.totals).toMatchObject({ calls: 12, tokens: 114_970, costUsd: 1.0214 });
        expect(week.byDay.map((row) => [row.key, row.costUsd])).toEqual([
          ['2026-11-19', 1],
          ['2026-11-22', 0.0214],
        ]);
        expect(week.byWorkflow[0]).toMatchObject({ key: 'quality', calls: 4, costUsd: 1.009 });
      });

      it('rate limits: configured and default limits, last minute, busiest minute, 429s', async () => {
        const report = await rateLimitMetrics(store, config, now);
        expect(report.providers.map((provider) => [provider.provider, provider.limits])).toEqual([
          ['anthropic', { requestsPerMinute: 50, tokensPerMinute: null, source: 'default' }],
          ['ollama', { requestsPerMinute: null, tokensPerMinute: null, source: 'none' }],
          ['openai', { requestsPerMinute: 500, tokensPerMinute: 200_000, source: 'configured' }],
        ]);
        const [anthropic, ollama, openai] = report.providers;
        expect(anthropic).toMatchObject({
          lastMinute: { requests: 2, tokens: 350 },
          busiestMinuteLastHour: { start: '2026-11-22T11:50:00.000Z', requests: 3, tokens: 300 },
          rateLimitedLastHour: 1,
          rateLimitedLast24Hours: 1,
        });
        expect(anthropic!.models).toEqual([
          {
            model: 'anthropic:claude-sonnet-4-5',
            lastMinute: { requests: 2, tokens: 350 },
            lastHour: { requests: 5, tokens: 650 },
            rateLimitedLastHour: 1,
            rateLimitedLast24Hours: 1,
          },
        ]);
        expect(ollama).toMatchObject({
          lastMinute: { requests: 0, tokens: 0 },
          busiestMinuteLastHour: null,
          models: [],
        });
        expect(openai).toMatchObject({
          lastMinute: { requests: 0, tokens: 0 },
          busiestMinuteLastHour: null,
          rateLimitedLastHour: 0,
          rateLimitedLast24Hours: 1,
        });
        expect(report).toMatchObject({ limitsArePerProcess: true, retriesRecorded: false });
      });

      it('safety: decisions by action and outcome, findings by guard and severity, approvals, rollbacks', async () => {
        const report = await safetyMetrics(store, metricsWindow('day', now));
        expect(report.entries).toBe(6);
        expect(report.decisions).toEqual([
          { action: 'merge', decision: 'allow', count: 1, shadow: 1 },
          { action: 'merge', decision: 'deny', count: 1, shadow: 0 },
          { action: 'open_pr', decision: 'require_approval', count: 1, shadow: 0 },
          { action: 'push_branch', decision: 'allow', count: 1, shadow: 0 },
        ]);
        expect(report.decisionTotals).toEqual({ allow: 2, deny: 1, require_approval: 1 });
        expect(report.findings).toEqual([
          { guard: 'secrets', severity: 'critical', count: 1, outcomes: { deny: 1 } },
          { guard: 'protected-paths', severity: 'high', count: 1, outcomes: { require_approval: 1 } },
          { guard: 'diff-size', severity: 'medium', count: 2, outcomes: { require_approval: 1, allow: 1 } },
        ]);
        expect(report.approvals).toEqual({
          requested: 3,
          byState: { pending: 1, approved: 1, denied: 1, expired: 0, stale: 0 },
          autoApproved: 0,
        });
        expect(report.rollbacks).toEqual({
          pointsCreated: 2,
          rolledBack: [
            {
              id: 'rb_today',
              pr: 12,
              mergeSha: 'c'.repeat(40),
              rolledBackAt: '2026-11-22T11:00:00.000Z',
              rolledBackBy: 'user:alice',
              rollbackRef: 'd'.repeat(40),
            },
          ],
        });

        const month = await safetyMetrics(store, metricsWindow('month', now));
        expect(month.decisionTotals).toEqual({ allow: 2, deny: 2, require_approval: 1 });
        expect(month.approvals.byState).toMatchObject({ expired: 1 });
        expect(month.rollbacks.pointsCreated).toBe(3);
        expect(month.rollbacks.rolledBack.map((point) => point.id)).toEqual(['rb_old', 'rb_today']);
      });

      it('summary: runs, success rate, durations, steps, cost, approvals, decisions, alerts, rollbacks', async () => {
        const day = await summaryMetrics(store, config, metricsWindow('day', now));
        expect(day.runs).toEqual({
          total: 4,
          byStatus: { pending: 0, running: 1, paused: 0, succeeded: 2, failed: 1, cancelled: 0 },
          successRate: 0.667,
          durationMs: { median: 60_000, p95: 120_000 },
        });
        expect(day.steps).toEqual({ runs: 3, succeeded: 6, failed: 1, skipped: 1, cached: 2, cancelled: 0 });
        expect(day.cost).toMatchObject({ calls: 11, costUsd: 0.0214, tokens: 4970 });
        expect(day.decisions).toEqual({ total: 4, allowed: 2, denied: 1, approvalRequired: 1 });
        expect(day.thresholds.map((crossed) => crossed.threshold)).toEqual([80, 90]);
        expect(day.approvals.byState).toMatchObject({ pending: 1, approved: 1, denied: 1 });
        expect(day.rollbacks.rolledBack).toHaveLength(1);

        const week = await summaryMetrics(store, config, metricsWindow('week', now));
        expect(week.runs).toMatchObject({
          total: 5,
          successRate: 0.5,
          durationMs: { median: 30_000, p95: 120_000 },
        });
        expect(week.steps).toMatchObject({ runs: 4, cancelled: 1 });
        expect(week.decisions).toMatchObject({ total: 5, denied: 2 });
        expect(week.cost.costUsd).toBe(1.0214);

        const month = await summaryMetrics(store, config, metricsWindow('month', now));
        // The run created 40 days ago is outside every window.
        expect(month.runs.total).toBe(5);
      });
    });
  },
);
