import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories, type StoreFactory } from '../../test/support/database.js';
import { openSharedStores, type SharedStores } from '../../test/support/shared-stores.js';
import { isOuroError } from '../errors/index.js';
import type {
  ApprovalDecideOutcome,
  BudgetThresholdRecord,
  NewApproval,
  NewRollbackPoint,
  Store,
} from './types.js';

function newApproval(id: string, overrides: Partial<NewApproval> = {}): NewApproval {
  return {
    id,
    operation: 'merge',
    subjectKey: 'merge:pr:12',
    subject: { description: 'Merge PR #12', pr: 12, headSha: 'a'.repeat(40) },
    risk: 'high',
    reasons: ['touches src/policy'],
    details: { changedFiles: ['src/policy/guard.ts'], costUsd: 0.42 },
    requestedBy: 'ouro',
    requestedAt: 1000,
    expiresAt: 10_000,
    quorum: 1,
    ...overrides,
  };
}

function newPoint(id: string, overrides: Partial<NewRollbackPoint> = {}): NewRollbackPoint {
  return {
    id,
    repository: 'acme/widgets',
    branch: 'main',
    baseSha: 'b'.repeat(40),
    headSha: 'c'.repeat(40),
    pr: 12,
    issue: 4,
    taskId: 'task_1',
    runId: 'run_1',
    description: 'Merge PR #12',
    createdAt: 1000,
    ...overrides,
  };
}

function threshold(overrides: Partial<BudgetThresholdRecord> = {}): BudgetThresholdRecord {
  return {
    level: 'day',
    scopeKey: '2026-11-22',
    threshold: 80,
    usedMicroUsd: 8_100_000,
    limitMicroUsd: 10_000_000,
    createdAt: 1000,
    ...overrides,
  };
}

async function expectOuroError(promise: Promise<unknown>, code: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(isOuroError(error) ? error.code : error).toBe(code);
}

const workerScript = fileURLToPath(new URL('../../test/support/approval-worker.ts', import.meta.url));
const run = promisify(execFile);

function outcomes(results: readonly ApprovalDecideOutcome[]): string[] {
  return results.map((result) => result.outcome).sort();
}

