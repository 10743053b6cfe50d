import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyAdapter, StepContext } from '../../adapters/types.js';
import { silentLogger } from '../../observability/silent-logger.js';
import type { Store } from '../../store/types.js';
import { ouroConfigSchema } from '../../config/index.js';
import { createPolicyGate } from '../../policy/policy-gate.js';
import { storeFactories } from '../../../test/support/database.js';
import { workflowSchema, type Workflow } from '../workflow/workflow-schema.js';
import { BlobStore } from './blob-store.js';
import type { ExecutorEvent } from './executor-events.js';
import { RunExecutor } from './run-executor.js';

/** Adapters whose behaviour the tests control and observe. */
function testAdapters() {
  const calls: Array<{ stepId: string; attempt: number; start: number; end: number; params: unknown }> = [];
  let running = 0;
  let maxRunning = 0;
  const failuresLeft = new Map<string, number>();
  const wait = (milliseconds: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, milliseconds);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      });
    });
  const work: AnyAdapter = {
    id: 'work',
    kind: 'deterministic',
    effects: [],
    version: '1',
    description: 'waits, may fail, records the call',
    params: z
      .object({
        ms: z.number().default(0),
        fail_times: z.number().default(0),
        always_fail: z.boolean().default(false),
        value: z.unknown().optional(),
        write: z.string().optional(),
      })
      .strict(),
    cacheInputs: () => ({ files: [], env: [] }),
    async execute(
      params: { ms: number; fail_times: number; always_fail: boolean; value?: unknown; write?: string },
      context: StepContext,
    ) {
      const start = Date.now();
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      try {
        if (params.ms > 0) await wait(params.ms, context.signal);
      } catch {
        return {
          status: 'failed',
          outputs: {},
          error: { code: 'OURO_CANCELLED', message: 'aborted', retryable: false },
        };
      } finally {
        running -= 1;
      }
      calls.push({ stepId: context.stepId, attempt: context.attempt, start, end: Date.now(), params });
      const key = `${context.runId}:${context.stepId}`;
      if (!failuresLeft.has(key)) failuresLeft.set(key, params.fail_times);
      const left = failuresLeft.get(key)!;
      if (params.always_fail || left > 0) {
        failuresLeft.set(key, left - 1);
        return {
          status: 'failed',
          outputs: {},
          error: { code: 'OURO_TEST_FAILURE', message: 'planned failure', retryable: true },
        };
      }
      const artifacts = params.write
        ? [await context.artifacts.write(params.write, `written by ${context.stepId}`)]
        : [];
      return {
        status: 'succeeded',
        outputs: { value: params.value ?? null, attempt: context.attempt },
        artifacts,
      };
    },
  };
  return {
    calls,
    maxRunning: () => maxRunning,
    registry: { get: (id: string) => (id === 'work' ? work : undefined), ids: () => ['work'] },
  };
}

function workflow(definition: unknown): Workflow {
  return workflowSchema.parse(definition);
}

