/**
 * The shared execution of a coding-agent CLI step: permission, scrubbed environment, a snapshot of
 * the workspace, the agent run with its output followed line by line (budget kill as soon as its
 * cost passes the step budget), then the diff, the transcript and the usage. The usage is recorded in
 * the model ledger and charged to the budgets through `ctx.models` (agent-accounting.ts) and also
 * returned in StepResult.usage; the agent's work is judged from its exit, its own error reports, the
 * timeout and the budgets.
 */
import type { PolicyRequest } from '../policy-port.js';
import { stepResultForVerdict } from '../policy-verdict.js';
import { settleProtectedChanges } from './protected-changes.js';
import { OuroError } from '../../errors/index.js';
import type { ExternalUsageResult } from '../../models/types.js';
import { runProcess, type ProcessResult } from '../process/run-process.js';
import { stepErrorFrom, utf8Head } from '../process/step-failure.js';
import type { StepContext, StepResult, StepUsage } from '../types.js';
import {
  agentArtifactPaths,
  TranscriptRecorder,
  writeAgentArtifacts,
  type AgentArtifactPaths,
} from './agent-artifacts.js';
import {
  defaultAgentTimeoutMinutes,
  type AgentAdapterOptions,
  type AgentDefinition,
  type AgentSettings,
} from './agent-definition.js';
import { agentBudgetRefusal, recordAgentUsage } from './agent-accounting.js';
import type { AgentCommonParams } from './agent-params.js';
import { resolveAgentPermission } from './agent-permission.js';
import type { AgentSession } from './agent-session.js';
import { snapshotWorkspace, workspaceChangeSince, type WorkspaceChange } from './workspace-snapshot.js';

export interface AgentOutputs extends Record<string, unknown> {
  session_id: string | null;
  model: string | null;
  turns: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cost_usd: number;
  /** False when cost_usd is Ouro's estimate (or 0) because the agent reported none. */
  cost_reported: boolean;
  final_message: string;
  exit_code: number | null;
  /** Workflow path of the patch artifact. */
  patch: string;
  files_changed: string[];
}

const finalMessageMaxBytes = 64 * 1024;

function emptyOutputs(paths: AgentArtifactPaths): AgentOutputs {
  return {
    session_id: null,
    model: null,
    turns: 0,
    input_tokens: 0,
    output_tokens: 0,
    cached_input_tokens: 0,
    cost_usd: 0,
    cost_reported: false,
    final_message: '',
    exit_code: null,
    patch: paths.patch,
    files_changed: [],
  };
}

interface RunState {
  budgetExceeded: boolean;
  killedAtCostUsd: number | undefined;
}

function costOf(
  agent: string,
  session: AgentSession,
  options: AgentAdapterOptions,
): { costUsd: number; reported: boolean } {
  if (session.costUsd !== undefined) return { costUsd: session.costUsd, reported: true };
  return { costUsd: options.estimateCostUsd?.(agent, session) ?? 0, reported: false };
}

function failureOf(
  agent: string,
  params: AgentCommonParams & { timeout_minutes: number },
  result: ProcessResult,
  session: AgentSession,
  costUsd: number,
  state: RunState,
  paths: AgentArtifactPaths,
): OuroError | undefined {
  const budget = params.max_cost_usd;
  if (state.budgetExceeded || (budget !== undefined && costUsd > budget)) {
    return new OuroError('OURO_AGENT_BUDGET_EXCEEDED', {
      agent,
      costUsd: (state.killedAtCostUsd ?? costUsd).toFixed(4),
      budgetUsd: (budget ?? 0).toFixed(4),
      patch: paths.patch,
    });
  }
  if (result.aborted)
    return new OuroError('OURO_CANCELLED', { reason: `step aborted while ${agent} was running` });
  if (result.timedOut) {
    return new OuroError('OURO_AGENT_TIMEOUT', {
      agent,
      minutes: params.timeout_minutes,
      transcript: paths.transcript,
      patch: paths.patch,
    });
  }
  const details = { exitCode: result.exitCode, signal: result.signal, stderr: utf8Head(result.stderr, 8192) };
  const failed = (reason: string): OuroError =>
    new OuroError('OURO_AGENT_FAILED', { agent, reason, transcript: paths.transcript }, { details });
  if (result.exitCode === null) return failed(`killed by signal ${result.signal ?? 'unknown'}`);
  if (session.isError || result.exitCode !== 0) {
    const firstStderrLine = result.stderr
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim();
    const reason = session.errorMessage ?? firstStderrLine ?? `exit code ${result.exitCode}`;
    return failed(result.exitCode === 0 ? reason : `exit code ${result.exitCode}: ${reason}`);
  }
  return undefined;
}

