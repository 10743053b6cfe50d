import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStepContext, type TestStepContext } from '../../../../test/support/step-context.js';
import type { AnyAdapter } from '../../types.js';
import { codeFixersAdapter } from './code-fixers.js';
import { copyDemoProject, toolTestEnvironment, type DemoProject } from './demo-project.js';
import { diagnosticsReportSchema, type DiagnosticsReport } from './diagnostics.js';
import { eslintAdapter } from './eslint.js';
import { toolAdapters } from './index.js';
import { prettierAdapter } from './prettier.js';
import { testReportSchema } from './test-report.js';
import { testAdapter } from './test.js';
import { tscAdapter } from './tsc.js';
import { vscodeDiagnosticsAdapter } from './vscode-diagnostics.js';

let demo: DemoProject;
const contexts: TestStepContext[] = [];

beforeAll(() => {
  demo = copyDemoProject();
});

afterAll(() => {
  for (const context of contexts) context.cleanup();
  demo.remove();
});

function stepContext(emits: string[] = [], workDir = demo.dir): TestStepContext {
  const context = createTestStepContext({ workDir, emits, env: toolTestEnvironment() });
  contexts.push(context);
  return context;
}

async function run(adapter: AnyAdapter, withBlock: unknown, context: TestStepContext) {
  return adapter.execute(adapter.params.parse(withBlock), context);
}

async function readDiagnostics(context: TestStepContext, workflowPath: string): Promise<DiagnosticsReport> {
  return diagnosticsReportSchema.parse(
    JSON.parse(await readFile(context.artifacts.resolve(workflowPath), 'utf8')),
  );
}

