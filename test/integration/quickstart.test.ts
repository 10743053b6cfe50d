/**
 * The README quickstart, as written: `ouro run .ai/workflows/quality.yaml -C examples/demo-ts` finds the
 * demo's planted problems, exits 1, and leaves the committed example untouched.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseEvents, repositoryRoot, runCli } from '../support/run-cli.js';

function exampleChanges(): string {
  return execFileSync('git', ['status', '--porcelain', '--', 'examples/demo-ts'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
  });
}

describe('README quickstart', () => {
  it('runs the quality workflow on the demo, reports its problems and exits 1 without changing it', async () => {
    const before = exampleChanges();
    const result = await runCli([
      'run',
      '.ai/workflows/quality.yaml',
      '-C',
      'examples/demo-ts',
      '--no-cache',
      '--json',
    ]);
    expect(result.exitCode).toBe(1);
    const ended = Object.fromEntries(
      parseEvents(result.stdout)
        .filter((event) => event.type === 'step-ended')
        .map((event) => [event.stepId, event]),
    );
    expect(ended['1.001']).toMatchObject({
      status: 'succeeded',
      summary: expect.stringContaining('2 errors'),
    });
    expect(ended['1.002']).toMatchObject({
      status: 'succeeded',
      summary: expect.stringContaining('1 error'),
    });
    expect(ended['2.001']).toMatchObject({ status: 'succeeded' });
    expect(ended['3.001']).toMatchObject({ status: 'failed', error: { code: 'OURO_TESTS_FAILED' } });
    expect(ended['4.001']).toMatchObject({ status: 'failed', error: { code: 'OURO_GATE_FAILED' } });
    expect(exampleChanges()).toBe(before);
  });
});
