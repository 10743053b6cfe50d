/**
 * One execution of a run in this process: schedules the DAG up to the parallel limit, decides each
 * step (condition, cache, attempt, retry), journals every start and end, and ends, pauses or cancels
 * the run. The state always comes from folding the journal (see fold-journal.ts).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ArtifactRecord, StepError, StepUsage } from '../../adapters/types.js';
import { OuroError, toOuroError } from '../../errors/index.js';
import { LogEvent } from '../../observability/logger-types.js';
import type { ArtifactRow, JournalProjection, RunEventInput, RunStatus } from '../../store/types.js';
import { evaluateCondition, parseExpression, renderTemplatesDeep } from '../expressions/index.js';
import { resolveDependencies } from '../workflow/dependency-graph.js';
import type { WorkflowStep } from '../workflow/workflow-schema.js';
import { createArtifactSink } from './artifact-sink.js';
import { FileHasher, stepCacheKey } from './cache-key.js';
import { createExpressionHost } from './expression-host.js';
import { foldJournal, type FoldedRun } from './fold-journal.js';
import {
  JournalEventType,
  type EndedStepStatus,
  type RunSummary,
  type StepEndedPayload,
} from './journal-events.js';
import { JournalBatcher } from './journal-batcher.js';
import { invokeAdapter } from './invoke-adapter.js';
import { scopedGateway } from './scoped-gateway.js';
import { stepErrorFrom } from '../../adapters/process/step-failure.js';
import { retryDelayMs } from './retry-delay.js';
import type { ExecutorEvent } from './executor-events.js';
import { ExpressionView } from './expression-view.js';
import type { ExecuteRunRequest, ExecutorDependencies, RunOutcome } from './executor-types.js';
import { StepCache } from './step-cache.js';
import { stepRunRecord } from './step-run-record.js';
import {
  breaksDependents,
  idempotencyKeyFor,
  isEnded,
  notRetried,
  usesStatusFunction,
  type AbortKind,
} from './step-rules.js';

/** The state of one execution of a run in this process. */
export class RunExecution {
  private readonly stepById: Map<string, WorkflowStep>;
  private readonly dependenciesOf: Map<string, string[]>;
  private readonly dependentsOf = new Map<string, string[]>();
  private readonly controller = new AbortController();
  private readonly stepControllers = new Map<string, AbortController>();
  private readonly hasher = new FileHasher();
  private readonly expressions: ExpressionView;
  private readonly stepCache: StepCache;
  private abortKind: AbortKind | undefined;
  private stopAdmitting = false;
  private pauseRequest: { stepId: string; reason: string } | undefined;
  private firstFailure: StepError | undefined;
  private state!: FoldedRun;
  private readonly startedAt: number;
  private readonly journal: JournalBatcher;
  private journalError: unknown;

  constructor(
    private readonly dependencies: ExecutorDependencies,
    private readonly request: ExecuteRunRequest,
    private readonly now: () => number,
    private readonly random: () => number,
  ) {
    this.stepById = new Map(request.workflow.steps.map((step) => [step.id, step]));
    this.dependenciesOf = resolveDependencies(request.workflow);
    for (const [id, parents] of this.dependenciesOf) {
      for (const parent of parents) {
        const list = this.dependentsOf.get(parent);
        if (list) list.push(id);
        else this.dependentsOf.set(parent, [id]);
      }
    }
    this.expressions = new ExpressionView(() => this.state.steps, {
      inputs: request.inputs,
      env: request.env,
      host: createExpressionHost({ projectDir: request.projectDir, runDir: request.runDir }),
    });
    this.stepCache = new StepCache(dependencies.cache, dependencies.blobs, request.runDir, now);
    this.journal = new JournalBatcher(dependencies.runs, request.run.id, now);
    this.startedAt = now();
  }

  private get runId(): string {
    return this.request.run.id;
  }

  private emit(event: ExecutorEvent): void {
    this.request.onEvent?.(event);
  }

