import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OuroError } from '../../errors/index.js';
import { runProcess } from './run-process.js';
import { trackedGroups } from './process-groups.js';

const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const directories: string[] = [];

function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ouro-process-'));
  directories.push(directory);
  return directory;
}

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Alive means: signalable and not a zombie waiting for a parent that does not reap. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * A killed process closes its pipes a moment before the kernel marks it dead, so "gone" is polled
 * (bounded generously: a process that survives 10 s after SIGKILL is a real failure).
 */
async function isGoneSoon(pid: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

async function waitForLines(file: string, count: number): Promise<number[]> {
  for (;;) {
    try {
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      if (lines.length >= count) return lines.map(Number);
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('runProcess', () => {
  it('reports exit code, stdout and stderr', async () => {
    const result = await runProcess({
      command: 'sh',
      args: ['-c', 'echo out; echo err >&2; exit 3'],
      cwd: temporaryDirectory(),
      env: baseEnv,
    });
    expect(result).toMatchObject({
      exitCode: 3,
      signal: null,
      stdout: 'out\n',
      stderr: 'err\n',
      stdoutTruncated: false,
      stderrTruncated: false,
      timedOut: false,
      aborted: false,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('delivers stdout lines while the child runs, the last one without a newline too', async () => {
    const directory = temporaryDirectory();
    const marker = path.join(directory, 'continue');
    const seen: string[] = [];
    let sawFirstBeforeExit = false;
    const result = await runProcess({
      command: 'sh',
      // The child waits for a file that only the line listener creates: it can only finish if the
      // first line was delivered while it was still running.
      args: ['-c', `echo first; while [ ! -f "${marker}" ]; do sleep 0.05; done; printf 'second\\r\\nlast'`],
      cwd: directory,
      env: baseEnv,
      timeoutMs: 20_000,
      onStdoutLine(line) {
        seen.push(line);
        if (line === 'first') {
          sawFirstBeforeExit = true;
          writeFileSync(marker, '');
        }
      },
    });
    expect(result.timedOut).toBe(false);
    expect(sawFirstBeforeExit).toBe(true);
    expect(seen).toEqual(['first', 'second', 'last']);
    expect(result.stdout).toBe('first\nsecond\r\nlast');
  });

  it('keeps running when the line listener throws', async () => {
    const result = await runProcess({
      command: 'sh',
      args: ['-c', 'echo one; echo two'],
      cwd: temporaryDirectory(),
      env: baseEnv,
      onStdoutLine() {
        throw new Error('listener bug');
      },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('one\ntwo\n');
  });

  it('passes the environment exactly', async () => {
    const result = await runProcess({
      command: '/usr/bin/env',
      args: [],
      cwd: temporaryDirectory(),
      env: { ONLY_THIS: 'value with spaces', ALSO: '2' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'ALSO=2',
      'ONLY_THIS=value with spaces',
    ]);
  });

  it('runs in the given working directory and feeds stdin', async () => {
    const directory = temporaryDirectory();
    const cwd = await runProcess({ command: 'pwd', args: [], cwd: directory, env: baseEnv });
    expect(cwd.stdout.trim()).toBe(directory);
    const echoed = await runProcess({
      command: 'cat',
      args: [],
      cwd: directory,
      env: baseEnv,
      input: 'hello\nworld',
    });
    expect(echoed.stdout).toBe('hello\nworld');
  });

  it('keeps the head and the tail of output beyond the cap', async () => {
    const script =
      "process.stdout.write('START' + 'x'.repeat(100000) + 'END'); process.stderr.write('small')";
    const result = await runProcess({
      command: process.execPath,
      args: ['-e', script],
      cwd: temporaryDirectory(),
      env: baseEnv,
      maxOutputBytes: 1000,
    });
    expect(result.stdoutTruncated).toBe(true);
    expect(result.stdout.startsWith('START')).toBe(true);
    expect(result.stdout.endsWith('END')).toBe(true);
    expect(result.stdout).toContain('bytes truncated');
    expect(result.stdout.length).toBeLessThan(1100);
    expect(result.stderrTruncated).toBe(false);
    expect(result.stderr).toBe('small');
  });

  it('kills the process on timeout', async () => {
    const result = await runProcess({
      command: 'sleep',
      args: ['30'],
      cwd: temporaryDirectory(),
      env: baseEnv,
      timeoutMs: 100,
    });
    expect(result.timedOut).toBe(true);
    expect(result.aborted).toBe(false);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGTERM');
  });

  it('abort kills the whole tree, grandchildren included', async () => {
    const directory = temporaryDirectory();
    const pidFile = path.join(directory, 'pids');
    const controller = new AbortController();
    const running = runProcess({
      command: 'sh',
      args: ['-c', `sleep 30 & echo $! > ${pidFile}; echo $$ >> ${pidFile}; sleep 30`],
      cwd: directory,
      env: baseEnv,
      signal: controller.signal,
    });
    const pids = await waitForLines(pidFile, 2);
    expect(pids.every(isAlive)).toBe(true);
    controller.abort();
    const result = await running;
    expect(result.aborted).toBe(true);
    for (const pid of pids) expect(await isGoneSoon(pid)).toBe(true);
    expect(trackedGroups()).not.toContain(pids[1]);
  });

  it('escalates to SIGKILL when the tree ignores SIGTERM', async () => {
    const directory = temporaryDirectory();
    const pidFile = path.join(directory, 'pids');
    const controller = new AbortController();
    const running = runProcess({
      command: 'sh',
      args: ['-c', `trap '' TERM; sleep 30 & echo $! > ${pidFile}; echo $$ >> ${pidFile}; wait`],
      cwd: directory,
      env: baseEnv,
      signal: controller.signal,
    });
    const pids = await waitForLines(pidFile, 2);
    controller.abort();
    const result = await running;
    expect(result.aborted).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    for (const pid of pids) expect(await isGoneSoon(pid)).toBe(true);
  });

  it('does not leave the tree running when the parent exits right after an abort', async () => {
    const directory = temporaryDirectory();
    const pidFile = path.join(directory, 'pids');
    const runner = path.resolve(import.meta.dirname, 'run-process.ts');
    const script = path.join(directory, 'parent.ts');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
import { runProcess } from ${JSON.stringify(runner)};
const controller = new AbortController();
void runProcess({ command: 'sh', args: ['-c', ${JSON.stringify(
        `trap '' TERM; sleep 30 & echo $! > ${pidFile}; echo $$ >> ${pidFile}; wait`,
      )}], cwd: ${JSON.stringify(directory)}, env: { PATH: process.env.PATH }, signal: controller.signal });
const started = () => { try { return readFileSync(${JSON.stringify(pidFile)}, 'utf8').split('\\n').filter(Boolean).length >= 2; } catch { return false; } };
const timer = setInterval(() => { if (started()) { clearInterval(timer); controller.abort(); process.exit(0); } }, 20);
`,
    );
    const tsx = path.resolve(import.meta.dirname, '../../../node_modules/.bin/tsx');
    const parent = await runProcess({ command: tsx, args: [script], cwd: directory, env: process.env });
    expect(parent.stderr).toBe('');
    expect(parent.exitCode).toBe(0);
    const pids = await waitForLines(pidFile, 2);
    for (const pid of pids) expect(await isGoneSoon(pid)).toBe(true);
  });

  it('does not start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const directory = temporaryDirectory();
    const result = await runProcess({
      command: 'touch',
      args: ['marker'],
      cwd: directory,
      env: baseEnv,
      signal: controller.signal,
    });
    expect(result.aborted).toBe(true);
    expect(() => readFileSync(path.join(directory, 'marker'))).toThrow();
  });

  it('runs a shell command line only when asked', async () => {
    const result = await runProcess({
      command: 'echo "$GREETING" | tr a-z A-Z',
      args: [],
      cwd: temporaryDirectory(),
      env: { ...baseEnv, GREETING: 'hi there' },
      shell: true,
    });
    expect(result.stdout).toBe('HI THERE\n');
  });

  it('raises OURO_PROCESS_SPAWN_FAILED for a program that does not exist', async () => {
    const attempt = runProcess({
      command: 'ouro-no-such-program',
      args: [],
      cwd: temporaryDirectory(),
      env: baseEnv,
    });
    await expect(attempt).rejects.toBeInstanceOf(OuroError);
    await expect(attempt).rejects.toMatchObject({
      code: 'OURO_PROCESS_SPAWN_FAILED',
      details: { command: 'ouro-no-such-program', errno: 'ENOENT' },
    });
  });

  it('raises OURO_PROCESS_SPAWN_FAILED when the working directory is missing', async () => {
    const missing = path.join(temporaryDirectory(), 'missing');
    const attempt = runProcess({ command: '/bin/sh', args: ['-c', 'true'], cwd: missing, env: baseEnv });
    await expect(attempt).rejects.toMatchObject({
      code: 'OURO_PROCESS_SPAWN_FAILED',
      details: { errno: 'ENOENT', cwd: missing },
    });
  });
});
