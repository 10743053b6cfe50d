/**
 * The run commands end to end through the real binary, on SQLite and (when OURO_TEST_DATABASE_URL is
 * set) on PostgreSQL: run, --json events, --dry-run, exit codes, pause and resume, cancel (from another
 * process and with SIGINT), runs list/show, cache list/clear, and the error format.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { cliDialects } from '../support/cli-dialects.js';
import { parseEvents, runCli, startCli } from '../support/run-cli.js';

const workflows: Record<string, string> = {
  'ok.yaml': `name: ok
inputs: { greeting: hello }
policy: { enable_caching: true }
steps:
  - id: "1.001"
    actor: shell
    with: { command: ["sh", "-c", "echo \${{ inputs.greeting }} > greeting.txt; echo done"], inputs: ["seed.txt"] }
  - id: "1.002"
    actor: noop
    when: "inputs.greeting == 'skip me'"
`,
  'fail.yaml': `name: fail
steps:
  - id: "1.001"
    actor: shell
    with: { command: ["sh", "-c", "exit 3"] }
`,
  'pause.yaml': `name: pause
steps:
  - id: "1.001"
    actor: shell
    with: { command: ["sh", "-c", "test -f approved"] }
    on_fail: pause_for_review
  - id: "1.002"
    actor: noop
`,
  'long.yaml': `name: long
steps:
  - id: "1.001"
    actor: shell
    with: { command: ["sh", "-c", "touch started; sleep 30"] }
  - id: "1.002"
    actor: noop
`,
};

describe.each(cliDialects())('ouro run and runs commands on $name', (dialect) => {
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = await dialect.env();
  });
  afterAll(async () => {
    await dialect.cleanup();
  });
  beforeEach(() => {
    project = mkdtempSync(path.join(tmpdir(), 'ouro-cli-'));
    for (const [name, text] of Object.entries(workflows)) writeFileSync(path.join(project, name), text);
    writeFileSync(path.join(project, 'seed.txt'), 'one');
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  const ouro = (...args: string[]) => runCli([...args, '-C', project], { env });

  it('runs a workflow, streams NDJSON events, and serves the second run from the cache', async () => {
    const first = await ouro('run', 'ok.yaml', '--json');
    expect(first.exitCode).toBe(0);
    const events = parseEvents(first.stdout);
    expect(events.map((event) => event.type)).toEqual([
      'run-started',
      'step-started',
      'step-ended',
      'step-ended',
      'run-ended',
    ]);
    expect(events[3]).toMatchObject({ stepId: '1.002', status: 'skipped' });
    expect(readFileSync(path.join(project, 'greeting.txt'), 'utf8')).toBe('hello\n');

    const second = await ouro('run', 'ok.yaml', '--json', '--input', 'greeting=hello');
    expect(parseEvents(second.stdout).at(-1)).toMatchObject({
      type: 'run-ended',
      status: 'succeeded',
      summary: { cached: 1 },
    });
    const bypass = await ouro('run', 'ok.yaml', '--json', '--no-cache');
    expect(parseEvents(bypass.stdout).at(-1)).toMatchObject({ summary: { cached: 0, succeeded: 1 } });
    writeFileSync(path.join(project, 'seed.txt'), 'two');
    const changed = await ouro('run', 'ok.yaml', '--json');
    expect(parseEvents(changed.stdout).at(-1)).toMatchObject({ summary: { cached: 0, succeeded: 1 } });

    const cache = JSON.parse((await ouro('cache', 'list', '--json')).stdout) as { entries: unknown[] };
    expect(cache.entries).toHaveLength(2);
    expect(JSON.parse((await ouro('cache', 'clear', '--json')).stdout)).toEqual({ removed: 2 });

    const list = JSON.parse((await ouro('runs', 'list', '--json')).stdout) as {
      runs: Array<{ id: string; status: string }>;
    };
    expect(list.runs).toHaveLength(4);
    const shown = JSON.parse((await ouro('runs', 'show', list.runs[0]!.id, '--json', '--events')).stdout) as {
      run: { id: string };
      steps: unknown[];
      events: unknown[];
    };
    expect(shown.run.id).toBe(list.runs[0]!.id);
    expect(shown.events.length).toBeGreaterThan(3);
  });

  it('prints the plan with --dry-run and runs nothing', async () => {
    const result = await ouro('run', 'ok.yaml', '--dry-run', '--json', '--input', 'greeting=skip me');
    expect(result.exitCode).toBe(0);
    const { plan } = JSON.parse(result.stdout) as {
      plan: { steps: Array<{ id: string; condition: unknown; cache: string }> };
    };
    expect(plan.steps[0]).toMatchObject({ id: '1.001', cache: 'miss' });
    expect(plan.steps[1]).toMatchObject({ id: '1.002', condition: { kind: 'known', value: true } });
    expect(existsSync(path.join(project, 'greeting.txt'))).toBe(false);
  });

  it('exits 1 when a step fails, and shows why', async () => {
    const result = await ouro('run', 'fail.yaml');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('✗ 1.001');
    expect(result.stdout).toMatch(/Run run_\w+ failed: 0 succeeded, 1 failed/);
  });

  it('pauses for review with exit 3 and finishes on resume', async () => {
    const paused = await ouro('run', 'pause.yaml', '--json');
    expect(paused.exitCode).toBe(3);
    const runId = parseEvents(paused.stdout)[0]!.runId as string;
    expect(parseEvents(paused.stdout).at(-1)).toMatchObject({ type: 'run-paused', stepId: '1.001' });
    writeFileSync(path.join(project, 'approved'), '');
    const resumed = await ouro('runs', 'resume', runId);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toContain(`Run ${runId} succeeded`);
    const again = await ouro('runs', 'resume', runId, '--json');
    expect(again.exitCode).toBe(2);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { code: 'OURO_RUN_NOT_RESUMABLE' } });
  });

  it('cancels a paused run directly', async () => {
    const paused = await ouro('run', 'pause.yaml', '--json');
    const runId = parseEvents(paused.stdout)[0]!.runId as string;
    expect(JSON.parse((await ouro('runs', 'cancel', runId, '--json')).stdout)).toEqual({
      runId,
      result: 'cancelled',
    });
    const list = JSON.parse((await ouro('runs', 'list', '--json', '--status', 'cancelled')).stdout) as {
      runs: Array<{ id: string }>;
    };
    expect(list.runs.map((run) => run.id)).toEqual([runId]);
  });

  it('cancels a running run from another process: its steps are killed and it exits 130', async () => {
    const child = startCli(['run', 'long.yaml', '--json', '-C', project], { env });
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    while (!existsSync(path.join(project, 'started'))) await delay(20);
    const runId = parseEvents(stdout)[0]!.runId as string;
    const cancel = await ouro('runs', 'cancel', runId, '--json');
    expect(JSON.parse(cancel.stdout)).toEqual({ runId, result: 'requested' });
    expect(await exited).toBe(130);
    expect(parseEvents(stdout).at(-1)).toMatchObject({ type: 'run-ended', status: 'cancelled' });
  });

  it('cancels on SIGINT (Ctrl+C) with exit 130', async () => {
    const child = startCli(['run', 'long.yaml', '-C', project], { env });
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    while (!existsSync(path.join(project, 'started'))) await delay(20);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toMatch(/Run run_\w+ cancelled/);
  });

  it('reports errors with a code and a remedy, or as JSON with --json', async () => {
    const human = await ouro('run', 'missing.yaml');
    expect(human.exitCode).toBe(2);
    expect(human.stderr).toContain('error OURO_WORKFLOW_NOT_FOUND: Workflow missing.yaml not found');
    expect(human.stderr).toMatch(/\n→ /);
    const json = await ouro('run', 'ok.yaml', '--input', 'nope=1', '--json');
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: 'OURO_INPUT_UNKNOWN', remedy: expect.any(String) },
    });
    const usage = await ouro('run', '--json');
    expect(usage.exitCode).toBe(2);
    expect(JSON.parse(usage.stdout)).toMatchObject({ error: { code: 'OURO_CLI_USAGE' } });
  });
});
