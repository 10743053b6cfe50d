import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestStepContext } from '../../../../test/support/step-context.js';
import { resolveExecutable } from '../../process/resolve-executable.js';
import { pytestAdapter, pytestRunnerAdapter } from './pytest.js';
import { testReportSchema } from './test-report.js';

const environment = { PATH: process.env.PATH, HOME: process.env.HOME };
const project = mkdtempSync(path.join(os.tmpdir(), 'ouro-pytest-'));
mkdirSync(path.join(project, 'tests'));
writeFileSync(
  path.join(project, 'tests', 'test_calc.py'),
  [
    'def test_adds():',
    '    assert 1 + 1 == 2',
    '',
    '',
    'def test_wrong():',
    '    assert 2 + 2 == 5',
    '',
  ].join('\n'),
);

afterAll(() => rmSync(project, { recursive: true, force: true }));

// pytest is a Python tool the machine may not have; the adapter's unavailable path is covered in
// tools.integration.test.ts, so without pytest there is nothing real to run here.
const pytestMissing = resolveExecutable('pytest', project, environment) === undefined;
// CI installs pytest (.ci/run), so there a missing pytest fails instead of skipping these tests.
if (process.env.CI && pytestMissing)
  throw new Error('CI must provide pytest (apt-get install python3-pytest)');

describe.skipIf(pytestMissing)('pytest adapter (real pytest)', () => {
  it('runs pytest, writes test_report.json with the failure and fails the step', async () => {
    const context = createTestStepContext({ workDir: project, env: environment });
    try {
      const result = await pytestAdapter.execute(pytestAdapter.params.parse({}), context);
      expect(result.status).toBe('failed');
      expect(result.error?.code).toBe('OURO_TESTS_FAILED');
      expect(result.outputs).toEqual({ total: 2, passed: 1, failed: 1, skipped: 0 });
      const report = testReportSchema.parse(
        JSON.parse(await readFile(context.artifacts.resolve('artifacts/test_report.json'), 'utf8')),
      );
      expect(report.failures).toMatchObject([{ file: 'tests/test_calc.py', line: 6 }]);
    } finally {
      context.cleanup();
    }
  });

  it('pytest_runner is an alias that selects only the passing test', async () => {
    expect(pytestRunnerAdapter.aliasOf).toBe('pytest');
    const context = createTestStepContext({ workDir: project, env: environment });
    try {
      const result = await pytestRunnerAdapter.execute(
        pytestRunnerAdapter.params.parse({ args: ['-k', 'adds'] }),
        context,
      );
      expect(result.status).toBe('succeeded');
      expect(result.outputs).toMatchObject({ passed: 1, failed: 0 });
    } finally {
      context.cleanup();
    }
  });
});
