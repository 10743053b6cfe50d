/**
 * The approval use cases on real stores (SQLite and, with OURO_TEST_DATABASE_URL, PostgreSQL):
 * quorum by distinct people, deny with a reason, expiry and staleness refused with the right error,
 * safety.approvers enforced, every decision and expiry audited with the chain still intact.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../../../test/support/database.js';
import { ouroConfigSchema, type OuroConfig } from '../../config/index.js';
import { isOuroError, type OuroError } from '../../errors/index.js';
import { verifyAuditChain } from '../../policy/audit/index.js';
import type { NewApproval, Store } from '../../store/types.js';
import { approve, deny, listApprovals, viewApproval } from './index.js';

const hour = 3_600_000;
const start = Date.parse('2026-11-22T10:00:00Z');

function configWith(safety: Record<string, unknown> = {}): OuroConfig {
  return ouroConfigSchema.parse({ safety });
}

function approvalRequest(overrides: Partial<NewApproval> = {}): NewApproval {
  return {
    id: 'apr_00000001',
    operation: 'merge',
    subjectKey: 'pr:12',
    subject: { description: 'PR #12', pr: 12, headSha: 'a'.repeat(40) },
    risk: 'medium',
    reasons: ['supervised mode: merge needs a person’s approval'],
    details: {},
    requestedBy: 'ouro',
    requestedAt: start,
    expiresAt: start + 24 * hour,
    quorum: 1,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<OuroError> {
  try {
    await promise;
  } catch (error) {
    if (isOuroError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe.each(storeFactories())('approvals ($name)', (factory) => {
  let store: Store;
  beforeEach(async () => {
    store = await factory.create();
  });
  afterEach(async () => {
    await store.close();
  });

  it('needs two different people for a quorum of 2, and audits each recorded decision', async () => {
    await store.approvals.create(approvalRequest({ quorum: 2 }));
    const config = configWith();
    const [first] = await approve(store, config, ['apr_00000001'], {
      by: 'user:alice',
      comment: 'Reviewed. Tests passing.',
      now: start + hour,
    });
    expect(first).toMatchObject({ ok: true, outcome: 'awaiting_quorum' });
    const [again] = await approve(store, config, ['apr_00000001'], { by: 'user:alice', now: start + hour });
    expect(again).toMatchObject({ ok: true, outcome: 'already_approved' });
    const [second] = await approve(store, config, ['apr_00000001'], {
      by: 'user:bob',
      now: start + 2 * hour,
    });
    expect(second).toMatchObject({ ok: true, outcome: 'approved' });
    expect((await store.approvals.get('apr_00000001'))?.state).toBe('approved');

    const entries = await store.audit.list();
    expect(entries.map((entry) => [entry.actor, entry.action, entry.subject, entry.decision])).toEqual([
      ['user:alice', 'approval_decided', 'apr_00000001', 'approve'],
      ['user:bob', 'approval_decided', 'apr_00000001', 'approve'],
    ]);
    expect(entries[0]!.reasons).toEqual(['Reviewed. Tests passing.']);
    expect(entries[0]!.details).toEqual({
      operation: 'merge',
      subjectKey: 'pr:12',
      state: 'pending',
      approvals: 1,
      quorum: 2,
    });
    expect(entries[1]!.details).toMatchObject({ state: 'approved', approvals: 2 });
    expect(await verifyAuditChain(store)).toEqual({ valid: true, entries: 2 });
  });

  it('denies with a reason (required) and refuses a second decision naming the state', async () => {
    await store.approvals.create(approvalRequest());
    const config = configWith();
    const missing = await rejection(deny(store, config, 'apr_00000001', { by: 'user:alice', reason: '  ' }));
    expect(missing.code).toBe('OURO_APPROVAL_REASON_REQUIRED');
    expect(missing.exitCode).toBe(2);

    const denied = await deny(store, config, 'apr_00000001', {
      by: 'user:alice',
      reason: 'Security concerns',
      now: start + hour,
    });
    expect(denied).toMatchObject({ ok: true, outcome: 'denied' });
    const [late] = await approve(store, config, ['apr_00000001'], { by: 'user:bob', now: start + 2 * hour });
    expect(late!.ok).toBe(false);
    const error = (late as { error: OuroError }).error;
    expect(error.code).toBe('OURO_APPROVAL_ALREADY_DECIDED');
    expect(error.message).toContain('already denied');
    expect(error.remedy).toContain('ouro approvals view apr_00000001');

    const entries = await store.audit.list();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'user:alice',
      decision: 'deny',
      reasons: ['Security concerns'],
    });
    expect(entries[0]!.details).toMatchObject({ state: 'denied' });
  });

  it('expires due approvals before deciding, audits each expiry once, and refuses to approve them', async () => {
    await store.approvals.create(approvalRequest({ expiresAt: start + hour }));
    const config = configWith();
    const [result] = await approve(store, config, ['apr_00000001'], {
      by: 'user:alice',
      now: start + 2 * hour,
    });
    expect(result!.ok).toBe(false);
    const error = (result as { error: OuroError }).error;
    expect(error.code).toBe('OURO_APPROVAL_EXPIRED');
    expect(error.remedy).toContain('asks again');

    // Listing again does not audit the same expiry twice.
    expect(await listApprovals(store, { now: start + 3 * hour })).toEqual([]);
    const expired = await listApprovals(store, { states: ['expired'], now: start + 3 * hour });
    expect(expired.map((approval) => approval.id)).toEqual(['apr_00000001']);
    const entries = await store.audit.list();
    expect(entries.map((entry) => [entry.actor, entry.action, entry.subject])).toEqual([
      ['ouro', 'approval_expired', 'apr_00000001'],
    ]);
    expect(entries[0]!.reasons).toEqual(['no decision within 1 h']);
    expect(await verifyAuditChain(store)).toEqual({ valid: true, entries: 1 });
  });

  it('refuses a stale approval: the subject moved to another head', async () => {
    await store.approvals.create(approvalRequest());
    await store.approvals.markStale('pr:12', 'b'.repeat(40), start + hour);
    const [result] = await approve(store, configWith(), ['apr_00000001'], {
      by: 'user:alice',
      now: start + 2 * hour,
    });
    const error = (result as { error: OuroError }).error;
    expect(error.code).toBe('OURO_APPROVAL_STALE');
    expect(error.message).toContain('PR #12');
    expect(error.remedy).toContain('requester asks again');
    expect(await store.audit.list()).toEqual([]);
  });

  it('enforces safety.approvers for approve and deny', async () => {
    await store.approvals.create(approvalRequest());
    const config = configWith({ approvers: ['user:alice'] });
    const refused = await rejection(
      approve(store, config, ['apr_00000001'], { by: 'user:mallory', now: start }),
    );
    expect(refused.code).toBe('OURO_APPROVAL_NOT_ALLOWED');
    expect(refused.message).toBe('user:mallory may not decide approvals (safety.approvers: user:alice)');
    const refusedDeny = await rejection(
      deny(store, config, 'apr_00000001', { by: 'user:mallory', reason: 'no', now: start }),
    );
    expect(refusedDeny.code).toBe('OURO_APPROVAL_NOT_ALLOWED');
    expect((await store.approvals.get('apr_00000001'))?.state).toBe('pending');

    const [allowed] = await approve(store, config, ['apr_00000001'], { by: 'user:alice', now: start });
    expect(allowed).toMatchObject({ ok: true, outcome: 'approved' });
  });

  it('handles several ids one by one: unknown ones fail without stopping the others', async () => {
    await store.approvals.create(approvalRequest());
    await store.approvals.create(
      approvalRequest({ id: 'apr_00000002', subjectKey: 'pr:13', subject: { description: 'PR #13' } }),
    );
    const results = await approve(store, configWith(), ['apr_00000001', 'apr_missing', 'apr_00000002'], {
      by: 'user:alice',
      now: start,
    });
    expect(results.map((result) => [result.id, result.ok])).toEqual([
      ['apr_00000001', true],
      ['apr_missing', false],
      ['apr_00000002', true],
    ]);
    const missing = (results[1] as { error: OuroError }).error;
    expect(missing.code).toBe('OURO_APPROVAL_NOT_FOUND');
    expect(missing.remedy).toContain('ouro approvals list');
  });

  it('lists pending by default, by state, or all, newest first', async () => {
    await store.approvals.create(approvalRequest());
    await store.approvals.create(
      approvalRequest({ id: 'apr_00000002', subjectKey: 'pr:13', requestedAt: start + 1000 }),
    );
    await deny(store, configWith(), 'apr_00000002', { by: 'user:alice', reason: 'no', now: start + hour });
    const ids = async (options: Parameters<typeof listApprovals>[1]) =>
      (await listApprovals(store, { now: start + hour, ...options })).map((approval) => approval.id);
    expect(await ids({})).toEqual(['apr_00000001']);
    expect(await ids({ states: ['denied'] })).toEqual(['apr_00000002']);
    expect(await ids({ all: true })).toEqual(['apr_00000002', 'apr_00000001']);
  });

  it('views what the requester recorded, with null for what it did not', async () => {
    await store.approvals.create(
      approvalRequest({
        details: {
          effect: { pr: 12, method: 'squash' },
          assessment: {
            level: 'medium',
            findings: [
              {
                guard: 'dependencies',
                severity: 'medium',
                file: 'requirements.txt',
                line: 1,
                message: 'new dependencies: flask',
              },
            ],
            changedFiles: [{ path: 'requirements.txt' }],
          },
          tests: { passed: 12, failed: 0 },
        },
      }),
    );
    await store.approvals.create(approvalRequest({ id: 'apr_00000002', subjectKey: 'pr:13', details: {} }));
    const full = await viewApproval(store, 'apr_00000001', start);
    expect(full.findings).toEqual([
      {
        guard: 'dependencies',
        severity: 'medium',
        file: 'requirements.txt',
        line: 1,
        message: 'new dependencies: flask',
      },
    ]);
    expect(full.changedFiles).toEqual(['requirements.txt']);
    expect(full.tests).toEqual({ passed: 12, failed: 0 });
    expect(full.costSoFar).toBeNull();
    expect(full.effect).toEqual({ pr: 12, method: 'squash' });

    const bare = await viewApproval(store, 'apr_00000002', start);
    expect(bare).toMatchObject({
      assessment: null,
      findings: null,
      changedFiles: null,
      tests: null,
      costSoFar: null,
    });
    expect((await rejection(viewApproval(store, 'apr_nope', start))).code).toBe('OURO_APPROVAL_NOT_FOUND');
  });
});