  /** Appends to the journal and resolves once the events are committed (group commit). */
  private append(events: RunEventInput[], projection: JournalProjection = {}): Promise<void> {
    return this.journal.append(events, projection);
  }

  /**
   * Appends without waiting: used for a step's end, which the next journal write (the next step's
   * start, or the run's end) commits with it. A failed commit stops the run; its state stays as the
   * last committed journal says, so it can be resumed.
   */
  private appendInBackground(events: RunEventInput[], projection: JournalProjection): void {
    this.append(events, projection).catch((error: unknown) => {
      this.journalError ??= error;
      this.abort('cancel');
    });
  }

  async heartbeat(leaseMs: number): Promise<void> {
    try {
      const { runs, owner } = this.dependencies;
      const renewed = await runs.renewLease(this.runId, owner, leaseMs, this.now());
      if (!renewed) {
        this.abort('lease-lost');
        return;
      }
      const record = await runs.getRun(this.runId);
      if (record?.cancelRequestedAt) this.abort('cancel');
    } catch (error) {
      this.dependencies.logger.warn({ event: 'run_heartbeat_failed', run_id: this.runId, err: error });
    }
  }

  private abort(kind: AbortKind): void {
    if (this.abortKind) return;
    this.abortKind = kind;
    this.stopAdmitting = true;
    this.controller.abort(kind);
    for (const controller of this.stepControllers.values()) controller.abort(kind);
  }

  async run(): Promise<RunOutcome> {
    const { request } = this;
    const events = await this.dependencies.runs.listEvents(this.runId);
    this.state = foldJournal(
      request.workflow.steps.map((step) => step.id),
      events,
    );
    if (this.state.ended && this.state.endedStatus !== 'cancelled') {
      throw new OuroError('OURO_RUN_NOT_RESUMABLE', {
        runId: this.runId,
        status: this.state.endedStatus ?? 'ended',
      });
    }
    const resumed = this.state.started;
    if (!resumed) {
      await this.append(
        [
          {
            type: JournalEventType.runStarted,
            payload: {
              workflow: request.workflow.name,
              workflowPath: request.run.workflowPath,
              workflowHash: request.run.workflowHash,
              inputs: request.inputs,
            },
          },
        ],
        { run: { status: 'running' } },
      );
    } else {
      await this.append(
        [{ type: JournalEventType.runResumed, payload: { owner: this.dependencies.owner } }],
        { run: { status: 'running' } },
      );
      this.state = foldJournal(
        request.workflow.steps.map((step) => step.id),
        await this.dependencies.runs.listEvents(this.runId),
      );
    }
    this.dependencies.logger.info(
      { event: LogEvent.workflowStarted, run_id: this.runId, workflow: request.workflow.name, resumed },
      `workflow ${request.workflow.name} ${resumed ? 'resumed' : 'started'}`,
    );
    this.emit({
      type: 'run-started',
      runId: this.runId,
      workflow: request.workflow.name,
      steps: request.workflow.steps.map((step) => ({
        id: step.id,
        name: step.name ?? step.id,
        actor: step.actor,
        dependsOn: this.dependenciesOf.get(step.id) ?? [],
        status: this.state.steps.get(step.id)?.status ?? 'pending',
      })),
      resumed,
    });

    const onExternalAbort = (): void => this.abort('cancel');
    if (request.signal?.aborted) this.abort('cancel');
    request.signal?.addEventListener('abort', onExternalAbort, { once: true });
    const runTimeout = request.workflow.policy.timeout_minutes
      ? setTimeout(() => this.abort('run-timeout'), request.workflow.policy.timeout_minutes * 60_000)
      : undefined;
    runTimeout?.unref();
    try {
      await this.schedule();
      return await this.finish();
    } finally {
      if (runTimeout) clearTimeout(runTimeout);
      request.signal?.removeEventListener('abort', onExternalAbort);
    }
  }