describe.each(storeFactories())('RunExecutor on $name', (factory) => {
  let store: Store;
  let directory: string;
  let adapters: ReturnType<typeof testAdapters>;
  let runCounter = 0;

  beforeEach(async () => {
    store = await factory.create();
    directory = mkdtempSync(path.join(tmpdir(), 'ouro-executor-'));
    adapters = testAdapters();
  });
  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  function executor(owner = 'test-host:1'): RunExecutor {
    return new RunExecutor({
      runs: store.runs,
      cache: store.cache,
      adapters: adapters.registry,
      blobs: new BlobStore(path.join(directory, 'blobs')),
      logger: silentLogger,
      owner,
      isOwnerAlive: () => false,
      random: () => 0.5,
    });
  }

  async function execute(
    definition: Workflow,
    options: {
      runId?: string;
      caching?: boolean;
      signal?: AbortSignal;
      events?: ExecutorEvent[];
      inputs?: Record<string, unknown>;
    } = {},
  ) {
    const runId = options.runId ?? `run_test${(runCounter += 1)}`;
    let run = await store.runs.getRun(runId);
    run ??= await store.runs.createRun(
      {
        id: runId,
        workflowName: definition.name,
        workflowPath: 'wf.yaml',
        workflowHash: 'h',
        inputs: options.inputs ?? {},
        options: {},
      },
      Date.now(),
    );
    return executor().execute({
      run,
      workflow: definition,
      projectDir: directory,
      runDir: path.join(directory, 'runs', runId),
      inputs: { ...definition.inputs, ...(options.inputs ?? {}) },
      env: {},
      caching: options.caching ?? false,
      maxParallel: definition.policy.max_parallel,
      policy: (scope) =>
        createPolicyGate({
          store,
          config: ouroConfigSchema.parse({}),
          actor: 'ouro',
          logger: silentLogger,
          scope,
        }),
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent: (event) => options.events?.push(event),
    });
  }

  it('runs steps in order, journals each start and end, and projects step runs', async () => {
    const outcome = await execute(
      workflow({
        name: 'sequence',
        steps: [
          { id: '1.001', actor: 'work', with: { value: 'a' } },
          { id: '1.002', actor: 'work', with: { value: '${{ steps["1.001"].outputs.value }}-b' } },
        ],
      }),
    );
    expect(outcome.status).toBe('succeeded');
    expect(adapters.calls.map((call) => call.stepId)).toEqual(['1.001', '1.002']);
    expect(adapters.calls[1]!.params).toMatchObject({ value: 'a-b' });
    const events = await store.runs.listEvents(outcome.runId);
    expect(events.map((event) => `${event.type}${event.stepId ? `:${event.stepId}` : ''}`)).toEqual([
      'run-started',
      'step-started:1.001',
      'step-ended:1.001',
      'step-started:1.002',
      'step-ended:1.002',
      'run-ended',
    ]);
    const stepRuns = await store.runs.listStepRuns(outcome.runId);
    expect(stepRuns.map((step) => [step.stepId, step.status])).toEqual([
      ['1.001', 'succeeded'],
      ['1.002', 'succeeded'],
    ]);
    expect((await store.runs.getRun(outcome.runId))?.status).toBe('succeeded');
  });

  it('runs independent steps in parallel, never more than max_parallel at once', async () => {
    const outcome = await execute(
      workflow({
        name: 'parallel',
        policy: { parallel_execution: true, max_parallel: 2 },
        steps: ['1.001', '1.002', '1.003', '1.004', '1.005'].map((id) => ({
          id,
          actor: 'work',
          with: { ms: 150 },
        })),
      }),
    );
    expect(outcome.status).toBe('succeeded');
    expect(adapters.maxRunning()).toBe(2);
  });

  it('runs two 1-second steps concurrently: their intervals overlap and the run takes less than their sum', async () => {
    const started = Date.now();
    const outcome = await execute(
      workflow({
        name: 'two sleeps',
        steps: [
          { id: '1.001', actor: 'work', with: { ms: 1000 }, depends_on: [] },
          { id: '1.002', actor: 'work', with: { ms: 1000 }, depends_on: [] },
        ],
      }),
    );
    const elapsed = Date.now() - started;
    expect(outcome.status).toBe('succeeded');
    const [first, second] = adapters.calls;
    expect(first!.start).toBeLessThan(second!.end);
    expect(second!.start).toBeLessThan(first!.end);
    expect(elapsed).toBeLessThan(2000);
  });

  it('skips a step whose condition is false and the dependents of a failed step, but runs always()', async () => {
    const outcome = await execute(
      workflow({
        name: 'conditions',
        inputs: { enabled: false },
        steps: [
          { id: '1.001', actor: 'work', when: 'inputs.enabled' },
          { id: '1.002', actor: 'work', with: { always_fail: true }, on_fail: 'continue', depends_on: [] },
          { id: '1.003', actor: 'work', depends_on: ['1.002'] },
          { id: '1.004', actor: 'work', depends_on: ['1.003'] },
          { id: '1.005', actor: 'work', depends_on: ['1.002'], when: 'always()' },
        ],
      }),
    );
    expect(outcome.status).toBe('failed');
    const stepRuns = await store.runs.listStepRuns(outcome.runId);
    const status = Object.fromEntries(stepRuns.map((step) => [step.stepId, step.status]));
    expect(status).toEqual({
      '1.001': 'skipped',
      '1.002': 'failed',
      '1.003': 'skipped',
      '1.004': 'skipped',
      '1.005': 'succeeded',
    });
    expect(outcome.summary).toMatchObject({ succeeded: 1, failed: 1, skipped: 3 });
  });

  it('retries a failing step and journals every attempt', async () => {
    const outcome = await execute(
      workflow({
        name: 'retry',
        steps: [{ id: '1.001', actor: 'work', with: { fail_times: 2 }, retry: { max: 2, delay_seconds: 0 } }],
      }),
    );
    expect(outcome.status).toBe('succeeded');
    expect(adapters.calls.map((call) => call.attempt)).toEqual([1, 2, 3]);
    const ended = (await store.runs.listEvents(outcome.runId)).filter((event) => event.type === 'step-ended');
    expect(
      ended.map((event) => [event.attempt, event.payload.status, event.payload.willRetry ?? false]),
    ).toEqual([
      [1, 'failed', true],
      [2, 'failed', true],
      [3, 'succeeded', false],
    ]);
  });

  it('stops admitting steps after a failure with on_fail: stop', async () => {
    const outcome = await execute(
      workflow({
        name: 'stop',
        steps: [
          { id: '1.001', actor: 'work', with: { always_fail: true } },
          { id: '1.002', actor: 'work', depends_on: [] },
        ],
        policy: { max_parallel: 1 },
      }),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.summary).toMatchObject({ failed: 1, pending: 1 });
    expect(outcome.summary.error?.code).toBe('OURO_TEST_FAILURE');
  });

  it('pauses for review, and a resume runs the failed step again and finishes', async () => {
    const definition = workflow({
      name: 'pause',
      steps: [
        { id: '1.001', actor: 'work' },
        { id: '1.002', actor: 'work', with: { fail_times: 1 }, on_fail: 'pause_for_review' },
        { id: '1.003', actor: 'work' },
      ],
    });
    const first = await execute(definition, { runId: 'run_pause' });
    expect(first.status).toBe('paused');
    expect((await store.runs.getRun('run_pause'))?.status).toBe('paused');
    const second = await execute(definition, { runId: 'run_pause' });
    expect(second.status).toBe('succeeded');
    expect(adapters.calls.map((call) => `${call.stepId}#${call.attempt}`)).toEqual([
      '1.001#1',
      '1.002#1',
      '1.002#2',
      '1.003#1',
    ]);
  });

  it('resumes an interrupted run without repeating ended steps, re-running the interrupted one as its next attempt', async () => {
    const definition = workflow({
      name: 'interrupted',
      steps: [
        { id: '1.001', actor: 'work' },
        { id: '1.002', actor: 'work' },
        { id: '1.003', actor: 'work' },
      ],
    });
    await store.runs.createRun(
      {
        id: 'run_crash',
        workflowName: 'interrupted',
        workflowPath: 'wf.yaml',
        workflowHash: 'h',
        inputs: {},
        options: {},
      },
      Date.now(),
    );
    // The journal a killed process leaves behind: 1.001 ended, 1.002 started and never ended.
    await store.runs.appendEvents(
      'run_crash',
      [
        { type: 'run-started', payload: { workflow: 'interrupted' } },
        { type: 'step-started', stepId: '1.001', attempt: 1, payload: { actor: 'work' } },
        {
          type: 'step-ended',
          stepId: '1.001',
          attempt: 1,
          payload: { actor: 'work', status: 'succeeded', outputs: {}, artifacts: [], durationMs: 1 },
        },
        { type: 'step-started', stepId: '1.002', attempt: 1, payload: { actor: 'work' } },
      ],
      { run: { status: 'running', owner: 'dead-host:999', leaseExpiresAt: Date.now() + 60_000 } },
      Date.now(),
    );
    const outcome = await execute(definition, { runId: 'run_crash' });
    expect(outcome.status).toBe('succeeded');
    expect(adapters.calls.map((call) => `${call.stepId}#${call.attempt}`)).toEqual(['1.002#2', '1.003#1']);
  });

  it('cancels in-flight steps through the signal and records the run as cancelled', async () => {
    const controller = new AbortController();
    const events: ExecutorEvent[] = [];
    setTimeout(() => controller.abort(), 200);
    const outcome = await execute(
      workflow({
        name: 'cancel',
        steps: [
          { id: '1.001', actor: 'work', with: { ms: 30_000 } },
          { id: '1.002', actor: 'work' },
        ],
      }),
      { signal: controller.signal, events },
    );
    expect(outcome.status).toBe('cancelled');
    const stepRuns = await store.runs.listStepRuns(outcome.runId);
    expect(stepRuns.map((step) => [step.stepId, step.status])).toEqual([['1.001', 'cancelled']]);
    expect(events.at(-1)).toMatchObject({ type: 'run-ended', status: 'cancelled' });
  });

  it('resumes a cancelled run: the cancelled step runs again and the rest follows', async () => {
    const definition = workflow({
      name: 'cancel-resume',
      inputs: { wait: 30_000 },
      steps: [
        { id: '1.001', actor: 'work', with: { ms: '${{ inputs.wait }}' } },
        { id: '1.002', actor: 'work' },
      ],
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const cancelled = await execute(definition, { runId: 'run_cancel_resume', signal: controller.signal });
    expect(cancelled.status).toBe('cancelled');
    const resumed = await execute(definition, { runId: 'run_cancel_resume', inputs: { wait: 0 } });
    expect(resumed.status).toBe('succeeded');
    expect(adapters.calls.map((call) => `${call.stepId}#${call.attempt}`)).toEqual(['1.001#2', '1.002#1']);
  });

  it('serves an unchanged step from the cache and restores its artifacts', async () => {
    const definition = workflow({
      name: 'cached',
      policy: { enable_caching: true },
      steps: [
        {
          id: '1.001',
          actor: 'work',
          with: { value: 7, write: 'artifacts/out.txt' },
          emits: ['artifacts/out.txt'],
        },
      ],
    });
    const cold = await execute(definition, { caching: true, runId: 'run_cold' });
    const warm = await execute(definition, { caching: true, runId: 'run_warm' });
    expect(cold.summary.cached).toBe(0);
    expect(warm.summary.cached).toBe(1);
    expect(adapters.calls).toHaveLength(1);
    expect(readFileSync(path.join(directory, 'runs', 'run_warm', 'artifacts', 'out.txt'), 'utf8')).toBe(
      'written by 1.001',
    );
    const warmStep = (await store.runs.listStepRuns('run_warm'))[0]!;
    expect(warmStep.status).toBe('cached');
    expect(warmStep.outputs).toEqual({ value: 7, attempt: 1 });
    const bypass = await execute(definition, { caching: false, runId: 'run_bypass' });
    expect(bypass.summary.cached).toBe(0);
    expect(adapters.calls).toHaveLength(2);
  });

  it('fails a step that exceeds its timeout with a retryable OURO_STEP_TIMEOUT', async () => {
    const outcome = await execute(
      workflow({
        name: 'step-timeout',
        steps: [{ id: '1.001', actor: 'work', with: { ms: 30_000 }, timeout_minutes: 0.003 }],
      }),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.summary.error).toMatchObject({ code: 'OURO_STEP_TIMEOUT', retryable: true });
  });

  it('fails the run when it exceeds policy.timeout_minutes, aborting the running step', async () => {
    const outcome = await execute(
      workflow({
        name: 'run-timeout',
        policy: { timeout_minutes: 0.003 },
        steps: [
          { id: '1.001', actor: 'work', with: { ms: 30_000 } },
          { id: '1.002', actor: 'work' },
        ],
      }),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.summary.error?.code).toBe('OURO_RUN_TIMEOUT');
    expect(adapters.calls).toHaveLength(0);
  });

  it('fails a step that does not write a declared artifact', async () => {
    const outcome = await execute(
      workflow({ name: 'missing', steps: [{ id: '1.001', actor: 'work', emits: ['artifacts/never.json'] }] }),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.summary.error?.code).toBe('OURO_STEP_ARTIFACT_MISSING');
  });

  it('fails a step whose rendered params are invalid, without retrying', async () => {
    const outcome = await execute(
      workflow({
        name: 'params',
        inputs: { count: 'not a number' },
        steps: [
          {
            id: '1.001',
            actor: 'work',
            with: { ms: '${{ inputs.count }}' },
            retry: { max: 3, delay_seconds: 0 },
          },
        ],
      }),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.summary.error?.code).toBe('OURO_STEP_PARAMS_INVALID');
    expect(adapters.calls).toHaveLength(0);
  });

  it('refuses to resume a run that has ended', async () => {
    const definition = workflow({ name: 'ended', steps: [{ id: '1.001', actor: 'work' }] });
    await execute(definition, { runId: 'run_done' });
    await expect(execute(definition, { runId: 'run_done' })).rejects.toMatchObject({
      code: 'OURO_RUN_NOT_RESUMABLE',
    });
  });
});
