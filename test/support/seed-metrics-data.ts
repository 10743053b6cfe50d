/**
 * A realistic store for the metrics tests, written through the real repositories (runs and their
 * journal, the model-call ledger, budget counters and alerts, the audit log, approvals, rollback
 * points), all relative to `now` so the same data serves fixed-clock tests and the CLI's real clock.
 * The expected figures are worked out in the tests that use it.
 */
import { createStoreBudgetGuard } from '../../src/models/budget/store-budget-guard.js';
import { silentLogger } from '../../src/observability/silent-logger.js';
import { appendAudit } from '../../src/policy/audit/index.js';
import type { ModelCallEntry, NewApproval, RunStatus, Store } from '../../src/store/types.js';

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** The UTC minute, ten minutes back, in which three anthropic calls make the busiest minute of the hour. */
export function busyMinuteStart(now: number): number {
  return Math.floor((now - 10 * minute) / minute) * minute;
}

async function seedRun(
  store: Store,
  run: {
    id: string;
    workflow: string;
    createdAt: number;
    status: RunStatus;
    durationMs?: number;
    steps?: { succeeded: number; failed: number; skipped: number; cached: number; cancelled: number };
  },
): Promise<void> {
  await store.runs.createRun(
    {
      id: run.id,
      workflowName: run.workflow,
      workflowPath: `.ai/workflows/${run.workflow}.yaml`,
      workflowHash: 'hash',
      inputs: {},
      options: {},
    },
    run.createdAt,
  );
  await store.runs.appendEvents(
    run.id,
    [{ type: 'run-started', payload: {} }],
    { run: { status: 'running' } },
    run.createdAt,
  );
  if (run.status === 'running') return;
  const endedAt = run.createdAt + (run.durationMs ?? 0);
  await store.runs.appendEvents(
    run.id,
    [{ type: 'run-ended', payload: { status: run.status } }],
    {
      run: {
        status: run.status,
        endedAt,
        summary: { status: run.status, ...run.steps, durationMs: run.durationMs },
      },
    },
    endedAt,
  );
}

function call(fields: Partial<ModelCallEntry> & Pick<ModelCallEntry, 'id' | 'createdAt'>): ModelCallEntry {
  return {
    runId: null,
    stepId: null,
    taskId: null,
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    purpose: 'test',
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0,
    latencyMs: 100,
    outcome: 'succeeded',
    errorCode: null,
    ...fields,
  };
}

function approval(id: string, requestedAt: number, expiresAt: number): NewApproval {
  return {
    id,
    operation: 'merge',
    subjectKey: `merge:${id}`,
    subject: { description: `PR for ${id}` },
    risk: 'high',
    reasons: ['protected path'],
    details: {},
    requestedBy: 'ouro',
    requestedAt,
    expiresAt,
    quorum: 1,
  };
}