  private async schedule(): Promise<void> {
    const remaining = new Map<string, number>();
    // A queue read through a cursor: shift() on thousands of ready steps would be quadratic.
    const ready: string[] = [];
    let readyCursor = 0;
    for (const step of this.request.workflow.steps) {
      const folded = this.state.steps.get(step.id)!;
      if (isEnded(folded)) continue;
      const open = (this.dependenciesOf.get(step.id) ?? []).filter((parent) => {
        const parentState = this.state.steps.get(parent);
        return parentState !== undefined && !isEnded(parentState);
      }).length;
      remaining.set(step.id, open);
      if (open === 0) ready.push(step.id);
    }
    const running = new Map<string, Promise<string>>();
    const maxParallel = Math.max(1, this.request.maxParallel);
    while (true) {
      while (!this.stopAdmitting && readyCursor < ready.length && running.size < maxParallel) {
        const stepId = ready[readyCursor++]!;
        running.set(
          stepId,
          this.runStep(this.stepById.get(stepId)!).then(
            () => stepId,
            (error: unknown) => {
              // runStep journals its own failures; reaching here means the journal itself failed.
              this.dependencies.logger.error({
                event: 'step_journal_failed',
                run_id: this.runId,
                step_id: stepId,
                err: error,
              });
              this.abort('cancel');
              this.firstFailure ??= stepErrorFrom(error);
              return stepId;
            },
          ),
        );
      }
      if (running.size === 0) break;
      const finished = await Promise.race(running.values());
      running.delete(finished);
      if (!isEnded(this.state.steps.get(finished)!)) continue;
      for (const child of this.dependentsOf.get(finished) ?? []) {
        const count = remaining.get(child);
        if (count === undefined) continue;
        remaining.set(child, count - 1);
        if (count - 1 === 0) ready.push(child);
      }
    }
  }

  private usageSoFar(): StepUsage {
    const total: StepUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
    for (const step of this.state.steps.values()) {
      if (!step.usage) continue;
      total.inputTokens += step.usage.inputTokens;
      total.outputTokens += step.usage.outputTokens;
      total.costUsd += step.usage.costUsd;
    }
    return total;
  }

  /** Decides whether the step runs; returns the skip payload when it does not. */
  private condition(step: WorkflowStep): { reason: string; blocked: boolean } | undefined {
    const broken = (this.dependenciesOf.get(step.id) ?? []).find((parent) => {
      const parentState = this.state.steps.get(parent);
      return parentState !== undefined && breaksDependents(parentState);
    });
    const brokenReason = (): { reason: string; blocked: boolean } => ({
      reason: `dependency ${broken} ${this.state.steps.get(broken!)?.status ?? 'failed'}`,
      blocked: true,
    });
    if (step.when === false) return { reason: 'condition is false', blocked: false };
    if (typeof step.when !== 'string') return broken ? brokenReason() : undefined;
    if (broken && !usesStatusFunction(step.when)) return brokenReason();
    const result = evaluateCondition(parseExpression(step.when), this.expressions.context());
    return result ? undefined : { reason: `condition false: ${step.when}`, blocked: false };
  }

  private async runStep(step: WorkflowStep): Promise<void> {
    const folded = this.state.steps.get(step.id)!;
    const actor = step.actor;
    let skip: { reason: string; blocked: boolean } | undefined;
    try {
      skip = this.condition(step);
    } catch (error) {
      this.endStep(step, folded.attempts + 1, {
        actor,
        status: 'failed',
        outputs: {},
        artifacts: [],
        durationMs: 0,
        error: stepErrorFrom(error),
      });
      return;
    }
    if (skip) {
      this.endStep(step, Math.max(1, folded.attempts), {
        actor,
        status: 'skipped',
        outputs: {},
        artifacts: [],
        durationMs: 0,
        reason: skip.reason,
        blocked: skip.blocked,
      });
      return;
    }
    while (true) {
      const attempt = folded.attempts + 1;
      const payload = await this.attemptStep(step, attempt);
      const retry = step.retry;
      const willRetry =
        payload.status === 'failed' &&
        retry !== undefined &&
        attempt <= retry.max &&
        !this.abortKind &&
        !(payload.error && notRetried.has(payload.error.code));
      if (willRetry) payload.willRetry = true;
      folded.attempts = attempt;
      this.endStep(step, attempt, payload);
      if (!willRetry) return;
      const wait = retryDelayMs(retry, attempt, this.random);
      try {
        await delay(wait, undefined, { signal: this.controller.signal });
      } catch {
        return;
      }
    }
  }