describe.each(storeFactories().map((factory) => [factory.name, factory] as const))(
  'safety store contract (%s)',
  (_name: string, factory: StoreFactory) => {
    let shared: SharedStores;
    let store: Store;
    /** A second connection to the same database: another pool on PostgreSQL, another handle on SQLite. */
    let other: Store;

    beforeEach(async () => {
      shared = await openSharedStores(factory.name, 2);
      [store, other] = shared.stores as [Store, Store];
    });

    afterEach(async () => {
      await shared.close();
    });

    describe('approvals', () => {
      it('creates pending approvals and reads them back whole', async () => {
        const created = await store.approvals.create(newApproval('apr_1'));
        expect(created).toEqual({
          ...newApproval('apr_1'),
          state: 'pending',
          decidedAt: null,
          decisions: [],
        });
        expect(await other.approvals.get('apr_1')).toEqual(created);
        expect(await store.approvals.get('apr_missing')).toBeUndefined();
        await expectOuroError(store.approvals.create(newApproval('apr_1')), 'OURO_STORE_CONFLICT');
        await expect(store.approvals.create(newApproval('apr_2', { quorum: 0 }))).rejects.toThrow(RangeError);
      });

      it('lists newest first with state, subject, since and limit filters', async () => {
        await store.approvals.create(newApproval('apr_a', { requestedAt: 1000 }));
        await store.approvals.create(newApproval('apr_b', { requestedAt: 3000, subjectKey: 'merge:pr:13' }));
        await store.approvals.create(newApproval('apr_c', { requestedAt: 2000 }));
        await store.approvals.decide('apr_c', { by: 'user:alice', decision: 'deny', comment: 'no' }, 2500);
        const ids = async (filter?: Parameters<Store['approvals']['list']>[0]) =>
          (await store.approvals.list(filter)).map((approval) => approval.id);
        expect(await ids()).toEqual(['apr_b', 'apr_c', 'apr_a']);
        expect(await ids({ states: ['pending'] })).toEqual(['apr_b', 'apr_a']);
        expect(await ids({ states: ['denied', 'approved'] })).toEqual(['apr_c']);
        expect(await ids({ states: [] })).toEqual([]);
        expect(await ids({ subjectKey: 'merge:pr:12' })).toEqual(['apr_c', 'apr_a']);
        expect(await ids({ since: 2000 })).toEqual(['apr_b', 'apr_c']);
        expect(await ids({ limit: 1 })).toEqual(['apr_b']);
        const [denied] = await store.approvals.list({ states: ['denied'] });
        expect(denied?.decisions).toEqual([
          { approvalId: 'apr_c', by: 'user:alice', decision: 'deny', comment: 'no', createdAt: 2500 },
        ]);
      });

      it('approves at quorum 1 and refuses later decisions as not pending', async () => {
        await store.approvals.create(newApproval('apr_1'));
        const first = await store.approvals.decide(
          'apr_1',
          { by: 'user:alice', decision: 'approve', comment: null },
          2000,
        );
        expect(first).toMatchObject({
          outcome: 'recorded',
          approval: { state: 'approved', decidedAt: 2000 },
        });
        const later = await store.approvals.decide(
          'apr_1',
          { by: 'user:bob', decision: 'deny', comment: null },
          3000,
        );
        expect(later).toMatchObject({
          outcome: 'not_pending',
          approval: { state: 'approved', decidedAt: 2000 },
        });
        expect((await store.approvals.get('apr_1'))?.decisions.map((decision) => decision.by)).toEqual([
          'user:alice',
        ]);
        expect(
          await store.approvals.decide(
            'apr_nope',
            { by: 'user:alice', decision: 'approve', comment: null },
            1,
          ),
        ).toEqual({ outcome: 'not_found' });
      });

      it('needs two distinct identities at quorum 2 and keeps decisions oldest first', async () => {
        await store.approvals.create(newApproval('apr_1', { quorum: 2 }));
        const alice = { by: 'user:alice', decision: 'approve', comment: 'looks fine' } as const;
        const first = await store.approvals.decide('apr_1', alice, 2000);
        expect(first).toMatchObject({ outcome: 'recorded', approval: { state: 'pending', decidedAt: null } });
        const again = await other.approvals.decide('apr_1', alice, 2100);
        expect(again).toMatchObject({ outcome: 'duplicate', approval: { state: 'pending' } });
        const second = await other.approvals.decide(
          'apr_1',
          { by: 'apikey:ci', decision: 'approve', comment: null },
          2200,
        );
        expect(second).toMatchObject({
          outcome: 'recorded',
          approval: { state: 'approved', decidedAt: 2200 },
        });
        const stored = await store.approvals.get('apr_1');
        expect(stored).toEqual(second.outcome === 'recorded' ? second.approval : undefined);
        expect(stored?.decisions).toEqual([
          {
            approvalId: 'apr_1',
            by: 'user:alice',
            decision: 'approve',
            comment: 'looks fine',
            createdAt: 2000,
          },
          { approvalId: 'apr_1', by: 'apikey:ci', decision: 'approve', comment: null, createdAt: 2200 },
        ]);
      });

      it('denies on one deny even when approvals were recorded', async () => {
        await store.approvals.create(newApproval('apr_1', { quorum: 2 }));
        await store.approvals.decide('apr_1', { by: 'user:alice', decision: 'approve', comment: null }, 2000);
        const denied = await store.approvals.decide(
          'apr_1',
          { by: 'user:bob', decision: 'deny', comment: 'too risky' },
          2100,
        );
        expect(denied).toMatchObject({ outcome: 'recorded', approval: { state: 'denied', decidedAt: 2100 } });
        expect((await store.approvals.get('apr_1'))?.state).toBe('denied');
      });

      it('expires a due approval when it is decided, recording nothing', async () => {
        await store.approvals.create(newApproval('apr_1', { expiresAt: 5000 }));
        const late = await store.approvals.decide(
          'apr_1',
          { by: 'user:alice', decision: 'approve', comment: null },
          5000,
        );
        expect(late).toMatchObject({
          outcome: 'not_pending',
          approval: { state: 'expired', decidedAt: 5000, decisions: [] },
        });
        expect(await store.approvals.get('apr_1')).toMatchObject({
          state: 'expired',
          decidedAt: 5000,
          decisions: [],
        });
      });

      it('expireDue expires pending approvals past their deadline and returns them', async () => {
        await store.approvals.create(newApproval('apr_due', { expiresAt: 5000 }));
        await store.approvals.create(newApproval('apr_later', { expiresAt: 9000 }));
        await store.approvals.create(newApproval('apr_done', { expiresAt: 5000 }));
        await store.approvals.decide(
          'apr_done',
          { by: 'user:alice', decision: 'approve', comment: null },
          4000,
        );
        const expired = await store.approvals.expireDue(5000);
        expect(expired.map((approval) => [approval.id, approval.state, approval.decidedAt])).toEqual([
          ['apr_due', 'expired', 5000],
        ]);
        expect(await other.approvals.expireDue(6000)).toEqual([]);
        expect((await store.approvals.get('apr_later'))?.state).toBe('pending');
        expect((await store.approvals.get('apr_done'))?.state).toBe('approved');
      });

      it('markStale retires pending requests made for another head of the subject', async () => {
        const oldHead = 'a'.repeat(40);
        const newHead = 'd'.repeat(40);
        await store.approvals.create(
          newApproval('apr_old', { subject: { description: 'PR', headSha: oldHead } }),
        );
        await store.approvals.create(
          newApproval('apr_new', { requestedAt: 1500, subject: { description: 'PR', headSha: newHead } }),
        );
        await store.approvals.create(newApproval('apr_headless', { subject: { description: 'PR' } }));
        await store.approvals.create(
          newApproval('apr_other', {
            subjectKey: 'merge:pr:99',
            subject: { description: 'PR', headSha: oldHead },
          }),
        );
        await store.approvals.create(
          newApproval('apr_decided', { subject: { description: 'PR', headSha: oldHead } }),
        );
        await store.approvals.decide(
          'apr_decided',
          { by: 'user:alice', decision: 'deny', comment: null },
          1200,
        );

        const stale = await store.approvals.markStale('merge:pr:12', newHead, 2000);
        expect(stale.map((approval) => [approval.id, approval.state, approval.decidedAt])).toEqual([
          ['apr_old', 'stale', 2000],
        ]);
        expect(await store.approvals.markStale('merge:pr:12', newHead, 3000)).toEqual([]);
        const states = Object.fromEntries(
          (await store.approvals.list()).map((approval) => [approval.id, approval.state]),
        );
        expect(states).toEqual({
          apr_old: 'stale',
          apr_new: 'pending',
          apr_headless: 'pending',
          apr_other: 'pending',
          apr_decided: 'denied',
        });
        const refused = await store.approvals.decide(
          'apr_old',
          { by: 'user:bob', decision: 'approve', comment: null },
          2500,
        );
        expect(refused).toMatchObject({ outcome: 'not_pending', approval: { state: 'stale' } });
      });

      it('records the last missing vote once when many connections approve at once', async () => {
        await store.approvals.create(newApproval('apr_1', { quorum: 2 }));
        await store.approvals.decide('apr_1', { by: 'user:alice', decision: 'approve', comment: null }, 2000);
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, index) =>
            (index % 2 === 0 ? store : other).approvals.decide(
              'apr_1',
              { by: `user:voter${index}`, decision: 'approve', comment: null },
              3000 + index,
            ),
          ),
        );
        expect(outcomes(results)).toEqual(
          ['not_pending', ...Array<string>(6).fill('not_pending'), 'recorded'].sort(),
        );
        const winner = results.find((result) => result.outcome === 'recorded');
        const stored = await store.approvals.get('apr_1');
        expect(stored?.state).toBe('approved');
        expect(stored?.decisions).toHaveLength(2);
        expect(stored?.decidedAt).toBe(stored?.decisions[1]?.createdAt);
        expect(winner?.outcome === 'recorded' ? winner.approval : undefined).toEqual(stored);
      });

      it('counts racing approvals from scratch up to the quorum and no further', async () => {
        await store.approvals.create(newApproval('apr_1', { quorum: 3 }));
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, index) =>
            (index % 2 === 0 ? other : store).approvals.decide(
              'apr_1',
              { by: `user:voter${index}`, decision: 'approve', comment: null },
              3000 + index,
            ),
          ),
        );
        expect(results.filter((result) => result.outcome === 'recorded')).toHaveLength(3);
        expect(results.filter((result) => result.outcome === 'not_pending')).toHaveLength(7);
        const stored = await other.approvals.get('apr_1');
        expect(stored?.state).toBe('approved');
        expect(new Set(stored?.decisions.map((decision) => decision.by)).size).toBe(3);
        expect(stored?.decidedAt).toBe(stored?.decisions[2]?.createdAt);
      });

      it('records the last missing vote once when separate processes approve at once', async () => {
        await store.approvals.create(newApproval('apr_1', { quorum: 2 }));
        await store.approvals.decide('apr_1', { by: 'user:alice', decision: 'approve', comment: null }, 2000);
        const workers = await Promise.all(
          Array.from({ length: 4 }, (_, index) =>
            run(process.execPath, [
              '--import',
              'tsx',
              workerScript,
              shared.projectDir,
              shared.url ?? '-',
              shared.schema ?? '-',
              'apr_1',
              `user:worker${index}`,
              String(3000 + index),
            ]),
          ),
        );
        const results = workers.map(
          (worker) => JSON.parse(worker.stdout) as { outcome: string; state: string },
        );
        expect(results.map((result) => result.outcome).sort()).toEqual([
          'not_pending',
          'not_pending',
          'not_pending',
          'recorded',
        ]);
        expect(results.every((result) => result.state === 'approved')).toBe(true);
        const stored = await store.approvals.get('apr_1');
        expect(stored?.decisions.map((decision) => decision.by)).toHaveLength(2);
        expect(stored?.decidedAt).toBe(stored?.decisions[1]?.createdAt);
      }, 30_000);

      it('records one identity once when it decides from many connections at once', async () => {
        await store.approvals.create(newApproval('apr_1', { quorum: 3 }));
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, index) =>
            (index % 2 === 0 ? store : other).approvals.decide(
              'apr_1',
              { by: 'user:alice', decision: 'approve', comment: null },
              3000 + index,
            ),
          ),
        );
        expect(outcomes(results)).toEqual([...Array<string>(5).fill('duplicate'), 'recorded']);
        expect(await store.approvals.get('apr_1')).toMatchObject({ state: 'pending', decidedAt: null });
        expect((await store.approvals.get('apr_1'))?.decisions).toHaveLength(1);
      });
    });

    describe('rollback points', () => {
      it('creates ready points, completes the merge and reads them back', async () => {
        const created = await store.rollbackPoints.create(newPoint('rb_1'));
        const blank = {
          mergeSha: null,
          mergeMethod: null,
          state: 'ready',
          rolledBackAt: null,
          rollbackRef: null,
          rolledBackBy: null,
        };
        expect(created).toEqual({ ...newPoint('rb_1'), ...blank });
        await store.rollbackPoints.completeMerge('rb_1', 'e'.repeat(40), 'squash');
        expect(await other.rollbackPoints.get('rb_1')).toEqual({
          ...newPoint('rb_1'),
          ...blank,
          mergeSha: 'e'.repeat(40),
          mergeMethod: 'squash',
        });
        const local = newPoint('rb_2', {
          repository: '/srv/repo',
          headSha: null,
          pr: null,
          issue: null,
          taskId: null,
          runId: null,
        });
        expect(await store.rollbackPoints.create(local)).toEqual({ ...local, ...blank });
        expect(await store.rollbackPoints.get('rb_2')).toEqual({ ...local, ...blank });
        expect(await store.rollbackPoints.get('rb_missing')).toBeUndefined();
        await expectOuroError(store.rollbackPoints.create(newPoint('rb_1')), 'OURO_STORE_CONFLICT');
      });

      it('lists newest first by state, PR, merge SHA or its prefix', async () => {
        await store.rollbackPoints.create(newPoint('rb_a', { createdAt: 1000, pr: 1 }));
        await store.rollbackPoints.create(newPoint('rb_b', { createdAt: 3000, pr: 2 }));
        await store.rollbackPoints.create(newPoint('rb_c', { createdAt: 2000, pr: 1 }));
        await store.rollbackPoints.completeMerge('rb_a', `abc123${'0'.repeat(34)}`, 'merge');
        await store.rollbackPoints.completeMerge('rb_c', `abc999${'0'.repeat(34)}`, 'merge');
        await store.rollbackPoints.markRolledBack('rb_c', 'f'.repeat(40), 'user:alice', 4000);
        const ids = async (filter?: Parameters<Store['rollbackPoints']['list']>[0]) =>
          (await store.rollbackPoints.list(filter)).map((point) => point.id);
        expect(await ids()).toEqual(['rb_b', 'rb_c', 'rb_a']);
        expect(await ids({ state: 'ready' })).toEqual(['rb_b', 'rb_a']);
        expect(await ids({ state: 'rolled_back' })).toEqual(['rb_c']);
        expect(await ids({ pr: 1 })).toEqual(['rb_c', 'rb_a']);
        expect(await ids({ mergeSha: `abc123${'0'.repeat(34)}` })).toEqual(['rb_a']);
        expect(await ids({ mergeShaPrefix: 'abc' })).toEqual(['rb_c', 'rb_a']);
        expect(await ids({ mergeShaPrefix: 'abc123' })).toEqual(['rb_a']);
        expect(await ids({ mergeShaPrefix: 'abc%' })).toEqual([]);
        expect(await ids({ limit: 2 })).toEqual(['rb_b', 'rb_c']);
      });

      it('marks a point rolled back once when two connections race', async () => {
        await store.rollbackPoints.create(newPoint('rb_1'));
        const results = await Promise.all([
          store.rollbackPoints.markRolledBack('rb_1', 'sha-one', 'user:alice', 5000),
          other.rollbackPoints.markRolledBack('rb_1', 'sha-two', 'user:bob', 5001),
        ]);
        expect([...results].sort()).toEqual([false, true]);
        const winner = results[0]
          ? { ref: 'sha-one', by: 'user:alice', at: 5000 }
          : { ref: 'sha-two', by: 'user:bob', at: 5001 };
        expect(await store.rollbackPoints.get('rb_1')).toMatchObject({
          state: 'rolled_back',
          rollbackRef: winner.ref,
          rolledBackBy: winner.by,
          rolledBackAt: winner.at,
        });
        expect(await store.rollbackPoints.markRolledBack('rb_1', 'sha-three', 'user:carol', 6000)).toBe(
          false,
        );
        expect(await store.rollbackPoints.markRolledBack('rb_missing', 'sha', 'user:carol', 6000)).toBe(
          false,
        );
      });

      it('deletes points older than a time and returns their ids', async () => {
        await store.rollbackPoints.create(newPoint('rb_old1', { createdAt: 1000 }));
        await store.rollbackPoints.create(newPoint('rb_old2', { createdAt: 1999 }));
        await store.rollbackPoints.create(newPoint('rb_new', { createdAt: 2000 }));
        expect(await store.rollbackPoints.deleteOlderThan(2000)).toEqual(['rb_old1', 'rb_old2']);
        expect(await store.rollbackPoints.deleteOlderThan(2000)).toEqual([]);
        expect((await store.rollbackPoints.list()).map((point) => point.id)).toEqual(['rb_new']);
      });
    });

    describe('control', () => {
      it('is not paused until set, and every connection sees pause and resume', async () => {
        expect(await store.control.getPause()).toEqual({
          paused: false,
          reason: null,
          by: null,
          since: null,
        });
        await store.control.setPause(
          { paused: true, reason: 'incident 42', by: 'user:alice', since: 1000 },
          1000,
        );
        expect(await other.control.getPause()).toEqual({
          paused: true,
          reason: 'incident 42',
          by: 'user:alice',
          since: 1000,
        });
        // A null `since` means "now".
        await other.control.setPause({ paused: false, reason: null, by: 'user:bob', since: null }, 2000);
        expect(await store.control.getPause()).toEqual({
          paused: false,
          reason: null,
          by: 'user:bob',
          since: 2000,
        });
      });
    });

    describe('budget thresholds', () => {
      it('records each crossing once and lists them oldest first', async () => {
        expect(await store.budgets.recordThreshold(threshold({ createdAt: 2000 }))).toBe(true);
        expect(
          await other.budgets.recordThreshold(threshold({ createdAt: 2500, usedMicroUsd: 9_000_000 })),
        ).toBe(false);
        expect(await store.budgets.recordThreshold(threshold({ threshold: 90, createdAt: 3000 }))).toBe(true);
        expect(
          await store.budgets.recordThreshold(threshold({ scopeKey: '2026-11-23', createdAt: 1000 })),
        ).toBe(true);
        expect(await store.budgets.recordThreshold(threshold({ level: 'month', scopeKey: '2026-11' }))).toBe(
          true,
        );
        const listed = await store.budgets.listThresholds();
        expect(
          listed.map((record) => [record.level, record.scopeKey, record.threshold, record.createdAt]),
        ).toEqual([
          ['day', '2026-11-23', 80, 1000],
          ['month', '2026-11', 80, 1000],
          ['day', '2026-11-22', 80, 2000],
          ['day', '2026-11-22', 90, 3000],
        ]);
        // The first record stays as it was written.
        expect(listed[2]).toEqual(threshold({ createdAt: 2000 }));
        expect(
          (await store.budgets.listThresholds({ since: 2000 })).map((record) => record.threshold),
        ).toEqual([80, 90]);
      });

      it('lets exactly one of 20 racing callers record a threshold', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            (index % 2 === 0 ? store : other).budgets.recordThreshold(
              threshold({ threshold: 100, createdAt: 1000 + index }),
            ),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.budgets.listThresholds()).toHaveLength(1);
      });
    });
  },
);