export async function seedMetricsData(store: Store, now: number): Promise<void> {
  const steps = (succeeded: number, failed: number, skipped: number, cached: number, cancelled: number) => ({
    succeeded,
    failed,
    skipped,
    cached,
    cancelled,
  });
  // Runs: three ended and one running in the last day, one more in the week, one older than a month.
  await seedRun(store, {
    id: 'run_a',
    workflow: 'quality',
    createdAt: now - 2 * hour,
    status: 'succeeded',
    durationMs: 60_000,
    steps: steps(3, 0, 1, 2, 0),
  });
  await seedRun(store, {
    id: 'run_b',
    workflow: 'quality',
    createdAt: now - 3 * hour,
    status: 'failed',
    durationMs: 120_000,
    steps: steps(1, 1, 0, 0, 0),
  });
  await seedRun(store, {
    id: 'run_c',
    workflow: 'review',
    createdAt: now - 5 * hour,
    status: 'succeeded',
    durationMs: 30_000,
    steps: steps(2, 0, 0, 0, 0),
  });
  await seedRun(store, { id: 'run_d', workflow: 'review', createdAt: now - 30 * minute, status: 'running' });
  await seedRun(store, {
    id: 'run_e',
    workflow: 'quality',
    createdAt: now - 3 * day,
    status: 'cancelled',
    durationMs: 10_000,
    steps: steps(0, 0, 0, 0, 1),
  });
  await seedRun(store, {
    id: 'run_f',
    workflow: 'ancient',
    createdAt: now - 40 * day,
    status: 'succeeded',
    durationMs: 5_000,
    steps: steps(1, 0, 0, 0, 0),
  });

  // The ledger.
  const busy = busyMinuteStart(now);
  const calls: ModelCallEntry[] = [
    call({
      id: 'mc_1',
      runId: 'run_a',
      stepId: 'fix',
      createdAt: now - 2 * hour,
      inputTokens: 1000,
      outputTokens: 200,
      cachedInputTokens: 100,
      costUsd: 0.006,
    }),
    call({
      id: 'mc_2',
      runId: 'run_a',
      stepId: 'fix',
      createdAt: now - 2 * hour + 1000,
      inputTokens: 500,
      outputTokens: 100,
      costUsd: 0.003,
    }),
    call({
      id: 'mc_3',
      runId: 'run_c',
      taskId: 'task_7',
      provider: 'openai',
      model: 'gpt-4o-mini',
      createdAt: now - 5 * hour,
      inputTokens: 2000,
      outputTokens: 500,
      costUsd: 0.0006,
    }),
    call({ id: 'mc_4', createdAt: now - 30_000, outcome: 'failed', errorCode: 'OURO_MODEL_RATE_LIMITED' }),
    call({ id: 'mc_5', createdAt: now - 20_000, inputTokens: 300, outputTokens: 50, costUsd: 0.0015 }),
    call({
      id: 'mc_6',
      runId: 'run_e',
      createdAt: now - 3 * day,
      inputTokens: 100_000,
      outputTokens: 10_000,
      costUsd: 1,
    }),
    call({
      id: 'mc_7',
      runId: 'run_b',
      createdAt: now - 3 * hour,
      outcome: 'refused',
      errorCode: 'OURO_BUDGET_EXCEEDED',
    }),
    call({
      id: 'mc_8',
      provider: 'openai',
      model: 'gpt-4o-mini',
      createdAt: now - 10 * hour,
      outcome: 'failed',
      errorCode: 'OURO_MODEL_RATE_LIMITED',
    }),
    call({
      id: 'mc_9',
      runId: 'run_gone',
      createdAt: now - hour,
      inputTokens: 10,
      outputTokens: 10,
      costUsd: 0.01,
    }),
    ...[1, 2, 3].map((second) =>
      call({
        id: `mc_busy_${second}`,
        taskId: 'task_7',
        createdAt: busy + second * 1000,
        inputTokens: 80,
        outputTokens: 20,
        costUsd: 0.0001,
      }),
    ),
  ];
  for (const entry of calls) await store.modelCalls.record(entry);

  // Budgets: $9.20 of a $10 day crosses 80 % and 90 %, recorded by the budget guard's alerts.
  const guard = createStoreBudgetGuard({
    store,
    config: { safety: { cost_limits: { daily_limit: 10, monthly_limit: 200 } } },
    // A second before now: in the same UTC day as `now` (and the CLI run right after) but inside the window.
    now: () => now - 1000,
    alerts: { logger: silentLogger },
  });
  await guard.charge({ scope: {}, costUsd: 9.2, tokens: 1000 });

  // The audit log: policy decisions with guard findings, a side effect and a budget alert.
  const audit = (
    createdAt: number,
    action: string,
    decision: string | null,
    details: Record<string, unknown> = {},
  ) =>
    appendAudit(store, {
      createdAt,
      actor: 'ouro',
      action,
      subject: `subject of ${action}`,
      decision,
      details,
    });
  const finding = (guard: string, severity: string) => ({
    guard,
    severity,
    file: 'src/a.ts',
    line: 1,
    message: `${guard} finding`,
  });
  await audit(now - hour, 'merge', 'deny', {
    mode: 'autonomous',
    findings: [finding('secrets', 'critical')],
  });
  await audit(now - hour, 'push_branch', 'allow', {
    mode: 'supervised',
    findings: [{ note: 'not a finding' }, 'text'],
  });
  await audit(now - 50 * minute, 'open_pr', 'require_approval', {
    mode: 'supervised',
    findings: [finding('protected-paths', 'high'), finding('diff-size', 'medium')],
  });
  await audit(now - 40 * minute, 'merge', 'allow', {
    mode: 'shadow',
    findings: [finding('diff-size', 'medium')],
  });
  await audit(now - 30 * minute, 'merge', null, { performed: true });
  await audit(now - 20 * minute, 'budget_threshold', null, { threshold: 80 });
  await audit(now - 3 * day, 'run_command', 'deny', { mode: 'manual' });

  // Approvals: pending, approved, denied today; one from three days ago that expired.
  await store.approvals.create(approval('apr_pending', now - hour, now + day));
  await store.approvals.create(approval('apr_approved', now - hour, now + day));
  await store.approvals.decide(
    'apr_approved',
    { by: 'user:alice', decision: 'approve', comment: null },
    now - 50 * minute,
  );
  await store.approvals.create(approval('apr_denied', now - 2 * hour, now + day));
  await store.approvals.decide(
    'apr_denied',
    { by: 'user:bob', decision: 'deny', comment: 'no' },
    now - 90 * minute,
  );
  await store.approvals.create(approval('apr_expired', now - 3 * day, now - 2 * day));
  await store.approvals.expireDue(now);

  // Rollback points: one merge rolled back today, one ready, one rolled back nine days ago.
  const point = (id: string, createdAt: number) =>
    store.rollbackPoints.create({
      id,
      repository: '/repo',
      branch: 'main',
      baseSha: 'a'.repeat(40),
      headSha: 'b'.repeat(40),
      pr: 12,
      issue: 3,
      taskId: null,
      runId: null,
      description: `merge for ${id}`,
      createdAt,
    });
  await point('rb_today', now - 2 * hour);
  await store.rollbackPoints.completeMerge('rb_today', 'c'.repeat(40), 'merge');
  await store.rollbackPoints.markRolledBack('rb_today', 'd'.repeat(40), 'user:alice', now - hour);
  await point('rb_ready', now - 90 * minute);
  await point('rb_old', now - 10 * day);
  await store.rollbackPoints.completeMerge('rb_old', 'e'.repeat(40), 'squash');
  await store.rollbackPoints.markRolledBack('rb_old', 'f'.repeat(40), 'user:bob', now - 9 * day);
}