  /** Runs one attempt (or restores it from the cache) and returns what the journal will say. */
  private async attemptStep(step: WorkflowStep, attempt: number): Promise<StepEndedPayload> {
    const { request } = this;
    const adapter = this.dependencies.adapters.get(step.actor);
    const base = { actor: step.actor, outputs: {}, artifacts: [] as ArtifactRecord[], durationMs: 0 };
    if (!adapter) {
      return {
        ...base,
        status: 'failed',
        error: stepErrorFrom(new OuroError('OURO_ADAPTER_UNKNOWN', { actor: step.actor })),
      };
    }
    let params: unknown;
    try {
      const rendered = renderTemplatesDeep(step.with, this.expressions.context());
      const parsed = adapter.params.safeParse(rendered);
      if (!parsed.success) {
        const message = parsed.error.issues
          .map((issue) => `${issue.path.map(String).join('.') || '(with)'}: ${issue.message}`)
          .join('; ');
        throw new OuroError('OURO_STEP_PARAMS_INVALID', { stepId: step.id, actor: step.actor, message });
      }
      params = parsed.data;
    } catch (error) {
      return { ...base, status: 'failed', error: stepErrorFrom(error) };
    }

    let cacheKey: string | undefined;
    if (request.caching) {
      cacheKey = await stepCacheKey(
        adapter,
        step,
        params,
        { projectDir: request.projectDir, env: request.env },
        this.hasher,
      );
    }
    if (cacheKey) {
      const restored = await this.stepCache.restore(cacheKey);
      if (restored) return { ...base, ...restored, cacheKey };
    }

    const idempotencyKey = idempotencyKeyFor(this.runId, step.id, attempt);
    const startedAt = this.now();
    await this.append(
      [
        {
          type: JournalEventType.stepStarted,
          stepId: step.id,
          attempt,
          payload: { actor: step.actor, idempotencyKey },
        },
      ],
      {
        stepRuns: [
          stepRunRecord(this.runId, step, attempt, 'running', startedAt, null, null, null, cacheKey),
        ],
      },
    );
    const folded = this.state.steps.get(step.id)!;
    folded.status = 'running';
    this.expressions.refresh(step.id);
    this.emit({
      type: 'step-started',
      runId: this.runId,
      stepId: step.id,
      name: step.name ?? step.id,
      actor: step.actor,
      attempt,
    });

    const controller = new AbortController();
    this.stepControllers.set(step.id, controller);
    if (this.abortKind) controller.abort(this.abortKind);
    const sink = createArtifactSink(request.runDir, step.emits);
    const policy = request.policy({ runId: this.runId, stepId: step.id });
    let payload: StepEndedPayload;
    try {
      payload = await invokeAdapter(adapter, params, step, {
        runId: this.runId,
        attempt,
        idempotencyKey,
        controller,
        sink,
        projectDir: request.projectDir,
        env: request.env,
        logger: this.dependencies.logger,
        now: this.now,
        abortKind: () => this.abortKind,
        usageSoFar: () => this.usageSoFar(),
        policy,
        ...(request.models
          ? {
              models: scopedGateway(request.models, {
                runId: this.runId,
                stepId: step.id,
                policy,
                ...(request.workflow.policy.max_cost_usd !== undefined
                  ? { runCostUsd: request.workflow.policy.max_cost_usd }
                  : {}),
                ...(request.workflow.policy.max_tokens !== undefined
                  ? { runTokens: request.workflow.policy.max_tokens }
                  : {}),
              }),
            }
          : {}),
        onProgress: (progress) =>
          this.emit({ type: 'step-progress', runId: this.runId, stepId: step.id, progress }),
      });
    } finally {
      this.stepControllers.delete(step.id);
    }
    if (payload.status === 'succeeded') {
      const missing = await this.collectDeclaredArtifacts(sink, step, payload);
      if (missing) {
        payload.status = 'failed';
        payload.error = stepErrorFrom(
          new OuroError('OURO_STEP_ARTIFACT_MISSING', { stepId: step.id, path: missing }),
        );
      } else if (cacheKey) {
        await this.stepCache.save(cacheKey, this.request.workflow.name, step, payload);
      }
    }
    if (cacheKey) payload.cacheKey = cacheKey;
    return payload;
  }

