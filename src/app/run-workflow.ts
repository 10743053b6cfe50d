/**
 * Use cases around runs: start (or plan) a run of a workflow, resume one, cancel one. The CLI and
 * the HTTP API both call these; they own no printing.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BlobStore } from '../engine/execution/blob-store.js';
import type { ExecutorEvent } from '../engine/execution/executor-events.js';
import { RunExecutor, type RunOutcome } from '../engine/execution/run-executor.js';
import { JournalEventType } from '../engine/execution/journal-events.js';
import { planRun, type RunPlan } from '../engine/plan/plan-run.js';
import { loadWorkflowFile, type LoadedWorkflow } from '../engine/workflow/verify-workflow.js';
import type { Workflow } from '../engine/workflow/workflow-schema.js';
import { formatDiagnostic } from '../engine/workflow/workflow-diagnostic.js';
import { OuroError } from '../errors/index.js';
import type { PolicyMode } from '../adapters/policy-port.js';
import { createPolicyGate } from '../policy/policy-gate.js';
import type { RunRecord, Store } from '../store/types.js';
import { checkAdmission } from './admission.js';
import { changeAssessor } from './policy-check.js';
import { createNotifier } from './notifications/notifier.js';
import { isOwnerAlive, type ProjectContext } from './project-context.js';
import { recordedWorkflowPath, resolveWorkflowFile } from './resolve-workflow.js';
import { stepEnvironment } from './step-environment.js';
import { parseInputFlags, resolveInputs } from './workflow-inputs.js';

export interface StartRunOptions {
  workflow: string;
  inputs?: string[];
  files?: string | undefined;
  noCache?: boolean;
  /** Decide this run's side effects under this mode instead of `orchestrator.mode`. */
  mode?: PolicyMode;
  signal?: AbortSignal;
  onEvent?: (event: ExecutorEvent) => void;
}

export function newRunId(now: number = Date.now()): string {
  return `run_${now.toString(36)}${randomBytes(5).toString('hex')}`;
}

export async function loadValidWorkflow(
  context: ProjectContext,
  file: string,
): Promise<LoadedWorkflow & { workflow: Workflow }> {
  const loaded = await loadWorkflowFile(file, {
    adapters: context.adapters,
    envAllowlist: context.config.workflows.env_allowlist,
  });
  if (!loaded.workflow) {
    const first = loaded.diagnostics[0];
    throw new OuroError(
      'OURO_WORKFLOW_INVALID',
      {
        file: path.relative(context.paths.projectDir, file) || file,
        message: `${loaded.diagnostics.length} problem(s); first: ${first ? formatDiagnostic(first) : 'unknown'}`,
      },
      { details: { diagnostics: loaded.diagnostics } },
    );
  }
  return loaded as LoadedWorkflow & { workflow: Workflow };
}

function cachingEnabled(context: ProjectContext, workflow: Workflow, noCache: boolean | undefined): boolean {
  return workflow.policy.enable_caching && context.config.workflows.cache.enabled && noCache !== true;
}

const policyModes: readonly PolicyMode[] = ['manual', 'supervised', 'autonomous', 'shadow'];

/** The mode a run was started under (recorded in its options), else the configured one. */
export function runMode(context: ProjectContext, run: RunRecord): PolicyMode {
  const recorded = run.options['mode'];
  return policyModes.find((mode) => mode === recorded) ?? context.config.orchestrator.mode;
}

function maxParallel(context: ProjectContext, workflow: Workflow): number {
  return Math.min(workflow.policy.max_parallel, context.config.workflows.max_parallel);
}

function executorFor(context: ProjectContext, store: Store): RunExecutor {
  return new RunExecutor({
    runs: store.runs,
    cache: store.cache,
    adapters: context.adapters,
    blobs: new BlobStore(path.join(context.paths.cacheDir, 'blobs')),
    logger: context.logger,
    owner: context.owner,
    isOwnerAlive,
  });
}

function givenInputs(options: Pick<StartRunOptions, 'inputs' | 'files'>): Record<string, unknown> {
  const given = parseInputFlags(options.inputs ?? []);
  if (options.files !== undefined) given.files = options.files;
  return given;
}

export async function planWorkflowRun(
  context: ProjectContext,
  options: Omit<StartRunOptions, 'signal' | 'onEvent'>,
): Promise<RunPlan> {
  const file = resolveWorkflowFile(options.workflow, context.config, context.paths.projectDir);
  const { workflow } = await loadValidWorkflow(context, file);
  const inputs = resolveInputs(workflow, givenInputs(options));
  const store = await context.store();
  return planRun(workflow, {
    inputs,
    projectDir: context.paths.projectDir,
    env: stepEnvironment(context.env, context.config.workflows.env_allowlist),
    adapters: context.adapters,
    caching: cachingEnabled(context, workflow, options.noCache),
    cache: store.cache,
    blobs: new BlobStore(path.join(context.paths.cacheDir, 'blobs')),
    maxParallel: maxParallel(context, workflow),
    models: await context.models(),
  });
}

