import { describe, expect, it } from 'vitest';
import { policyActions, type PolicyMode, type PolicyRequest } from '../adapters/policy-port.js';
import { decide, describeModeRules, type DecisionState } from './decide.js';

const request = (overrides: Partial<PolicyRequest> = {}): PolicyRequest => ({
  action: 'merge',
  subject: 'PR #7',
  subjectKey: 'pr:7',
  initiator: 'ouro',
  effect: {},
  ...overrides,
});

const state = (overrides: Partial<DecisionState> = {}): DecisionState => ({
  mode: 'supervised',
  paused: undefined,
  budgetExhausted: undefined,
  autoApproveLowRisk: false,
  ...overrides,
});

describe('decide', () => {
  it('supervised: merges wait for a person whatever the risk; work up to a PR is allowed', () => {
    expect(decide(request({ risk: 'low' }), state()).decision).toBe('require_approval');
    for (const action of ['claim_issue', 'push_branch', 'open_pr', 'comment', 'run_command'] as const) {
      const outcome = decide(request({ action }), state());
      expect(outcome.decision, action).toBe('allow');
      expect(outcome.perform).toBe(true);
    }
  });

  it('autonomous: LOW/MEDIUM merges with green checks are allowed, HIGH/CRITICAL wait, red checks are denied', () => {
    const autonomous = state({ mode: 'autonomous' });
    expect(decide(request({ risk: 'low' }), autonomous).decision).toBe('allow');
    expect(decide(request({ risk: 'medium', checksPassed: true }), autonomous).decision).toBe('allow');
    const high = decide(
      request({ risk: 'high', reasons: ['protected path .github/workflows/ci.yml'] }),
      autonomous,
    );
    expect(high.decision).toBe('require_approval');
    expect(high.risk).toBe('high');
    expect(high.reasons).toContain('protected path .github/workflows/ci.yml');
    expect(decide(request({ risk: 'critical' }), autonomous).decision).toBe('require_approval');
    expect(decide(request({ risk: 'low', checksPassed: false }), autonomous).decision).toBe('deny');
    // No assessment at all: a person decides rather than assuming a risk.
    expect(decide(request({}), autonomous).decision).toBe('require_approval');
  });

  it('manual: Ouro claims and files nothing on its own', () => {
    const manual = state({ mode: 'manual' });
    expect(decide(request({ action: 'claim_issue' }), manual).decision).toBe('deny');
    expect(decide(request({ action: 'create_issue' }), manual).decision).toBe('deny');
    expect(decide(request({ action: 'run_command' }), manual).decision).toBe('allow');
  });

  it('a protected path is at least HIGH and always waits for a person, in every acting mode', () => {
    for (const mode of ['manual', 'supervised', 'autonomous'] as PolicyMode[]) {
      const outcome = decide(request({ action: 'write_protected_path', risk: 'low' }), state({ mode }));
      expect(outcome.decision, mode).toBe('require_approval');
      expect(outcome.risk).toBe('high');
    }
  });

  it('shadow: decides as autonomous and performs only read-only actions', () => {
    const shadow = state({ mode: 'shadow' });
    const merge = decide(request({ risk: 'low' }), shadow);
    expect(merge).toMatchObject({ decision: 'allow', perform: false });
    expect(merge.reasons.at(-1)).toBe('shadow mode: recorded, not performed');
    expect(decide(request({ action: 'run_command', readOnly: true }), shadow).perform).toBe(true);
    expect(decide(request({ action: 'run_command' }), shadow).perform).toBe(false);
    expect(decide(request({ action: 'model_call', readOnly: true }), shadow).perform).toBe(true);
    // An approval is only recorded as needed, never requested (approvalId stays unset).
    const high = decide(request({ risk: 'high' }), shadow);
    expect(high).toMatchObject({ decision: 'require_approval', perform: false });
    expect(high.approvalId).toBeUndefined();
  });

  it('operator commands are allowed in every mode, and shadow still records them only', () => {
    const operator = request({ action: 'rollback', initiator: 'operator' });
    expect(decide(operator, state({ mode: 'manual' }))).toMatchObject({ decision: 'allow', perform: true });
    expect(decide(operator, state({ mode: 'shadow' }))).toMatchObject({ decision: 'allow', perform: false });
  });

  it('hard limits: pause stops claiming, an exhausted budget stops model calls, the default branch is never pushed', () => {
    const paused = state({ mode: 'autonomous', paused: { reason: 'costs spiking', by: 'user:alice' } });
    const claim = decide(request({ action: 'claim_issue' }), paused);
    expect(claim.decision).toBe('deny');
    expect(claim.reasons[0]).toContain('costs spiking');
    expect(decide(request({ action: 'run_command' }), paused).decision).toBe('allow');
    const broke = state({ budgetExhausted: 'the daily cost limit is reached' });
    expect(decide(request({ action: 'model_call', readOnly: true }), broke).decision).toBe('deny');
    expect(decide(request({ action: 'model_call', initiator: 'operator' }), broke).decision).toBe('deny');
    expect(
      decide(
        request({ action: 'push_branch', effect: { targetsDefaultBranch: true } }),
        state({ mode: 'autonomous' }),
      ).decision,
    ).toBe('deny');
  });

  it('an approval of the same subject and head allows; a denial denies; another head does not count', () => {
    const approved = state({
      approval: { id: 'apr_1', state: 'approved', headSha: 'abc', decidedBy: ['user:bob'] },
    });
    const allowed = decide(request({ risk: 'medium', headSha: 'abc' }), approved);
    expect(allowed).toMatchObject({ decision: 'allow', perform: true, approvalId: 'apr_1' });
    expect(allowed.reasons.at(-1)).toBe('approved in apr_1 by user:bob');
    expect(decide(request({ risk: 'medium', headSha: 'def' }), approved).decision).toBe('require_approval');
    const denied = state({ approval: { id: 'apr_2', state: 'denied', decidedBy: ['user:bob'] } });
    expect(decide(request({ risk: 'medium' }), denied)).toMatchObject({
      decision: 'deny',
      approvalId: 'apr_2',
    });
    const pending = state({ approval: { id: 'apr_3', state: 'pending', headSha: 'abc', decidedBy: [] } });
    expect(decide(request({ risk: 'medium', headSha: 'abc' }), pending)).toMatchObject({
      decision: 'require_approval',
      approvalId: 'apr_3',
    });
    const expired = state({ approval: { id: 'apr_4', state: 'expired', decidedBy: [] } });
    expect(decide(request({ risk: 'medium' }), expired).approvalId).toBeUndefined();
  });

  it('auto-approves LOW risk only when configured', () => {
    expect(decide(request({ risk: 'low' }), state({ autoApproveLowRisk: true }))).toMatchObject({
      decision: 'allow',
      perform: true,
      autoApprove: true,
    });
    expect(decide(request({ risk: 'medium' }), state({ autoApproveLowRisk: true })).decision).toBe(
      'require_approval',
    );
  });

  it('describes every mode × action, consistent with decide', () => {
    const rows = describeModeRules();
    expect(rows).toHaveLength(4 * policyActions.length);
    expect(rows.find((row) => row.mode === 'supervised' && row.action === 'merge')?.decision).toBe(
      'require_approval',
    );
    expect(rows.find((row) => row.mode === 'autonomous' && row.action === 'merge')?.note).toContain('HIGH');
    expect(rows.find((row) => row.mode === 'shadow' && row.action === 'open_pr')?.decision).toBe(
      'record_only',
    );
    expect(rows.find((row) => row.mode === 'shadow' && row.action === 'model_call')?.decision).toBe('allow');
    expect(rows.find((row) => row.mode === 'manual' && row.action === 'claim_issue')?.decision).toBe('deny');
  });
});