describe('tool adapters on a copy of examples/demo-ts', () => {
  it('eslint finds the unused variable (lint) and the loose equality (logic) without failing the step', async () => {
    const context = stepContext(['artifacts/lint.json']);
    const result = await run(eslintAdapter, { files: 'src' }, context);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');
    expect(result.outputs).toMatchObject({
      errors: 2,
      warnings: 0,
      files: 1,
      by_kind: { lint: 1, logic: 1 },
    });
    expect(result.artifacts?.[0]?.path).toBe('artifacts/lint.json');
    const report = await readDiagnostics(context, 'artifacts/lint.json');
    expect(
      report.diagnostics.map((diagnostic) => [
        diagnostic.file,
        diagnostic.line,
        diagnostic.code,
        diagnostic.kind,
      ]),
    ).toEqual([
      ['src/math.ts', 9, '@typescript-eslint/no-unused-vars', 'lint'],
      ['src/math.ts', 10, 'eqeqeq', 'logic'],
    ]);
  });

  it('eslint with a broken config fails the step with OURO_TOOL_FAILED and the tool stderr', async () => {
    const context = stepContext();
    const result = await run(eslintAdapter, { files: 'src', config: 'missing.config.js' }, context);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_TOOL_FAILED');
    expect(JSON.stringify(result.error?.details)).toContain('missing.config.js');
  });

  it('tsc reports the type error in src/config.ts', async () => {
    const context = stepContext(['artifacts/types.json']);
    const result = await run(tscAdapter, {}, context);
    expect(result.status).toBe('succeeded');
    expect(result.outputs).toMatchObject({ errors: 1, by_kind: { type: 1 } });
    const report = await readDiagnostics(context, 'artifacts/types.json');
    expect(report.diagnostics).toMatchObject([
      { file: 'src/config.ts', line: 8, column: 3, code: 'TS2322', kind: 'type' },
    ]);
  });

  it('tsc with a missing tsconfig fails the step instead of reporting no errors', async () => {
    const result = await run(tscAdapter, { project: 'tsconfig.missing.json' }, stepContext());
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_TOOL_FAILED');
    expect(result.error?.message).toContain('TS5058');
  });

  it('prettier check lists the unformatted file as a format error', async () => {
    const context = stepContext();
    const result = await run(prettierAdapter, { mode: 'check' }, context);
    expect(result.status).toBe('succeeded');
    const report = await readDiagnostics(context, 'artifacts/prettier.json');
    expect(report.diagnostics).toMatchObject([
      { file: 'src/greeting.ts', severity: 'error', kind: 'format', tool: 'prettier' },
    ]);
  });

  it('test (vitest) writes test_report.json with the failing test and fails the step', async () => {
    const context = stepContext();
    const result = await run(testAdapter, { runner: 'vitest' }, context);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_TESTS_FAILED');
    expect(result.outputs).toEqual({ total: 2, passed: 1, failed: 1, skipped: 0 });
    const report = testReportSchema.parse(
      JSON.parse(await readFile(context.artifacts.resolve('artifacts/test_report.json'), 'utf8')),
    );
    expect(report.failures).toEqual([
      {
        name: 'math averages numbers',
        file: 'src/math.test.ts',
        line: 11,
        message: expect.stringContaining('expected 3 to be 4') as string,
      },
    ]);
  });

  it('test with allow_failures reports the failing test without failing the step', async () => {
    const context = stepContext();
    const result = await run(testAdapter, { runner: 'vitest', allow_failures: true }, context);
    expect(result.status).toBe('succeeded');
    expect(result.error).toBeUndefined();
    expect(result.outputs).toEqual({ total: 2, passed: 1, failed: 1, skipped: 0 });
    const report = testReportSchema.parse(
      JSON.parse(await readFile(context.artifacts.resolve('artifacts/test_report.json'), 'utf8')),
    );
    expect(report.failed).toBe(1);
  });

  it('test with an argv command and the {report} placeholder (JUnit) gives the same result', async () => {
    const context = stepContext(['artifacts/tests.json']);
    const result = await run(
      testAdapter,
      { command: ['vitest', 'run', '--reporter=junit', '--outputFile={report}'], format: 'junit' },
      context,
    );
    expect(result.outputs).toEqual({ total: 2, passed: 1, failed: 1, skipped: 0 });
    expect(result.artifacts?.[0]?.path).toBe('artifacts/tests.json');
  });

  it('vscode_diagnostics runs eslint and tsc (the demo has both configs) into one artifact', async () => {
    const context = stepContext();
    const result = await run(vscodeDiagnosticsAdapter, {}, context);
    expect(result.status).toBe('succeeded');
    expect(result.outputs).toMatchObject({
      analyzers: ['eslint', 'tsc'],
      errors: 3,
      by_kind: { lint: 1, logic: 1, type: 1 },
    });
    const report = await readDiagnostics(context, 'artifacts/diagnostics.json');
    expect(report.tool).toBe('eslint+tsc');
  });

  it('code_fixers with apply: false leaves the project untouched and emits a non-empty patch', async () => {
    const before = ['src/math.ts', 'src/greeting.ts'].map((file) =>
      readFileSync(path.join(demo.dir, file), 'utf8'),
    );
    const context = stepContext(['artifacts/fixes.patch']);
    const result = await run(codeFixersAdapter, { apply: false }, context);
    expect(result.error).toBeUndefined();
    expect(result.outputs).toEqual({ files_changed: 1, tools: ['eslint', 'prettier'], applied: false });
    const after = ['src/math.ts', 'src/greeting.ts'].map((file) =>
      readFileSync(path.join(demo.dir, file), 'utf8'),
    );
    expect(after).toEqual(before);
    const patch = await readFile(context.artifacts.resolve('artifacts/fixes.patch'), 'utf8');
    expect(patch).toContain('diff --git a/src/greeting.ts b/src/greeting.ts');
    expect(patch).toContain("+  const punctuation = excited ? '!' : '.';");
  });

  it('code_fixers with apply: true changes the project and the patch describes the change', async () => {
    const project = copyDemoProject();
    try {
      const context = stepContext([], project.dir);
      const result = await run(codeFixersAdapter, { fixers: ['prettier'] }, context);
      expect(result.outputs).toEqual({ files_changed: 1, tools: ['prettier'], applied: true });
      expect(readFileSync(path.join(project.dir, 'src/greeting.ts'), 'utf8')).toContain(
        "const punctuation = excited ? '!' : '.';",
      );
      const patch = await readFile(context.artifacts.resolve('artifacts/fixes.patch'), 'utf8');
      expect(patch).toContain('-    const punctuation = excited ? "!" : ".";');
    } finally {
      project.remove();
    }
  });

  it('a missing tool fails the step with OURO_ADAPTER_UNAVAILABLE and an install remedy', async () => {
    const context = createTestStepContext({ env: { PATH: '/nonexistent' } });
    contexts.push(context);
    const result = await run(eslintAdapter, {}, context);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'OURO_ADAPTER_UNAVAILABLE', remedy: 'npm i -D eslint' });
    const availability = await eslintAdapter.available?.({
      projectDir: context.workDir,
      env: { PATH: '/nonexistent' },
    });
    expect(availability).toMatchObject({ available: false, remedy: 'npm i -D eslint' });
  });

  it('reports versions of installed tools and exports every adapter once', async () => {
    const availability = await tscAdapter.available?.({ projectDir: demo.dir, env: toolTestEnvironment() });
    expect(availability?.available).toBe(true);
    expect(availability?.version).toMatch(/^\d+\.\d+/);
    const ids = toolAdapters.map((adapter) => adapter.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'eslint',
        'tsc',
        'prettier',
        'ruff',
        'mypy',
        'test',
        'pytest',
        'vscode_diagnostics',
        'code_fixers',
        'pytest_runner',
      ]),
    );
  });
});
