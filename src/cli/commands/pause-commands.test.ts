/**
 * `ouro pause`, `ouro resume`, `ouro status` and `ouro policy show` through the real binary (dist/),
 * on SQLite and, with OURO_TEST_DATABASE_URL, on PostgreSQL: the pause is durable across processes,
 * idempotent, audited, and shown by status and policy show with figures from the store.
 */
import { cliDialects, withCliStore } from '../../../test/support/cli-dialects.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.js';
import { utcDayKey, utcMonthKey } from '../../models/budget/budget-levels.js';
import type { Store } from '../../store/types.js';

const me = `user:${os.userInfo().username}`;

describe.each(cliDialects())('ouro pause, resume, status, policy show ($name)', (dialect) => {
  let projectDir: string;
  let databaseUrl: string;
  let cleanup: () => Promise<void>;

  const ouro = (...args: string[]) =>
    runCli(['-C', projectDir, ...args], { env: { OURO_DATABASE_URL: databaseUrl } });

  const withStore = <T>(body: (store: Store) => Promise<T>): Promise<T> =>
    withCliStore(databaseUrl, projectDir, body);

  beforeEach(async () => {
    projectDir = mkdtempSync(path.join(os.tmpdir(), 'ouro-pause-cli-'));
    ({ databaseUrl, cleanup } = await dialect.prepare());
    writeFileSync(
      path.join(projectDir, 'ouro.config.yaml'),
      [
        'orchestrator:',
        '  mode: autonomous',
        'safety:',
        '  cost_limits: { daily_limit: 100, monthly_limit: 1000 }',
        '  approvers: ["user:alice", "user:bob"]',
        '  approval_quorum: 2',
        'models:',
        '  providers:',
        '    anthropic: { rate_limits: { requests_per_minute: 60 } }',
        '',
      ].join('\n'),
    );
  });

  afterEach(async () => {
    rmSync(projectDir, { recursive: true, force: true });
    await cleanup();
  });

  it('pauses durably and idempotently, shows it in status, and resumes', async () => {
    const paused = await ouro('pause', '--reason', 'deploy freeze');
    expect(paused.exitCode, paused.stderr).toBe(0);
    expect(paused.stdout).toContain(`Ouro is paused since just now by ${me}: deploy freeze`);
    expect(paused.stdout).toContain('Resume with: ouro resume');

    const again = await ouro('pause', '--json');
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      outcome: 'already_paused',
      paused: true,
      reason: 'deploy freeze',
      by: me,
    });

    const status = await ouro('status');
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toContain('Ouro Status\n-----------\nMode: autonomous\n');
    expect(status.stdout).toMatch(/State: paused since (just now|\d+ seconds ago) by .+: deploy freeze/);

    const resumed = await ouro('resume');
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Resumed (was paused since');
    const idle = await ouro('resume', '--json');
    expect(JSON.parse(idle.stdout)).toMatchObject({ outcome: 'not_paused', paused: false });

    const audit = JSON.parse((await ouro('audit', 'list', '--json')).stdout) as {
      entries: Array<{ actor: string; action: string; reasons: string[] }>;
    };
    expect(audit.entries.map((entry) => [entry.actor, entry.action, entry.reasons])).toEqual([
      [me, 'pause', ['deploy freeze']],
      [me, 'resume', []],
    ]);
  });

  it('shows spend, rate use, approvals and runs from the store', async () => {
    const now = Date.now();
    await withStore(async (store) => {
      await store.budgets.reserve(
        'r1',
        [
          {
            level: 'month',
            scopeKey: utcMonthKey(now),
            costMicroUsd: 40_000_000,
            tokens: 0,
            limitCostMicroUsd: null,
            limitTokens: null,
          },
          {
            level: 'day',
            scopeKey: utcDayKey(now),
            costMicroUsd: 12_500_000,
            tokens: 0,
            limitCostMicroUsd: null,
            limitTokens: null,
          },
        ],
        now,
      );
      for (const id of ['c1', 'c2', 'c3']) {
        await store.modelCalls.record({
          id,
          runId: null,
          stepId: null,
          taskId: null,
          provider: 'anthropic',
          model: 'claude-sonnet-4-5',
          purpose: 'test',
          inputTokens: 1,
          outputTokens: 1,
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          costUsd: 0,
          latencyMs: 1,
          outcome: 'succeeded',
          errorCode: null,
          createdAt: now - 1000,
        });
      }
      await store.approvals.create({
        id: 'apr_1',
        operation: 'merge',
        subjectKey: 'pr:1',
        subject: { description: 'PR #1' },
        risk: 'high',
        reasons: [],
        details: {},
        requestedBy: 'ouro',
        requestedAt: now,
        expiresAt: now + 3_600_000,
        quorum: 2,
      });
      await store.runs.createRun(
        {
          id: 'run_1',
          workflowName: 'q',
          workflowPath: 'q.yaml',
          workflowHash: 'a'.repeat(64),
          inputs: {},
          options: {},
        },
        now,
      );
      await store.runs.appendEvents(
        'run_1',
        [{ type: 'run-started', payload: {} }],
        { run: { status: 'running' } },
        now,
      );
    });
    const status = await ouro('status');
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toContain(
      [
        'Mode: autonomous',
        'State: running',
        `Current cost: $12.50 / $100.00 (12.5 %) daily (${utcDayKey(now)})`,
        `Month cost: $40.00 / $1000.00 (4 %) monthly (${utcMonthKey(now)})`,
        'Rate limit: 3 / 60 rpm (anthropic)',
        'Pending approvals: 1',
        'Active runs: 1 running, 0 paused',
      ].join('\n'),
    );
    const json = JSON.parse((await ouro('status', '--json')).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      state: 'running',
      cost: { day: { usedUsd: 12.5, limitUsd: 100, percent: 12.5 } },
      rateLimits: [{ provider: 'anthropic', requestsPerMinute: 60, callsLastMinute: 3 }],
      pendingApprovals: 1,
      runs: { running: 1, paused: 0 },
    });

    const policy = await ouro('policy', 'show');
    expect(policy.exitCode, policy.stderr).toBe(0);
    expect(policy.stdout).toContain('Mode: autonomous (orchestrator.mode)');
    expect(policy.stdout).toContain('  Who may approve: user:alice, user:bob');
    expect(policy.stdout).toContain('  Quorum: 2 different people (safety.approval_quorum)');
    expect(policy.stdout).toContain(`  Today ${utcDayKey(now)}: $12.50 / $100.00 (12.5 %)`);
    expect(policy.stdout).toContain('  Alerts at: 80 %, 90 %; at 100 % new work is not admitted');
    expect(policy.stdout).toMatch(/ACTION\s+MANUAL\s+SUPERVISED\s+AUTONOMOUS\*\s+SHADOW/);
    expect(policy.stdout).toMatch(/merge\s+approval\s+approval\s+allow\s+record only/);
    expect(policy.stdout).toContain('    .github/workflows/**');

    const policyJson = JSON.parse((await ouro('policy', 'show', '--json')).stdout) as Record<string, unknown>;
    expect(policyJson).toMatchObject({
      mode: 'autonomous',
      approvals: { quorum: 2, approvers: ['user:alice', 'user:bob'] },
      budgets: { month: { usedMicroUsd: 40_000_000 }, alertThresholds: [80, 90] },
      pause: { paused: false },
    });
    expect(policyJson['rules']).toContainEqual(
      expect.objectContaining({ mode: 'supervised', action: 'merge', decision: 'require_approval' }),
    );
  });
});