  /** Adds the declared `emits` the adapter wrote without recording; returns the first missing one. */
  private async collectDeclaredArtifacts(
    sink: ReturnType<typeof createArtifactSink>,
    step: WorkflowStep,
    payload: StepEndedPayload,
  ): Promise<string | undefined> {
    const recorded = new Set(payload.artifacts.map((artifact) => artifact.path));
    for (const emitted of step.emits) {
      try {
        const record = await sink.record(emitted);
        if (!recorded.has(record.path)) {
          payload.artifacts.push(record);
          recorded.add(record.path);
        }
      } catch {
        return emitted;
      }
    }
    return undefined;
  }

  private endStep(step: WorkflowStep, attempt: number, payload: StepEndedPayload): void {
    const endedAt = this.now();
    const status: EndedStepStatus = payload.status;
    const artifactRows: ArtifactRow[] = payload.artifacts.map((artifact) => ({
      runId: this.runId,
      stepId: step.id,
      path: artifact.path,
      size: artifact.size,
      sha256: artifact.sha256,
      createdAt: endedAt,
    }));
    this.appendInBackground([{ type: JournalEventType.stepEnded, stepId: step.id, attempt, payload }], {
      stepRuns: [
        stepRunRecord(
          this.runId,
          step,
          attempt,
          status,
          endedAt - payload.durationMs,
          endedAt,
          payload.outputs,
          payload.error ? { ...payload.error } : payload.reason ? { reason: payload.reason } : null,
          payload.cacheKey ?? null,
        ),
      ],
      artifacts: artifactRows,
    });
    const folded = this.state.steps.get(step.id)!;
    folded.status = payload.willRetry ? 'pending' : status;
    folded.outputs = payload.outputs;
    folded.artifacts = payload.artifacts;
    folded.durationMs = payload.durationMs;
    folded.blocked = payload.blocked === true;
    folded.error = payload.error;
    folded.reason = payload.reason;
    folded.usage = payload.usage;
    this.expressions.refresh(step.id);
    this.dependencies.logger.info(
      {
        event: LogEvent.stepDuration,
        run_id: this.runId,
        step_id: step.id,
        step_name: step.name ?? step.id,
        actor: step.actor,
        status,
        attempt,
        duration_ms: payload.durationMs,
        duration_seconds: payload.durationMs / 1000,
        ...(payload.error ? { error_code: payload.error.code } : {}),
      },
      `step ${step.id} ${status}`,
    );
    this.emit({
      type: 'step-ended',
      runId: this.runId,
      stepId: step.id,
      name: step.name ?? step.id,
      actor: step.actor,
      attempt,
      status,
      durationMs: payload.durationMs,
      ...(payload.error ? { error: payload.error } : {}),
      ...(payload.reason ? { reason: payload.reason } : {}),
      ...(payload.summary ? { summary: payload.summary } : {}),
      ...(payload.willRetry ? { willRetry: true } : {}),
    });
    if (payload.willRetry) return;
    if (status === 'failed' || status === 'needs_approval') {
      this.firstFailure ??= payload.error;
      const onFail = status === 'needs_approval' ? 'pause_for_review' : step.on_fail;
      if (onFail === 'stop') this.stopAdmitting = true;
      if (onFail === 'pause_for_review') {
        this.stopAdmitting = true;
        this.pauseRequest ??= {
          stepId: step.id,
          reason:
            status === 'needs_approval'
              ? 'approval needed'
              : `step ${step.id} failed: ${payload.error?.message ?? 'failed'}`,
        };
      }
    }
  }

