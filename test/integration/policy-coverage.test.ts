/**
 * "No mutating code path bypasses the policy" (issue 4 §1), checked by walking the adapter registry:
 * every adapter declares its effects, every declared effect is really asked for on the engine's path
 * (invokeAdapter + the scoped model gateway), and when the policy says no, the effect does not happen
 * — no process started, no model called, no protected file written, no commit, no merge. A new
 * adapter without an exercise here fails the test.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  policyActions,
  type PolicyAction,
  type PolicyRequest,
  type PolicyVerdict,
} from '../../src/adapters/policy-port.js';
import { projectAdapterRegistry } from '../../src/adapters/registry.js';
import type { AnyAdapter, StepResult } from '../../src/adapters/types.js';
import { ouroConfigSchema } from '../../src/config/index.js';
import { createArtifactSink } from '../../src/engine/execution/artifact-sink.js';
import { invokeAdapter } from '../../src/engine/execution/invoke-adapter.js';
import { scopedGateway } from '../../src/engine/execution/scoped-gateway.js';
import { workflowSchema } from '../../src/engine/workflow/workflow-schema.js';
import { silentLogger } from '../../src/observability/silent-logger.js';
import { createFakeAgentWorld, git } from '../support/fake-agents/fake-agent-world.js';
import { allowVerdict, createRecordingPolicy, type RecordingPolicy } from '../support/recording-policy.js';
import { ScriptedModelGateway, type ScriptStep } from '../support/scripted-model-gateway.js';

const registry = projectAdapterRegistry(ouroConfigSchema.parse({}));
const agentIds = ['aider', 'claude_code', 'codex', 'gemini', 'opencode'];
/** The fake CLIs are named like the real executables. */
const fakeName = (id: string): string => (id === 'claude_code' ? 'claude' : id);

/** Valid `with:` for each adapter: enough to pass validation (the denied ones never run). */
const minimalParams: Record<string, Record<string, unknown>> = {
  ai_analyst: { instructions: 'Triage.', analysis_type: 'issue_triage' },
  ai_editor: { instructions: 'Fix it.' },
  multi_agent: { instructions: 'Review.', models: ['scripted:a', 'scripted:b'] },
  code_fixers: {},
  eslint: {},
  git: { action: 'status' },
  mypy: {},
  noop: {},
  prettier: {},
  pytest: {},
  pytest_runner: {},
  ruff: {},
  shell: { command: ['touch', 'shell-ran'] },
  sleep: { seconds: 0 },
  test: {},
  tsc: {},
  verifier: { gates: [{ tests_pass: {} }] },
  vscode_diagnostics: {},
  ...Object.fromEntries(agentIds.map((id) => [id, { instructions: 'Fix it.' }])),
};

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function repository(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ouro-policy-coverage-'));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  git(directory, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(directory, 'README.md'), 'hello\n');
  git(directory, 'add', '.');
  git(directory, 'commit', '-q', '-m', 'initial');
  return directory;
}

/** A verdict that stops `action` (deny, or require_approval for a protected write) and allows the rest. */
function stopping(action: PolicyAction): (request: PolicyRequest) => PolicyVerdict {
  return (request) => {
    if (request.action !== action) return allowVerdict;
    if (action === 'write_protected_path') {
      return {
        decision: 'require_approval',
        perform: false,
        mode: 'supervised',
        risk: 'high',
        approvalId: 'apr_test0001',
        reasons: ['protected path'],
      };
    }
    return { decision: 'deny', perform: false, mode: 'supervised', reasons: [`test denies ${action}`] };
  };
}

interface StepRun {
  result: Pick<StepResult, 'status' | 'error' | 'summary' | 'outputs'>;
  executed: boolean;
  policy: RecordingPolicy;
  gateway: ScriptedModelGateway;
}

async function runStep(
  adapter: AnyAdapter,
  options: {
    policy: RecordingPolicy;
    params?: Record<string, unknown>;
    workDir?: string;
    env?: NodeJS.ProcessEnv;
    script?: ScriptStep[];
  },
): Promise<StepRun> {
  const workDir = options.workDir ?? repository();
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'ouro-policy-run-'));
  cleanups.push(() => rmSync(runDir, { recursive: true, force: true }));
  mkdirSync(path.join(runDir, 'artifacts'));
  let executed = false;
  // The same adapter, observed: whether the engine let its execute run at all.
  const observed: AnyAdapter = {
    ...adapter,
    execute: (params, context) => {
      executed = true;
      return adapter.execute(params, context);
    },
  };
  const step = workflowSchema.parse({
    name: 'coverage',
    steps: [{ id: '1.001', actor: adapter.id, with: options.params ?? minimalParams[adapter.id] }],
  }).steps[0]!;
  const gateway = new ScriptedModelGateway(options.script ?? []);
  const payload = await invokeAdapter(observed, adapter.params.parse(step.with), step, {
    runId: 'run_coverage',
    attempt: 1,
    idempotencyKey: 'run_coverage:step:1',
    controller: new AbortController(),
    sink: createArtifactSink(runDir, []),
    projectDir: workDir,
    env: options.env ?? { PATH: process.env.PATH, HOME: process.env.HOME },
    logger: silentLogger,
    now: Date.now,
    abortKind: () => undefined,
    usageSoFar: () => ({ inputTokens: 0, outputTokens: 0, costUsd: 0 }),
    models: scopedGateway(gateway, { runId: 'run_coverage', stepId: '1.001', policy: options.policy }),
    policy: options.policy,
    onProgress: () => undefined,
  });
  return {
    result: {
      status: payload.status === 'cached' ? 'succeeded' : (payload.status as StepResult['status']),
      outputs: payload.outputs,
      ...(payload.error ? { error: payload.error } : {}),
      ...(payload.summary ? { summary: payload.summary } : {}),
    },
    executed,
    policy: options.policy,
    gateway,
  };
}

