import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStepContext, type TestStepContext } from '../../../test/support/step-context.js';
import { shellAdapter } from './shell.js';

const contexts: TestStepContext[] = [];
function context(overrides: Parameters<typeof createTestStepContext>[0] = {}): TestStepContext {
  const created = createTestStepContext({ stepId: 'build', ...overrides });
  contexts.push(created);
  return created;
}
afterEach(() => {
  for (const created of contexts.splice(0)) created.cleanup();
});

const parse = (value: unknown) => shellAdapter.params.parse(value);

describe('shell params', () => {
  it('requires shell: true for a string command, with a remedy', () => {
    const result = shellAdapter.params.safeParse({ command: 'echo hi | wc -c' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('shell: true');
    expect(shellAdapter.params.safeParse({ command: 'echo hi', shell: true }).success).toBe(true);
  });

  it('rejects unknown keys, empty argv, escaping paths', () => {
    expect(shellAdapter.params.safeParse({ command: ['ls'], extra: 1 }).success).toBe(false);
    expect(shellAdapter.params.safeParse({ command: [] }).success).toBe(false);
    expect(shellAdapter.params.safeParse({ command: ['ls'], cwd: '../elsewhere' }).success).toBe(false);
    expect(shellAdapter.params.safeParse({ command: ['ls'], cwd: '/etc' }).success).toBe(false);
    expect(shellAdapter.params.safeParse({ command: ['ls'], stdout_artifact: 'out.txt' }).success).toBe(
      false,
    );
    expect(shellAdapter.params.safeParse({ command: ['ls'], timeout_seconds: 0 }).success).toBe(false);
  });

  it('is cacheable only with inputs', () => {
    const availability = { projectDir: '/tmp', env: {} };
    expect(shellAdapter.cacheInputs?.(parse({ command: ['ls'] }), availability)).toBeUndefined();
    expect(shellAdapter.cacheInputs?.(parse({ command: ['ls'], inputs: ['src/**'] }), availability)).toEqual({
      files: ['src/**'],
      env: [],
    });
  });
});

describe('shell adapter', () => {
  it('runs argv without a shell and writes an artifact for each stream that has output', async () => {
    const step = context();
    const result = await shellAdapter.execute(parse({ command: ['echo', '$HOME', 'a b'] }), step);
    expect(result.status).toBe('succeeded');
    expect(result.outputs).toMatchObject({ exit_code: 0, stdout: '$HOME a b\n', stderr: '' });
    // stderr was empty and not asked for: no artifact.
    expect(result.artifacts?.map((artifact) => artifact.path)).toEqual(['artifacts/build.stdout.txt']);
    expect(readFileSync(path.join(step.runDir, 'artifacts/build.stdout.txt'), 'utf8')).toBe('$HOME a b\n');
    expect(result.artifacts?.[0]?.size).toBe(10);
    expect(result.artifacts?.[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes an empty stream when the workflow names its artifact', async () => {
    const step = context();
    const result = await shellAdapter.execute(
      parse({ command: ['true'], stderr_artifact: 'artifacts/errors.txt' }),
      step,
    );
    expect(result.artifacts?.map((artifact) => [artifact.path, artifact.size])).toEqual([
      ['artifacts/errors.txt', 0],
    ]);
  });

  it('passes only the step env plus with.env, in the given cwd', async () => {
    const step = context({ env: { PATH: process.env.PATH, VISIBLE: 'yes' } });
    mkdirSync(path.join(step.workDir, 'sub'));
    const result = await shellAdapter.execute(
      parse({ command: ['sh', '-c', 'env | sort; pwd'], env: { EXTRA: '1' }, cwd: 'sub' }),
      step,
    );
    const stdout = result.outputs.stdout;
    expect(stdout).toContain('VISIBLE=yes\n');
    expect(stdout).toContain('EXTRA=1\n');
    expect(stdout).not.toContain('HOME=');
    expect(stdout.trim().endsWith(path.join(step.workDir, 'sub'))).toBe(true);
  });

  it('runs a shell line with shell: true and quotes a list for the shell', async () => {
    const step = context();
    const line = await shellAdapter.execute(
      parse({ command: 'printf "%s" one two | wc -c', shell: true }),
      step,
    );
    expect(line.outputs.stdout.trim()).toBe('6');
    const list = await shellAdapter.execute(
      parse({ command: ['printf', '%s|', "it's", 'a b'], shell: true }),
      step,
    );
    expect(list.outputs.stdout).toBe("it's|a b|");
  });

  it('fails with OURO_SHELL_EXIT_NONZERO, unless allow_failure', async () => {
    const step = context();
    const failed = await shellAdapter.execute(
      parse({ command: ['sh', '-c', 'echo broken >&2; exit 4'] }),
      step,
    );
    expect(failed.status).toBe('failed');
    expect(failed.outputs).toMatchObject({ exit_code: 4, stderr: 'broken\n' });
    expect(failed.error).toMatchObject({ code: 'OURO_SHELL_EXIT_NONZERO', retryable: false });
    expect(failed.error?.remedy).toContain('artifacts/build.stderr.txt');
    const allowed = await shellAdapter.execute(
      parse({
        command: ['sh', '-c', 'exit 4'],
        allow_failure: true,
        stdout_artifact: 'artifacts/custom/out.log',
      }),
      step,
    );
    expect(allowed.status).toBe('succeeded');
    expect(allowed.outputs.exit_code).toBe(4);
    expect(allowed.artifacts?.[0]?.path).toBe('artifacts/custom/out.log');
  });

  it('times out with a retryable OURO_SHELL_TIMEOUT', async () => {
    const result = await shellAdapter.execute(
      parse({ command: ['sleep', '30'], timeout_seconds: 0.1 }),
      context(),
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'OURO_SHELL_TIMEOUT', retryable: true });
  });

  it('fails with OURO_CANCELLED when the step is aborted', async () => {
    const step = context();
    const running = shellAdapter.execute(parse({ command: ['sleep', '30'] }), step);
    setTimeout(() => step.controller.abort(), 50);
    const result = await running;
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_CANCELLED');
  });

  it('reports a program that does not exist as OURO_PROCESS_SPAWN_FAILED', async () => {
    const result = await shellAdapter.execute(parse({ command: ['ouro-no-such-program'] }), context());
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_PROCESS_SPAWN_FAILED');
  });

  it('keeps only the first 64 KiB of stdout in the outputs, all of it in the artifact', async () => {
    const step = context();
    const script = "process.stdout.write('y'.repeat(200000))";
    const result = await shellAdapter.execute(parse({ command: [process.execPath, '-e', script] }), step);
    expect(result.outputs.stdout.length).toBe(64 * 1024);
    expect(result.artifacts?.[0]?.size).toBe(200000);
  });
});
