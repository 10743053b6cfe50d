/** The effective policy from the config and the store (budget use, pause). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../../test/support/database.js';
import { ouroConfigSchema } from '../config/index.js';
import type { Store } from '../store/types.js';
import { showPolicy } from './policy-show.js';

const now = Date.parse('2026-11-22T10:00:00Z');

describe.each(storeFactories())('showPolicy ($name)', (factory) => {
  let store: Store;
  beforeEach(async () => {
    store = await factory.create();
  });
  afterEach(async () => {
    await store.close();
  });

  it('reports the settings, the budgets with their use, the pause and the mode table', async () => {
    const config = ouroConfigSchema.parse({
      orchestrator: { mode: 'autonomous' },
      safety: {
        protected_paths: ['infra/**'],
        max_files_changed: 20,
        approvers: ['user:alice'],
        approval_quorum: 2,
        alert_thresholds: [90, 75],
        cost_limits: { daily_limit: 4, monthly_limit: 100 },
      },
    });
    await store.budgets.reserve(
      'r1',
      [
        {
          level: 'day',
          scopeKey: '2026-11-22',
          costMicroUsd: 1_000_000,
          tokens: 0,
          limitCostMicroUsd: null,
          limitTokens: null,
        },
        {
          level: 'month',
          scopeKey: '2026-11',
          costMicroUsd: 1_000_000,
          tokens: 0,
          limitCostMicroUsd: null,
          limitTokens: null,
        },
      ],
      now,
    );
    await store.control.setPause({ paused: true, reason: 'freeze', by: 'user:alice', since: now }, now);

    const policy = await showPolicy(store, config, now);
    expect(policy.mode).toBe('autonomous');
    expect(policy.guards).toMatchObject({ maxFilesChanged: 20, maxLinesChanged: 2000, maxComplexity: 10 });
    expect(policy.protectedPaths).toEqual(['infra/**']);
    expect(policy.approvals).toEqual({
      timeoutHours: 24,
      quorum: 2,
      approvers: ['user:alice'],
      autoApproveLowRisk: false,
    });
    expect(policy.budgets.day).toMatchObject({
      usedMicroUsd: 1_000_000,
      limitMicroUsd: 4_000_000,
      percent: 25,
    });
    expect(policy.budgets.month).toMatchObject({ usedMicroUsd: 1_000_000, percent: 1 });
    expect(policy.budgets.alertThresholds).toEqual([75, 90]);
    expect(policy.pause).toMatchObject({ paused: true, reason: 'freeze' });
    const rule = (mode: string, action: string) =>
      policy.rules.find((row) => row.mode === mode && row.action === action)?.decision;
    expect(rule('supervised', 'merge')).toBe('require_approval');
    expect(rule('autonomous', 'merge')).toBe('allow');
    expect(rule('shadow', 'merge')).toBe('record_only');
    expect(rule('manual', 'claim_issue')).toBe('deny');
  });
});
