/**
 * Runs one workspace hook: `sh -c <command>` in the workspace with the given (already allowlisted)
 * environment, in its own process group so that a timeout kills everything the hook started, not
 * only the shell. Output is kept short (the tail) because it only serves to explain a failure.
 */
import { spawn } from 'node:child_process';

export type HookName = 'after_create' | 'before_run' | 'after_run' | 'before_remove';

export interface HookResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last lines of stdout and stderr together. */
  output: string;
  durationMs: number;
}

const outputTailBytes = 4_096;
/** Between SIGTERM and SIGKILL of a hook that overran its timeout. */
const killGraceMs = 2_000;

function signalGroup(groupId: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-groupId, signal);
  } catch {
    // The group is already gone.
  }
}

export function runHook(options: {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}): Promise<HookResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', options.command], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-outputTailBytes);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timeoutTimer = setTimeout(() => {
      timedOut = true;
      if (child.pid === undefined) return;
      const groupId = child.pid;
      signalGroup(groupId, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(groupId, 'SIGKILL'), killGraceMs);
    }, options.timeoutMs);
    let settled = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      if (killTimer !== undefined) clearTimeout(killTimer);
      // Whatever the hook left running in the background does not outlive it.
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
      resolve({ exitCode, signal, timedOut, output: output.trim(), durationMs: Date.now() - started });
    };
    child.once('error', (error) => {
      collect(Buffer.from(error.message));
      finish(null, null);
    });
    // A background process the hook left behind would hold the pipes open and stall `close`.
    child.once('exit', () => {
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    });
    child.once('close', finish);
  });
}

/** One line saying why a hook failed, or undefined when it succeeded. */
export function hookFailure(result: HookResult, timeoutMs: number): string | undefined {
  if (result.timedOut) return `timed out after ${Math.round(timeoutMs / 1000)} s and was killed`;
  if (result.exitCode === 0) return undefined;
  const how =
    result.exitCode === null ? `killed by ${result.signal ?? 'a signal'}` : `exit code ${result.exitCode}`;
  const tail = result.output.split('\n').slice(-3).join(' | ');
  return tail === '' ? how : `${how}: ${tail}`;
}
