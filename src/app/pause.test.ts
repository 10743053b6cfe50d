/** Pause and resume on real stores: durable, idempotent, audited. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../../test/support/database.js';
import { verifyAuditChain } from '../policy/audit/index.js';
import type { Store } from '../store/types.js';
import { pausePolicy, resumePolicy } from './pause.js';

describe.each(storeFactories())('pause and resume ($name)', (factory) => {
  let store: Store;
  beforeEach(async () => {
    store = await factory.create();
  });
  afterEach(async () => {
    await store.close();
  });

  it('pauses once, keeps the first pause, updates only the reason, and resumes', async () => {
    const first = await pausePolicy(store, { by: 'user:alice', reason: 'deploy freeze', now: 1000 });
    expect(first).toEqual({
      outcome: 'paused',
      state: { paused: true, reason: 'deploy freeze', by: 'user:alice', since: 1000 },
    });
    const again = await pausePolicy(store, { by: 'user:bob', now: 2000 });
    expect(again.outcome).toBe('already_paused');
    expect(again.state).toEqual({ paused: true, reason: 'deploy freeze', by: 'user:alice', since: 1000 });
    const updated = await pausePolicy(store, { by: 'user:bob', reason: 'cost at 90 %', now: 3000 });
    expect(updated.outcome).toBe('reason_updated');
    expect(await store.control.getPause()).toEqual({
      paused: true,
      reason: 'cost at 90 %',
      by: 'user:alice',
      since: 1000,
    });

    const resumed = await resumePolicy(store, { by: 'user:carol', now: 4000 });
    expect(resumed.outcome).toBe('resumed');
    expect(resumed.previous.reason).toBe('cost at 90 %');
    expect((await store.control.getPause()).paused).toBe(false);
    expect((await resumePolicy(store, { by: 'user:carol', now: 5000 })).outcome).toBe('not_paused');

    const entries = await store.audit.list();
    expect(entries.map((entry) => [entry.actor, entry.action, entry.reasons])).toEqual([
      ['user:alice', 'pause', ['deploy freeze']],
      ['user:bob', 'pause', ['cost at 90 %']],
      ['user:carol', 'resume', []],
    ]);
    expect(await verifyAuditChain(store)).toEqual({ valid: true, entries: 3 });
  });

  it('records a null reason when none is given', async () => {
    const result = await pausePolicy(store, { by: 'user:alice', reason: '   ', now: 1000 });
    expect(result.state.reason).toBeNull();
    expect((await store.control.getPause()).reason).toBeNull();
  });
});
