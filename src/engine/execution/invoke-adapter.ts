/**
 * Runs one attempt of a step's adapter: builds its StepContext, enforces the step timeout through the
 * AbortSignal, turns anything thrown into a step error, and says how the attempt ended. Journaling,
 * caching and retries are the caller's.
 */
import { readFile } from 'node:fs/promises';
import type { PolicyPort, PolicyRequest } from '../../adapters/policy-port.js';
import { stepResultForVerdict } from '../../adapters/policy-verdict.js';
import { stepErrorFrom } from '../../adapters/process/step-failure.js';
import type { AnyAdapter, ArtifactSink, StepContext, StepResult, StepUsage } from '../../adapters/types.js';
import { isOuroError, OuroError } from '../../errors/index.js';
import type { ModelGateway } from '../../models/types.js';
import type { Logger } from '../../observability/logger-types.js';
import type { WorkflowStep } from '../workflow/workflow-schema.js';
import type { StepEndedPayload } from './journal-events.js';
import { describeAbort, type AbortKind } from './step-rules.js';

export interface InvocationContext {
  runId: string;
  attempt: number;
  idempotencyKey: string;
  /** Aborted by the run (cancel, run timeout) or here (step timeout). */
  controller: AbortController;
  sink: ArtifactSink;
  projectDir: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  now: () => number;
  /** Why the run is being aborted, if it is. */
  abortKind: () => AbortKind | undefined;
  usageSoFar: () => StepUsage;
  /** The gateway, already scoped to this run and step. */
  models?: ModelGateway;
  /** The policy, scoped to this run and step. */
  policy: PolicyPort;
  onProgress: (progress: Parameters<StepContext['emit']>[0]) => void;
}

function crashed(step: WorkflowStep, error: unknown): StepResult {
  const failure = isOuroError(error)
    ? error
    : new OuroError('OURO_STEP_CRASHED', {
        stepId: step.id,
        actor: step.actor,
        message: error instanceof Error ? error.message : String(error),
      });
  return { status: 'failed', outputs: {}, error: stepErrorFrom(failure) };
}

/**
 * Asks the policy before an adapter that runs commands runs at all — here, so that no adapter can
 * forget to. Returns the step's result when the policy stops it.
 */
async function askForCommand(
  adapter: AnyAdapter,
  params: unknown,
  step: WorkflowStep,
  context: InvocationContext,
): Promise<StepResult | undefined> {
  if (!adapter.effects.includes('run_command')) return undefined;
  const readOnly = adapter.readOnly?.(params) ?? false;
  const request: PolicyRequest = {
    action: 'run_command',
    subject: `step ${step.id} (${step.actor}) of run ${context.runId}`,
    subjectKey: `run:${context.runId}:step:${step.id}:run_command`,
    initiator: 'ouro',
    readOnly,
    effect: { actor: step.actor, step: step.id, params },
  };
  return stepResultForVerdict(await context.policy.authorize(request), request);
}

export async function invokeAdapter(
  adapter: AnyAdapter,
  params: unknown,
  step: WorkflowStep,
  context: InvocationContext,
): Promise<StepEndedPayload> {
  const startedAt = context.now();
  let timedOut = false;
  const timeout = step.timeout_minutes
    ? setTimeout(() => {
        timedOut = true;
        context.controller.abort('step-timeout');
      }, step.timeout_minutes * 60_000)
    : undefined;
  let result: StepResult;
  try {
    const stopped = await askForCommand(adapter, params, step, context);
    result =
      stopped ??
      (await adapter.execute(params, {
        runId: context.runId,
        stepId: step.id,
        stepName: step.name ?? step.id,
        attempt: context.attempt,
        idempotencyKey: context.idempotencyKey,
        signal: context.controller.signal,
        workDir: context.projectDir,
        emits: step.emits,
        artifacts: context.sink,
        logger: context.logger.child({ run_id: context.runId, step_id: step.id, actor: step.actor }),
        env: { ...context.env },
        emit: context.onProgress,
        readArtifact: async (workflowPath) => {
          try {
            return await readFile(context.sink.resolve(workflowPath), 'utf8');
          } catch {
            return undefined;
          }
        },
        usageSoFar: context.usageSoFar,
        now: () => new Date(context.now()),
        ...(context.models ? { models: context.models } : {}),
        policy: context.policy,
      }));
  } catch (error) {
    result = crashed(step, error);
  } finally {
    if (timeout) clearTimeout(timeout);
  }
  const payload: StepEndedPayload = {
    actor: step.actor,
    status: result.status,
    outputs: result.outputs ?? {},
    artifacts: result.artifacts ?? [],
    durationMs: context.now() - startedAt,
  };
  if (result.summary) payload.summary = result.summary;
  if (result.usage) payload.usage = result.usage;
  if (result.error) payload.error = result.error;
  const abortKind = context.abortKind();
  if (timedOut) {
    payload.status = 'failed';
    payload.error = stepErrorFrom(
      new OuroError('OURO_STEP_TIMEOUT', { stepId: step.id, minutes: step.timeout_minutes ?? 0 }),
    );
  } else if (abortKind && payload.status !== 'succeeded') {
    payload.status = 'cancelled';
    payload.error = stepErrorFrom(new OuroError('OURO_CANCELLED', { reason: describeAbort(abortKind) }));
  }
  return payload;
}
