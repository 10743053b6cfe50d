/**
 * Runs a tool for an adapter: resolves it (OURO_ADAPTER_UNAVAILABLE when missing), runs it in the
 * project directory with the step's environment and abort signal, and turns the outcomes no adapter
 * can use — cancelled, killed by a signal — into OuroErrors. A non-zero exit code is returned, not
 * judged: what it means differs per tool (findings vs. crash).
 */
import { OuroError } from '../../../errors/index.js';
import { runProcess, type ProcessResult } from '../../process/run-process.js';
import { utf8Head } from '../../process/step-failure.js';
import type { StepContext } from '../../types.js';
import { requireExecutable, type ToolSpec } from './tool-spec.js';

export interface ToolRun extends ProcessResult {
  exitCode: number;
  /** The command line as a user would type it, for messages. */
  commandLine: string;
}

export interface RunToolOptions {
  /** Defaults to the step's project directory. */
  cwd?: string;
  /** Where to look the executable up; defaults to `cwd`. */
  projectDir?: string;
}

export async function runTool(
  spec: ToolSpec,
  args: string[],
  context: StepContext,
  options: RunToolOptions = {},
): Promise<ToolRun> {
  const cwd = options.cwd ?? context.workDir;
  const executable = requireExecutable(spec, options.projectDir ?? cwd, context.env);
  const commandLine = [spec.executable, ...args].join(' ');
  context.logger.debug({ tool: spec.name, executable, args, cwd }, 'running tool');
  const result = await runProcess({
    command: executable,
    args,
    cwd,
    env: context.env,
    signal: context.signal,
  });
  if (result.aborted)
    throw new OuroError('OURO_CANCELLED', { reason: `step aborted while running ${commandLine}` });
  if (result.exitCode === null) {
    throw toolFailure(spec, commandLine, `killed by signal ${result.signal ?? 'unknown'}`, result);
  }
  return { ...result, exitCode: result.exitCode, commandLine };
}

/** OURO_TOOL_FAILED carrying the tool's exit code and the head of its output. */
export function toolFailure(
  spec: ToolSpec,
  commandLine: string,
  reason: string,
  result: Pick<ProcessResult, 'exitCode' | 'stdout' | 'stderr'>,
): OuroError {
  return new OuroError(
    'OURO_TOOL_FAILED',
    { tool: spec.name, reason, command: commandLine },
    {
      details: {
        exitCode: result.exitCode,
        stderr: utf8Head(result.stderr, 8192),
        stdout: utf8Head(result.stdout, 4096),
      },
    },
  );
}

/** The first meaningful line of a tool's complaint, for the error message. */
export function firstOutputLine(result: Pick<ProcessResult, 'stdout' | 'stderr'>): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('Oops!') && !/^ESLint: \d/.test(line));
  return lines[0] ?? 'no output';
}