/**
 * The step's verdict: the agent's own budget kill first (it names the step budget), then a wider
 * budget level the agent's spending pushed over, then why the agent itself failed, then a ledger
 * that could not be written (the money trail must not be lost silently).
 */
function verdictOf(
  failure: OuroError | undefined,
  accounting: { result?: ExternalUsageResult; error?: unknown },
): unknown {
  if (failure?.code === 'OURO_AGENT_BUDGET_EXCEEDED') return failure;
  if (accounting.result?.overBudget !== undefined) return accounting.result.overBudget.error;
  return failure ?? accounting.error;
}

function usageOf(session: AgentSession, costUsd: number): StepUsage {
  return { inputTokens: session.inputTokens, outputTokens: session.outputTokens, costUsd };
}

export async function executeAgent<P extends AgentCommonParams>(
  definition: AgentDefinition<P>,
  rawParams: P,
  context: StepContext,
  options: AgentAdapterOptions,
): Promise<StepResult<AgentOutputs>> {
  const settings: AgentSettings = options.agents?.[definition.id] ?? {};
  const params = {
    ...rawParams,
    max_cost_usd: rawParams.max_cost_usd ?? settings.max_cost_usd,
    timeout_minutes: rawParams.timeout_minutes ?? settings.timeout_minutes ?? defaultAgentTimeoutMinutes,
  };
  const paths = agentArtifactPaths(context);
  const fail = (error: unknown, summary: string): StepResult<AgentOutputs> => ({
    status: 'failed',
    outputs: emptyOutputs(paths),
    error: stepErrorFrom(error),
    summary,
  });
  if (settings.enabled === false) {
    return fail(
      new OuroError('OURO_ADAPTER_UNAVAILABLE', {
        adapter: definition.id,
        reason: `agents.${definition.id}.enabled is false`,
        install: `Set agents.${definition.id}.enabled to true in the configuration.`,
      }),
      `${definition.id} is disabled`,
    );
  }

  try {
    // The agent's spending cannot be reserved up front: at least refuse when a level is already spent.
    const refusal = await agentBudgetRefusal(context, params.max_cost_usd);
    if (refusal !== undefined) return fail(refusal, `${definition.id} not started: budget spent`);
  } catch (error) {
    return fail(error, `${definition.id} not started: the budget could not be checked`);
  }

  try {
    // The agent's CLI calls models itself: the policy decides the session as one model call.
    const request: PolicyRequest = {
      action: 'model_call',
      subject: `${definition.id} session in step ${context.stepId} of run ${context.runId}`,
      subjectKey: `run:${context.runId}:step:${context.stepId}:model_call`,
      initiator: 'ouro',
      readOnly: true,
      effect: {
        agent: definition.id,
        ...((params.model ?? settings.model) ? { model: params.model ?? settings.model } : {}),
      },
    };
    const stopped = stepResultForVerdict(await context.policy.authorize(request), request);
    if (stopped !== undefined) return { ...stopped, outputs: emptyOutputs(paths) };
  } catch (error) {
    return fail(error, `${definition.id} not started: the policy could not be asked`);
  }

  let before: string;
  let invocation;
  try {
    const permission = resolveAgentPermission(
      definition.id,
      params,
      options.allowDangerouslySkipPermissions === true,
    );
    invocation = definition.invocation(params, {
      permission,
      env: context.env,
      workDir: context.workDir,
      model: params.model ?? settings.model,
    });
    before = await snapshotWorkspace(context.workDir, { env: context.env, signal: context.signal });
  } catch (error) {
    return fail(error, `${definition.id} did not start`);
  }

  const parser = definition.createParser();
  const transcript = new TranscriptRecorder();
  const state: RunState = { budgetExceeded: false, killedAtCostUsd: undefined };
  const controller = new AbortController();
  const forwardAbort = (): void => controller.abort();
  context.signal.addEventListener('abort', forwardAbort, { once: true });
  if (context.signal.aborted) controller.abort();
  context.emit({
    type: 'agent_started',
    message: `${definition.id} started`,
    data: { agent: definition.id },
  });

  let result: ProcessResult;
  const started = Date.now();
  try {
    result = await runProcess({
      command: settings.command ?? definition.executable,
      args: [...invocation.args, ...(settings.args ?? []), ...params.extra_args],
      cwd: context.workDir,
      env: invocation.env,
      input: invocation.input,
      signal: controller.signal,
      timeoutMs: params.timeout_minutes * 60_000,
      onStdoutLine(line) {
        transcript.add(line);
        parser.line(line);
        const budget = params.max_cost_usd;
        if (budget === undefined || state.budgetExceeded) return;
        const { costUsd } = costOf(definition.id, parser.current(), options);
        if (costUsd > budget) {
          // The agent keeps spending while it runs: stop it now rather than at its next turn.
          state.budgetExceeded = true;
          state.killedAtCostUsd = costUsd;
          context.logger.warn(
            { agent: definition.id, costUsd, budgetUsd: budget },
            'agent passed its budget; stopping it',
          );
          controller.abort();
        }
      },
    });
  } catch (error) {
    return fail(error, `could not start ${definition.id}`);
  } finally {
    context.signal.removeEventListener('abort', forwardAbort);
  }

  const session = parser.finish(result.stdout);
  const { costUsd, reported } = costOf(definition.id, session, options);
  const failure = failureOf(definition.id, params, result, session, costUsd, state, paths);
  // Whatever the outcome (timeout, budget kill, failure), the tokens were spent: account for them.
  const accounting: { result?: ExternalUsageResult; error?: unknown } = {};
  try {
    const recorded = await recordAgentUsage(context, {
      agent: definition.id,
      session,
      reportedCostUsd: reported ? costUsd : undefined,
      latencyMs: Date.now() - started,
      maxCostUsd: params.max_cost_usd,
      failureCode: failure?.code,
    });
    if (recorded !== undefined) accounting.result = recorded;
  } catch (error) {
    context.logger.error({ agent: definition.id, err: error }, 'agent usage could not be recorded');
    accounting.error = error;
  }
  let change: WorkspaceChange;
  try {
    change = await workspaceChangeSince(context.workDir, before, { env: context.env });
  } catch (error) {
    return {
      ...fail(
        verdictOf(failure, accounting) ?? error,
        `${definition.id} ran, but its change could not be read`,
      ),
      usage: usageOf(session, costUsd),
    };
  }
  const artifacts = await writeAgentArtifacts(context, paths, {
    patch: change.patch,
    transcript: transcript.text(),
    stderr: result.stderr,
  });
  const outputs: AgentOutputs = {
    session_id: session.sessionId ?? null,
    model: session.model ?? null,
    turns: session.turns,
    input_tokens: session.inputTokens,
    output_tokens: session.outputTokens,
    cached_input_tokens: session.cachedInputTokens,
    cost_usd: costUsd,
    cost_reported: reported,
    final_message: utf8Head(session.finalMessage ?? '', finalMessageMaxBytes),
    exit_code: result.exitCode,
    patch: paths.patch,
    files_changed: change.files,
  };
  const usage = usageOf(session, costUsd);
  context.logger.info(
    {
      agent: definition.id,
      sessionId: outputs.session_id,
      turns: outputs.turns,
      costUsd,
      files: change.files.length,
    },
    'agent finished',
  );
  const summary = `${definition.id}: ${change.files.length} file(s) changed in ${session.turns} turn(s), $${costUsd.toFixed(4)}`;
  let refused: Awaited<ReturnType<typeof settleProtectedChanges>>;
  try {
    refused = await settleProtectedChanges(context, definition.id, change.files, before);
  } catch (error) {
    return { ...fail(error, `${definition.id}: its protected-path changes could not be settled`), usage };
  }
  if (refused !== undefined) {
    const { result: stopped, restored } = refused;
    return {
      ...stopped,
      outputs: { ...outputs, ...stopped.outputs, restored_paths: restored },
      artifacts,
      usage,
      summary: `${summary}; protected paths put back (${restored.join(', ')}): ${stopped.summary ?? ''}`,
    };
  }
  const verdict = verdictOf(failure, accounting);
  if (verdict !== undefined) {
    return { status: 'failed', outputs, artifacts, usage, error: stepErrorFrom(verdict), summary };
  }
  return { status: 'succeeded', outputs, artifacts, usage, summary };
}
