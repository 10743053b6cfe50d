import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../../test/support/database.js';
import type { PolicyRequest } from '../adapters/policy-port.js';
import { ouroConfigSchema } from '../config/index.js';
import { createRecordingLogger, type RecordedLog } from '../../test/support/step-context.js';
import type { Store } from '../store/types.js';
import { verifyAuditChain } from './audit/index.js';
import { createPolicyGate, type PolicyGateOptions } from './policy-gate.js';

const mergeRequest = (overrides: Partial<PolicyRequest> = {}): PolicyRequest => ({
  action: 'merge',
  subject: 'merge feature into main',
  subjectKey: 'merge:feature->main',
  initiator: 'ouro',
  risk: 'medium',
  reasons: ['3 files changed'],
  headSha: 'aaa111',
  effect: { branch: 'feature', into: 'main' },
  ...overrides,
});

describe.each(storeFactories())('policy gate on $name', (factory) => {
  let store: Store;
  let clock: number;
  let logs: RecordedLog[];
  const notifications: Array<{ event: string; payload: Record<string, unknown> }> = [];

  beforeEach(async () => {
    store = await factory.create();
    clock = Date.UTC(2026, 10, 22, 12);
    logs = [];
    notifications.length = 0;
  });
  afterEach(async () => {
    await store.close();
  });

  const gate = (config: Record<string, unknown> = {}, overrides: Partial<PolicyGateOptions> = {}) =>
    createPolicyGate({
      store,
      config: ouroConfigSchema.parse(config),
      actor: 'ouro',
      logger: createRecordingLogger(logs),
      now: () => clock,
      scope: { runId: 'run_1', stepId: 'merge' },
      notify: (event, payload) => {
        notifications.push({ event, payload });
        return Promise.resolve();
      },
      ...overrides,
    });

  it('requests an approval once, reuses it while pending, and allows once it is approved', async () => {
    const first = await gate().authorize(mergeRequest());
    expect(first).toMatchObject({ decision: 'require_approval', risk: 'medium', perform: false });
    const approvalId = first.decision === 'require_approval' ? first.approvalId : undefined;
    expect(approvalId).toMatch(/^apr_[0-9a-f]{8}$/);
    expect(notifications).toEqual([
      expect.objectContaining({
        event: 'approval_requested',
        payload: expect.objectContaining({ approval_id: approvalId }),
      }),
    ]);
    const approval = await store.approvals.get(approvalId!);
    expect(approval).toMatchObject({
      operation: 'merge',
      subjectKey: 'merge:feature->main',
      state: 'pending',
      risk: 'medium',
      quorum: 1,
      expiresAt: clock + 24 * 3_600_000,
      subject: expect.objectContaining({ headSha: 'aaa111', runId: 'run_1', stepId: 'merge' }),
    });
    const again = await gate().authorize(mergeRequest());
    expect(again).toMatchObject({ decision: 'require_approval', approvalId });
    expect(await store.approvals.list({ subjectKey: 'merge:feature->main' })).toHaveLength(1);

    await store.approvals.decide(
      approvalId!,
      { by: 'user:alice', decision: 'approve', comment: 'ok' },
      clock,
    );
    const allowed = await gate().authorize(mergeRequest());
    expect(allowed).toMatchObject({ decision: 'allow', perform: true, approvalId });
    expect(allowed.reasons.at(-1)).toBe(`approved in ${approvalId} by user:alice`);
    expect(logs.filter((log) => log.object['event'] === 'safety_violation')).toHaveLength(2);
  });

  it('makes a pending approval stale when the head moves and asks again', async () => {
    const first = await gate().authorize(mergeRequest());
    const moved = await gate().authorize(mergeRequest({ headSha: 'bbb222' }));
    expect(moved.decision).toBe('require_approval');
    const firstId = first.decision === 'require_approval' ? first.approvalId : '';
    const movedId = moved.decision === 'require_approval' ? moved.approvalId : '';
    expect(movedId).not.toBe(firstId);
    expect((await store.approvals.get(firstId!))?.state).toBe('stale');
    expect((await store.approvals.get(movedId!))?.state).toBe('pending');
  });

  it('asks again after an approval expired', async () => {
    const first = await gate().authorize(mergeRequest());
    clock += 25 * 3_600_000;
    const later = await gate().authorize(mergeRequest());
    const firstId = first.decision === 'require_approval' ? first.approvalId : '';
    expect((await store.approvals.get(firstId!))?.state).toBe('expired');
    expect(later.decision === 'require_approval' && later.approvalId).not.toBe(firstId);
  });

  it('a denied approval denies the same subject from then on', async () => {
    const first = await gate().authorize(mergeRequest());
    const id = first.decision === 'require_approval' ? first.approvalId! : '';
    await store.approvals.decide(id, { by: 'user:bob', decision: 'deny', comment: 'no' }, clock);
    expect(await gate().authorize(mergeRequest())).toMatchObject({ decision: 'deny', perform: false });
  });

  it('auto-approves LOW risk when configured, recorded as decided by ouro:auto-approve', async () => {
    const verdict = await gate({ safety: { auto_approve_low_risk: true } }).authorize(
      mergeRequest({ risk: 'low' }),
    );
    expect(verdict).toMatchObject({ decision: 'allow', perform: true });
    const [approval] = await store.approvals.list({ subjectKey: 'merge:feature->main' });
    expect(approval).toMatchObject({ state: 'approved' });
    expect(approval?.decisions.map((decision) => decision.by)).toEqual(['ouro:auto-approve']);
    expect(notifications).toEqual([]);
  });

  it('uses the assessor for a git range and records its findings', async () => {
    const verdict = await gate(
      { orchestrator: { mode: 'autonomous' } },
      {
        assessChange: (change) =>
          Promise.resolve({
            risk: 'high' as const,
            reasons: [`protected path in ${change.base}..${change.head}`],
            assessment: {
              findings: [
                { guard: 'protected-paths', severity: 'high', file: '.env', line: null, message: 'x' },
              ],
            },
          }),
      },
    ).authorize(mergeRequest({ risk: undefined, change: { directory: '/repo', base: 'b', head: 'h' } }));
    expect(verdict).toMatchObject({ decision: 'require_approval', risk: 'high' });
    expect(verdict.reasons).toContain('protected path in b..h');
    const [entry] = (await store.audit.list()).slice(-1);
    expect(entry?.details['findings']).toEqual([expect.objectContaining({ guard: 'protected-paths' })]);
  });

  it('shadow mode records the would-be effect and requests no approval', async () => {
    const shadow = gate({}, { mode: 'shadow' });
    expect(shadow.mode).toBe('shadow');
    const verdict = await shadow.authorize(mergeRequest({ risk: 'high' }));
    expect(verdict).toMatchObject({ decision: 'require_approval', perform: false });
    expect(verdict.decision === 'require_approval' && verdict.approvalId).toBeFalsy();
    expect(await store.approvals.list({})).toEqual([]);
    const [entry] = await store.audit.list();
    expect(entry).toMatchObject({
      action: 'merge',
      decision: 'require_approval',
      details: expect.objectContaining({
        mode: 'shadow',
        performed: false,
        effect: { branch: 'feature', into: 'main' },
      }),
    });
  });

  it('pause and an exhausted daily budget are read from the store', async () => {
    await store.control.setPause({ paused: true, reason: 'incident', by: 'user:alice', since: clock }, clock);
    const claim = await gate().authorize({
      action: 'claim_issue',
      subject: 'issue #4',
      subjectKey: 'issue:4',
      initiator: 'ouro',
      effect: {},
    });
    expect(claim.decision).toBe('deny');
    expect(claim.reasons[0]).toContain('incident');
    await store.control.setPause({ paused: false, reason: null, by: 'user:alice', since: clock }, clock);
    await store.budgets.charge(
      'mc_1',
      [
        {
          level: 'day',
          scopeKey: '2026-11-22',
          costMicroUsd: 10_000_000,
          tokens: 10,
          limitCostMicroUsd: 10_000_000,
          limitTokens: null,
        },
      ],
      clock,
    );
    const call = await gate().authorize({
      action: 'model_call',
      subject: 'model call',
      subjectKey: 'run:1:step:2:model_call',
      initiator: 'ouro',
      readOnly: true,
      effect: {},
    });
    expect(call.decision).toBe('deny');
    expect(call.reasons[0]).toContain('daily cost limit is reached ($10.00 of $10.00');
  });

  it('records effects and rollback points in one unbroken audit chain', async () => {
    const port = gate();
    const id = await port.recordRollbackPoint({
      repository: '/repo',
      branch: 'main',
      baseSha: 'b'.repeat(40),
      headSha: 'h'.repeat(40),
      pr: null,
      issue: 3,
      taskId: null,
      runId: 'run_1',
      description: 'Merge feature',
    });
    expect(id).toMatch(/^rb_[0-9a-f]{8}$/);
    await port.completeRollbackPoint(id, 'm'.repeat(40), 'merge');
    await port.recordEffect('merge', 'merge feature into main', { mergeSha: 'm'.repeat(40) });
    expect(await store.rollbackPoints.get(id)).toMatchObject({
      mergeSha: 'm'.repeat(40),
      mergeMethod: 'merge',
    });
    const entries = await store.audit.list();
    expect(entries.map((entry) => [entry.action, entry.decision])).toEqual([
      ['rollback_point', null],
      ['merge', null],
    ]);
    expect(await verifyAuditChain(store)).toMatchObject({ valid: true, entries: 2 });
    expect(port.protectedPaths(['src/a.ts', '.github/workflows/ci.yml', 'config/.env.local'])).toEqual([
      '.github/workflows/ci.yml',
      'config/.env.local',
    ]);
  });
});
