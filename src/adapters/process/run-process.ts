/**
 * Runs one child process the way every deterministic adapter needs it: argv without a shell (unless
 * asked), an exact environment, capped output, a timeout and cancellation that reach the whole
 * process tree. A child that cannot start is an OuroError; everything that happens after it started
 * (non-zero exit, signal, timeout, abort) is reported in the result for the adapter to judge.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { OuroError } from '../../errors/index.js';
import { resolveExecutable } from './find-executable.js';
import { LineSplitter } from './line-splitter.js';
import { OutputBuffer } from './output-buffer.js';
import { signalGroup, trackGroup, untrackGroup } from './process-groups.js';

export interface RunProcessOptions {
  /** argv0, resolved via resolveExecutable when not a path (and not a shell command). */
  command: string;
  args: string[];
  cwd: string;
  /** The complete environment of the child (the caller filters it). */
  env: NodeJS.ProcessEnv;
  /** Abort → SIGTERM to the whole process group, SIGKILL after 2 s. */
  signal?: AbortSignal;
  /** Same kill on timeout; result.timedOut = true. */
  timeoutMs?: number;
  /** Per stream; default 10 MiB; beyond it the head and the tail are kept and marked truncated. */
  maxOutputBytes?: number;
  /** Written to stdin, which is then closed. Without it stdin is /dev/null. */
  input?: string;
  /** Only when explicitly asked (the shell adapter's `shell: true`). */
  shell?: boolean;
  /**
   * Called with each complete stdout line (without its newline) while the child runs, so a caller
   * can follow a streaming protocol (an agent's JSON lines) and react before the process ends. A
   * last line without a newline is delivered when stdout closes. Independent of maxOutputBytes.
   */
  onStdoutLine?: (line: string) => void;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
}

export const defaultMaxOutputBytes = 10 * 1024 * 1024;
/** How long a process group gets between SIGTERM and SIGKILL. */
export const killGraceMs = 2_000;

function errnoOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

function spawnFailed(
  command: string,
  cwd: string,
  errno: string,
  reason: string,
  cause?: unknown,
): OuroError {
  return new OuroError(
    'OURO_PROCESS_SPAWN_FAILED',
    { command, reason },
    { details: { command, cwd, errno }, cause },
  );
}

function notStartedResult(): ProcessResult {
  return {
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    timedOut: false,
    aborted: true,
    durationMs: 0,
  };
}

function resolveCommand(options: RunProcessOptions): string {
  if (options.shell === true) return options.command;
  const resolved = resolveExecutable(options.command, options.cwd, options.env);
  if (resolved === undefined) {
    throw spawnFailed(
      options.command,
      options.cwd,
      'ENOENT',
      'not found in node_modules/.bin of the project (or its ancestors) nor on PATH',
    );
  }
  return resolved;
}

export function runProcess(options: RunProcessOptions): Promise<ProcessResult> {
  // An abort that happened before we started means the work is not wanted: do not start it.
  if (options.signal?.aborted === true) return Promise.resolve(notStartedResult());
  let executable: string;
  try {
    executable = resolveCommand(options);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const limit = options.maxOutputBytes ?? defaultMaxOutputBytes;
  const stdout = new OutputBuffer(limit);
  const stderr = new OutputBuffer(limit);
  const started = performance.now();
  const lines = options.onStdoutLine === undefined ? undefined : new LineSplitter(options.onStdoutLine);

  return new Promise<ProcessResult>((resolve, reject) => {
    const child = spawn(executable, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      shell: options.shell === true,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let settled = false;
    let spawned = false;
    let timedOut = false;
    let aborted = false;
    let terminating = false;
    let timeoutTimer: NodeJS.Timeout | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const terminate = (): void => {
      const groupId = child.pid;
      if (terminating || groupId === undefined) return;
      terminating = true;
      signalGroup(groupId, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(groupId, 'SIGKILL'), killGraceMs);
    };
    const onAbort = (): void => {
      aborted = true;
      terminate();
    };
    const cleanUp = (): void => {
      if (timeoutTimer !== undefined) clearTimeout(timeoutTimer);
      if (killTimer !== undefined) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (child.pid !== undefined) {
        // Whatever is left of the group (a daemon that closed its output) does not outlive the step.
        signalGroup(child.pid, 'SIGKILL');
        untrackGroup(child.pid);
      }
    };

    child.once('spawn', () => {
      spawned = true;
      if (child.pid !== undefined) trackGroup(child.pid);
    });
    child.once('error', (error) => {
      if (spawned || settled) return;
      settled = true;
      cleanUp();
      const errno = errnoOf(error) ?? 'UNKNOWN';
      reject(spawnFailed(options.command, options.cwd, errno, error.message, error));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      lines?.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('exit', () => {
      // The direct child is gone; background processes it left behind would keep the pipes open
      // and the step waiting, so the rest of the group is asked to stop too.
      if (child.pid !== undefined && !terminating) {
        terminating = true;
        signalGroup(child.pid, 'SIGTERM');
        const groupId = child.pid;
        killTimer = setTimeout(() => signalGroup(groupId, 'SIGKILL'), killGraceMs);
      }
    });
    child.once('close', (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      cleanUp();
      lines?.end();
      const out = stdout.result();
      const err = stderr.result();
      resolve({
        exitCode,
        signal,
        stdout: out.text,
        stderr: err.text,
        stdoutTruncated: out.truncated,
        stderrTruncated: err.truncated,
        timedOut,
        aborted,
        durationMs: Math.round(performance.now() - started),
      });
    });

    if (options.input !== undefined && child.stdin !== null) {
      // A child that exits without reading its input makes the write fail with EPIPE: not our error.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
    if (options.timeoutMs !== undefined) {
      timeoutTimer = setTimeout(() => {
        timedOut = true;
        terminate();
      }, options.timeoutMs);
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