describe('every adapter in the registry is policy-checked', () => {
  it('declares its effects from the policy actions, and has an exercise here', () => {
    for (const id of registry.ids()) {
      const adapter = registry.get(id)!;
      expect(Array.isArray(adapter.effects), id).toBe(true);
      for (const effect of adapter.effects) expect(policyActions, `${id}: ${effect}`).toContain(effect);
      expect(minimalParams[id], `no exercise for adapter ${id}: add one to this test`).toBeDefined();
      if (adapter.aliasOf) expect(adapter.effects, id).toEqual(registry.get(adapter.aliasOf)!.effects);
    }
  });

  const commandRunners = registry.ids().filter((id) => registry.get(id)!.effects.includes('run_command'));

  it.each(commandRunners)('%s: a denied run_command never reaches the adapter', async (id) => {
    const run = await runStep(registry.get(id)!, { policy: createRecordingPolicy(stopping('run_command')) });
    expect(run.executed).toBe(false);
    expect(run.result.status).toBe('failed');
    expect(run.result.error?.code).toBe('OURO_POLICY_DENIED');
    expect(run.policy.requests.map((request) => request.action)).toEqual(['run_command']);
    expect(run.policy.requests[0]).toMatchObject({
      subjectKey: 'run:run_coverage:step:1.001:run_command',
      initiator: 'ouro',
      effect: expect.objectContaining({ actor: id }),
    });
  });

  const pure = registry.ids().filter((id) => registry.get(id)!.effects.length === 0);

  it.each(pure)(
    '%s: declares no effect, asks nothing and runs under a policy that refuses everything',
    async (id) => {
      const run = await runStep(registry.get(id)!, {
        policy: createRecordingPolicy(() => {
          throw new Error(`${id} asked the policy although it declares no effect`);
        }),
      });
      expect(run.result.status).toBe('succeeded');
      expect(run.policy.requests).toEqual([]);
    },
  );

  it('read-only adapters say so, so that shadow mode runs them; mutating ones do not', () => {
    const readOnly = (id: string, params: Record<string, unknown> = minimalParams[id]!) => {
      const adapter = registry.get(id)!;
      return adapter.readOnly?.(adapter.params.parse(params)) ?? false;
    };
    expect(readOnly('eslint')).toBe(true);
    expect(readOnly('eslint', { fix: true })).toBe(false);
    expect(readOnly('prettier', { mode: 'write' })).toBe(false);
    expect(readOnly('git')).toBe(true);
    expect(readOnly('git', { action: 'commit', message: 'x' })).toBe(false);
    expect(readOnly('shell')).toBe(false);
    expect(readOnly('code_fixers')).toBe(false);
    expect(readOnly('ai_editor')).toBe(false);
    for (const agent of agentIds) expect(readOnly(agent)).toBe(false);
  });

  const modelCallers = registry
    .ids()
    .filter((id) => registry.get(id)!.effects.includes('model_call') && !agentIds.includes(id));

  it.each(modelCallers)('%s: a denied model_call never reaches the gateway', async (id) => {
    const run = await runStep(registry.get(id)!, { policy: createRecordingPolicy(stopping('model_call')) });
    expect(run.gateway.calls).toEqual([]);
    expect(run.result.status).toBe('failed');
    expect(run.policy.requests.map((request) => request.action)).toContain('model_call');
    expect(JSON.stringify(run.result.error)).toContain('OURO_POLICY_DENIED');
  });

  it.each(agentIds)('%s: a denied model_call never starts the agent CLI', async (id) => {
    const world = createFakeAgentWorld();
    cleanups.push(() => world.cleanup());
    world.scenario(fakeName(id), { edits: [{ path: 'agent.txt', content: 'x' }] });
    const run = await runStep(registry.get(id)!, {
      policy: createRecordingPolicy(stopping('model_call')),
      workDir: world.workDir,
      env: world.env,
    });
    expect(run.result.error?.code).toBe('OURO_POLICY_DENIED');
    expect(existsSync(path.join(world.workDir, 'agent.txt'))).toBe(false);
    expect(() => world.invocation(fakeName(id))).toThrow();
    expect(run.policy.requests.map((request) => request.action)).toEqual(['run_command', 'model_call']);
  });

  it.each(agentIds)('%s: a protected file it wrote is put back until a person approves', async (id) => {
    const world = createFakeAgentWorld();
    cleanups.push(() => world.cleanup());
    writeFileSync(path.join(world.workDir, '.env'), 'TOKEN=original\n');
    git(world.workDir, 'add', '.env');
    git(world.workDir, 'commit', '-q', '-m', 'env');
    world.scenario(fakeName(id), {
      edits: [
        { path: '.env', content: 'TOKEN=stolen\n' },
        { path: '.github/workflows/ci.yml', content: 'on: push\n' },
        { path: 'src.txt', content: 'fine\n' },
      ],
    });
    const run = await runStep(registry.get(id)!, {
      policy: createRecordingPolicy(stopping('write_protected_path')),
      workDir: world.workDir,
      env: world.env,
    });
    expect(run.result.summary).toContain('protected paths put back');
    expect(run.result.status).toBe('needs_approval');
    expect(run.result.error?.code).toBe('OURO_POLICY_APPROVAL_REQUIRED');
    expect(readFileSync(path.join(world.workDir, '.env'), 'utf8')).toBe('TOKEN=original\n');
    expect(existsSync(path.join(world.workDir, '.github/workflows/ci.yml'))).toBe(false);
    expect(readFileSync(path.join(world.workDir, 'src.txt'), 'utf8')).toBe('fine\n');
    const asked = run.policy.requests.find((request) => request.action === 'write_protected_path');
    expect(asked?.effect['paths']).toEqual(['.env', '.github/workflows/ci.yml']);
  });

  it('ai_editor: a protected write waits for approval and leaves the file alone', async () => {
    const workDir = repository();
    const run = await runStep(registry.get('ai_editor')!, {
      policy: createRecordingPolicy(stopping('write_protected_path')),
      workDir,
      script: [
        {
          toolCalls: [
            { name: 'create_file', input: { path: '.github/workflows/evil.yml', content: 'on: push\n' } },
            { name: 'create_file', input: { path: 'notes.md', content: 'ok\n' } },
          ],
        },
        { text: 'Done.' },
      ],
    });
    expect(existsSync(path.join(workDir, '.github/workflows/evil.yml'))).toBe(false);
    expect(readFileSync(path.join(workDir, 'notes.md'), 'utf8')).toBe('ok\n');
    expect(run.result.status).toBe('needs_approval');
    expect(run.result.error?.code).toBe('OURO_POLICY_APPROVAL_REQUIRED');
    // The model was told why, so it could go on without the file.
    expect(JSON.stringify(run.gateway.calls[1]?.request.messages)).toContain('needs approval apr_test0001');
  });

  it('git commit: a staged protected path is refused and nothing is committed', async () => {
    const workDir = repository();
    const head = git(workDir, 'rev-parse', 'HEAD').trim();
    mkdirSync(path.join(workDir, '.github', 'workflows'), { recursive: true });
    writeFileSync(path.join(workDir, '.github', 'workflows', 'ci.yml'), 'on: push\n');
    const run = await runStep(registry.get('git')!, {
      policy: createRecordingPolicy(stopping('write_protected_path')),
      workDir,
      params: { action: 'commit', message: 'touch CI' },
    });
    expect(run.result.status).toBe('needs_approval');
    expect(git(workDir, 'rev-parse', 'HEAD').trim()).toBe(head);
    expect(git(workDir, 'diff', '--cached', '--name-only').trim()).toBe('');
  });

  it('git merge: a denied merge leaves the branch where it was and records no rollback point', async () => {
    const workDir = repository();
    git(workDir, 'checkout', '-q', '-b', 'feature');
    writeFileSync(path.join(workDir, 'feature.txt'), 'new\n');
    git(workDir, 'add', '.');
    git(workDir, 'commit', '-q', '-m', 'feature');
    git(workDir, 'checkout', '-q', 'main');
    const head = git(workDir, 'rev-parse', 'HEAD').trim();
    const run = await runStep(registry.get('git')!, {
      policy: createRecordingPolicy(stopping('merge')),
      workDir,
      params: { action: 'merge', branch: 'feature' },
    });
    expect(run.result.error?.code).toBe('OURO_POLICY_DENIED');
    expect(git(workDir, 'rev-parse', 'HEAD').trim()).toBe(head);
    expect(run.policy.rollbackPoints).toEqual([]);
    expect(run.policy.requests.find((request) => request.action === 'merge')).toMatchObject({
      change: { directory: expect.any(String), base: head },
    });
  });
});