  private summarize(status: RunStatus): RunSummary {
    const counts = {
      succeeded: 0,
      failed: 0,
      skipped: 0,
      cached: 0,
      cancelled: 0,
      pending: 0,
      needsApproval: 0,
    };
    for (const id of this.stepById.keys()) {
      const step = this.state.steps.get(id)!;
      if (step.status === 'needs_approval') counts.needsApproval += 1;
      else if (step.status === 'running') counts.pending += 1;
      else counts[step.status] += 1;
    }
    const usage = this.usageSoFar();
    const summary: RunSummary = {
      status,
      ...counts,
      durationMs: this.now() - this.startedAt,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: usage.costUsd,
    };
    if (this.firstFailure) summary.error = this.firstFailure;
    return summary;
  }

  private async finish(): Promise<RunOutcome> {
    const { logger } = this.dependencies;
    if (this.journalError) throw toOuroError(this.journalError);
    if (this.abortKind === 'lease-lost') {
      throw new OuroError('OURO_RUN_LOCKED', { runId: this.runId, owner: 'another process (lease lost)' });
    }
    if (this.pauseRequest && !this.abortKind) {
      const summary = this.summarize('paused');
      await this.append([{ type: JournalEventType.runPaused, payload: { ...this.pauseRequest } }], {
        run: { status: 'paused', summary },
      });
      logger.warn(
        {
          event: 'workflow_paused',
          run_id: this.runId,
          step_id: this.pauseRequest.stepId,
          reason: this.pauseRequest.reason,
        },
        `run paused: ${this.pauseRequest.reason}`,
      );
      this.emit({
        type: 'run-paused',
        runId: this.runId,
        stepId: this.pauseRequest.stepId,
        reason: this.pauseRequest.reason,
      });
      return { runId: this.runId, status: 'paused', summary };
    }
    let status: RunStatus;
    if (this.abortKind === 'cancel') status = 'cancelled';
    else if (this.abortKind === 'run-timeout') {
      status = 'failed';
      this.firstFailure = stepErrorFrom(
        new OuroError('OURO_RUN_TIMEOUT', { minutes: this.request.workflow.policy.timeout_minutes ?? 0 }),
      );
    } else {
      const anyFailed = [...this.stepById.keys()].some((id) => {
        const step = this.state.steps.get(id)!;
        return step.status === 'failed' || step.status === 'cancelled' || step.status === 'pending';
      });
      status = anyFailed || this.firstFailure ? 'failed' : 'succeeded';
    }
    const summary = this.summarize(status);
    const endedAt = this.now();
    await this.append([{ type: JournalEventType.runEnded, payload: { status, summary } }], {
      run: { status, endedAt, summary },
    });
    const event =
      status === 'succeeded'
        ? LogEvent.workflowCompleted
        : status === 'cancelled'
          ? 'workflow_cancelled'
          : LogEvent.workflowExecutionFailed;
    logger[status === 'succeeded' ? 'info' : 'warn'](
      {
        event,
        run_id: this.runId,
        workflow: this.request.workflow.name,
        status,
        duration_ms: summary.durationMs,
        succeeded: summary.succeeded,
        failed: summary.failed,
        skipped: summary.skipped,
        cached: summary.cached,
        ...(summary.error ? { error_code: summary.error.code } : {}),
      },
      `workflow ${this.request.workflow.name} ${status}`,
    );
    this.emit({ type: 'run-ended', runId: this.runId, status, summary });
    return { runId: this.runId, status, summary };
  }
}
