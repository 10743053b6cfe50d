/**
 * The durability promise of the journal (issue 2 §7): a run killed with SIGKILL in the middle of a
 * step resumes with `ouro runs resume`, runs no ended step again, re-runs the interrupted step, and
 * completes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEvents, runCli, startCli } from '../support/run-cli.js';

const workflow = `name: durable
steps:
  - id: "1.001"
    actor: shell
    with: { command: "echo 1.001 >> log.txt", shell: true }
  - id: "1.002"
    actor: shell
    # Holds while the block file exists, so the test can kill the run inside this step.
    with: { command: "echo 1.002 >> log.txt; while [ -f block ]; do sleep 0.05; done", shell: true }
  - id: "1.003"
    actor: shell
    with: { command: "echo 1.003 >> log.txt", shell: true }
`;

describe('kill -9 in the middle of a step, then ouro runs resume', () => {
  let project: string;

  beforeEach(() => {
    project = mkdtempSync(path.join(tmpdir(), 'ouro-kill-'));
    writeFileSync(path.join(project, 'durable.yaml'), workflow);
    writeFileSync(path.join(project, 'block'), '');
  });
  afterEach(() => {
    if (existsSync(path.join(project, 'block'))) unlinkSync(path.join(project, 'block'));
    rmSync(project, { recursive: true, force: true });
  });

  it('does not repeat ended steps and completes the run', async () => {
    const child = startCli(['run', 'durable.yaml', '-C', project, '--json']);
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const logFile = path.join(project, 'log.txt');
    const deadline = Date.now() + 30_000;
    while (!(existsSync(logFile) && readFileSync(logFile, 'utf8').includes('1.002'))) {
      if (Date.now() > deadline) throw new Error(`step 1.002 never started; output so far:\n${stdout}`);
      await delay(20);
    }
    const exited = new Promise((resolve) => child.on('close', resolve));
    child.kill('SIGKILL');
    await exited;
    const runId = parseEvents(stdout).find((event) => event.type === 'run-started')?.runId as string;
    expect(runId).toMatch(/^run_/);

    unlinkSync(path.join(project, 'block'));
    const resumed = await runCli(['runs', 'resume', runId, '-C', project, '--json']);
    expect(resumed.stderr).toBe('');
    expect(resumed.exitCode).toBe(0);
    const events = parseEvents(resumed.stdout);
    expect(events[0]).toMatchObject({ type: 'run-started', resumed: true });
    expect(
      events.filter((event) => event.type === 'step-started').map((event) => [event.stepId, event.attempt]),
    ).toEqual([
      ['1.002', 2],
      ['1.003', 1],
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'run-ended', status: 'succeeded' });
    expect(readFileSync(logFile, 'utf8').trim().split('\n')).toEqual(['1.001', '1.002', '1.002', '1.003']);

    const shown = await runCli(['runs', 'show', runId, '-C', project, '--json']);
    const details = JSON.parse(shown.stdout) as {
      run: { status: string };
      steps: Array<{ stepId: string; attempt: number; status: string }>;
    };
    expect(details.run.status).toBe('succeeded');
    expect(details.steps.map((step) => [step.stepId, step.attempt, step.status])).toEqual([
      ['1.001', 1, 'succeeded'],
      ['1.002', 1, 'running'],
      ['1.002', 2, 'succeeded'],
      ['1.003', 1, 'succeeded'],
    ]);
  });
});
