/**
 * `shell`: runs one command (argv without a shell by default), captures stdout and stderr as
 * artifacts and reports the exit code. The environment is the engine's allowlisted one plus
 * `with.env`; nothing else leaks in.
 */
import { OuroError } from '../../errors/index.js';
import { runProcess, type ProcessResult } from '../process/run-process.js';
import { stepErrorFrom, utf8Head } from '../process/step-failure.js';
import { resolveInsideProject } from '../process/workflow-paths.js';
import type { Adapter, StepContext, StepResult } from '../types.js';
import { shellParamsSchema, type ShellParams } from './shell-params.js';
import { shellCommandLine } from './shell-quote.js';

/** What the outputs carry of each stream; the artifacts hold the rest (up to the runner's cap). */
export const shellOutputHeadBytes = 64 * 1024;
/** Cap per stream for what the runner keeps and the artifacts store. */
export const shellArtifactMaxBytes = 10 * 1024 * 1024;

export interface ShellOutputs extends Record<string, unknown> {
  exit_code: number | null;
  stdout: string;
  stderr: string;
  duration_ms: number;
}

function describeCommand(params: ShellParams): string {
  return typeof params.command === 'string' ? params.command : shellCommandLine(params.command);
}

function invocation(params: ShellParams): { command: string; args: string[]; shell: boolean } {
  if (typeof params.command === 'string') return { command: params.command, args: [], shell: true };
  if (params.shell) return { command: shellCommandLine(params.command), args: [], shell: true };
  const [program, ...args] = params.command as [string, ...string[]];
  return { command: program, args, shell: false };
}

function failureOf(
  params: ShellParams,
  result: ProcessResult,
  stderrArtifact: string,
): OuroError | undefined {
  const command = describeCommand(params);
  if (result.aborted)
    return new OuroError('OURO_CANCELLED', { reason: `step aborted while running ${command}` });
  if (result.timedOut) {
    return new OuroError('OURO_SHELL_TIMEOUT', { command, seconds: params.timeout_seconds });
  }
  if (result.exitCode === null) {
    return new OuroError('OURO_SHELL_KILLED', { command, signal: result.signal ?? 'unknown' });
  }
  if (result.exitCode !== 0 && !params.allow_failure) {
    return new OuroError(
      'OURO_SHELL_EXIT_NONZERO',
      { command, exitCode: result.exitCode, stderrArtifact },
      { details: { exitCode: result.exitCode, stderr: utf8Head(result.stderr, 4096) } },
    );
  }
  return undefined;
}

async function executeShell(params: ShellParams, context: StepContext): Promise<StepResult<ShellOutputs>> {
  const stdoutArtifact = params.stdout_artifact ?? `artifacts/${context.stepId}.stdout.txt`;
  const stderrArtifact = params.stderr_artifact ?? `artifacts/${context.stepId}.stderr.txt`;
  const cwd = resolveInsideProject(context.workDir, params.cwd ?? '.');
  const { command, args, shell } = invocation(params);
  let result: ProcessResult;
  try {
    result = await runProcess({
      command,
      args,
      shell,
      cwd,
      env: { ...context.env, ...params.env },
      signal: context.signal,
      timeoutMs: params.timeout_seconds === undefined ? undefined : params.timeout_seconds * 1000,
      maxOutputBytes: shellArtifactMaxBytes,
    });
  } catch (error) {
    return {
      status: 'failed',
      outputs: { exit_code: null, stdout: '', stderr: '', duration_ms: 0 },
      error: stepErrorFrom(error),
      summary: `could not start ${describeCommand(params)}`,
    };
  }
  // An empty stream gets no artifact unless the workflow asked for one: most steps print nothing,
  // and two empty files per step were a large part of the cost of short commands.
  const wanted = (explicit: string | undefined, target: string, content: string): boolean =>
    explicit !== undefined || content.length > 0 || context.emits.includes(target);
  const artifacts = [];
  if (wanted(params.stdout_artifact, stdoutArtifact, result.stdout)) {
    artifacts.push(await context.artifacts.write(stdoutArtifact, result.stdout));
  }
  if (wanted(params.stderr_artifact, stderrArtifact, result.stderr)) {
    artifacts.push(await context.artifacts.write(stderrArtifact, result.stderr));
  }
  const outputs: ShellOutputs = {
    exit_code: result.exitCode,
    stdout: utf8Head(result.stdout, shellOutputHeadBytes),
    stderr: utf8Head(result.stderr, shellOutputHeadBytes),
    duration_ms: result.durationMs,
  };
  const failure = failureOf(params, result, stderrArtifact);
  const ending =
    result.exitCode === null ? `killed (${result.signal ?? 'unknown'})` : `exit ${result.exitCode}`;
  const summary = `${ending} in ${result.durationMs} ms`;
  if (failure !== undefined)
    return { status: 'failed', outputs, artifacts, error: stepErrorFrom(failure), summary };
  return { status: 'succeeded', outputs, artifacts, summary };
}

export const shellAdapter: Adapter<ShellParams, ShellOutputs> = {
  id: 'shell',
  kind: 'deterministic',
  effects: ['run_command'],
  version: '1.0.0',
  description: 'Runs a command (argv, or a shell line with shell: true) and captures its output',
  params: shellParamsSchema,
  available() {
    // The adapter itself needs nothing; a missing program fails its step with OURO_PROCESS_SPAWN_FAILED.
    return Promise.resolve({ available: true });
  },
  cacheInputs(params) {
    if (params.inputs === undefined) return undefined;
    return { files: params.inputs, env: [] };
  },
  execute: executeShell,
};