export async function startRun(context: ProjectContext, options: StartRunOptions): Promise<RunOutcome> {
  const file = resolveWorkflowFile(options.workflow, context.config, context.paths.projectDir);
  const loaded = await loadValidWorkflow(context, file);
  const { workflow } = loaded;
  const inputs = resolveInputs(workflow, givenInputs(options));
  const store = await context.store();
  // Nothing new starts while paused or once the day's or month's spend is used up.
  await checkAdmission(store, context.config);
  const runId = newRunId();
  const workflowPath = recordedWorkflowPath(file, context.paths.projectDir);
  await store.workflows.upsert({
    path: workflowPath,
    name: workflow.name,
    hash: loaded.hash,
    updatedAt: Date.now(),
  });
  const run = await store.runs.createRun(
    {
      id: runId,
      workflowName: workflow.name,
      workflowPath,
      workflowHash: loaded.hash,
      inputs,
      // The mode is the run's: a resume decides under the mode the run started with.
      options: { noCache: options.noCache === true, mode: options.mode ?? context.config.orchestrator.mode },
    },
    Date.now(),
  );
  return executeStoredRun(context, store, run, workflow, options);
}

async function executeStoredRun(
  context: ProjectContext,
  store: Store,
  run: RunRecord,
  workflow: Workflow,
  options: Pick<StartRunOptions, 'signal' | 'onEvent'> & { noCache?: boolean },
): Promise<RunOutcome> {
  const runDir = path.join(context.paths.runsDir, run.id);
  await mkdir(path.join(runDir, 'artifacts'), { recursive: true });
  const { notify } = createNotifier(context.config, { logger: context.logger, env: context.env });
  const request = {
    run,
    workflow,
    projectDir: context.paths.projectDir,
    runDir,
    inputs: run.inputs,
    env: stepEnvironment(context.env, context.config.workflows.env_allowlist),
    caching: cachingEnabled(context, workflow, options.noCache),
    maxParallel: maxParallel(context, workflow),
    models: await context.models(),
    policy: (scope: { runId: string; stepId: string }) =>
      createPolicyGate({
        store,
        config: context.config,
        mode: runMode(context, run),
        actor: 'ouro',
        logger: context.logger,
        scope,
        notify,
        // A merge's risk comes from the guards (and the AI review when enabled) on its git range.
        assessChange: changeAssessor({ config: context.config, models: () => context.models(), scope }),
      }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  };
  return executorFor(context, store).execute(request);
}

export async function getRunOrThrow(store: Store, runId: string): Promise<RunRecord> {
  const run = await store.runs.getRun(runId);
  if (!run) throw new OuroError('OURO_RUN_NOT_FOUND', { runId });
  return run;
}

export interface ResumeRunOptions {
  force?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: ExecutorEvent) => void;
}

export async function resumeRun(
  context: ProjectContext,
  runId: string,
  options: ResumeRunOptions = {},
): Promise<RunOutcome> {
  const store = await context.store();
  const run = await getRunOrThrow(store, runId);
  if (run.status === 'succeeded' || run.status === 'failed') {
    throw new OuroError('OURO_RUN_NOT_RESUMABLE', { runId, status: run.status });
  }
  await checkAdmission(store, context.config);
  const file = path.resolve(context.paths.projectDir, run.workflowPath);
  const loaded = await loadValidWorkflow(context, file);
  if (loaded.hash !== run.workflowHash && options.force !== true) {
    throw new OuroError('OURO_WORKFLOW_CHANGED', { file: run.workflowPath, runId });
  }
  return executeStoredRun(context, store, run, loaded.workflow, {
    ...options,
    noCache: run.options.noCache === true,
  });
}

export interface CancelOutcome {
  runId: string;
  /** `requested`: the executing process will stop it; `cancelled`: no process was running it. */
  result: 'requested' | 'cancelled';
}

export async function cancelRun(context: ProjectContext, runId: string): Promise<CancelOutcome> {
  const store = await context.store();
  const run = await getRunOrThrow(store, runId);
  if (run.status === 'succeeded' || run.status === 'failed' || run.status === 'cancelled') {
    throw new OuroError('OURO_RUN_NOT_RESUMABLE', { runId, status: run.status });
  }
  const now = Date.now();
  const active = run.owner !== null && (run.leaseExpiresAt ?? 0) > now && isOwnerAlive(run.owner);
  if (active) {
    await store.runs.requestCancel(runId, now);
    return { runId, result: 'requested' };
  }
  // Nobody executes it (paused, or its process died): end it here, under the lease.
  if (!(await store.runs.acquireLease(runId, context.owner, 15_000, now, true))) {
    throw new OuroError('OURO_RUN_LOCKED', { runId, owner: run.owner ?? 'another process' });
  }
  try {
    const summary = { ...(run.summary ?? {}), status: 'cancelled' };
    await store.runs.appendEvents(
      runId,
      [
        {
          type: JournalEventType.runEnded,
          payload: { status: 'cancelled', summary, reason: 'cancelled by request' },
        },
      ],
      { run: { status: 'cancelled', endedAt: now, summary } },
      now,
    );
  } finally {
    await store.runs.releaseLease(runId, context.owner);
  }
  return { runId, result: 'cancelled' };
}
