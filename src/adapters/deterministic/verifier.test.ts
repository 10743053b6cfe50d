import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStepContext, type TestStepContext } from '../../../test/support/step-context.js';
import { verifierAdapter } from './verifier.js';

const contexts: TestStepContext[] = [];
function context(overrides: Parameters<typeof createTestStepContext>[0] = {}): TestStepContext {
  const created = createTestStepContext({ stepId: 'gates', ...overrides });
  contexts.push(created);
  return created;
}
afterEach(() => {
  for (const created of contexts.splice(0)) created.cleanup();
});

const run = (gates: unknown[], step: TestStepContext) =>
  verifierAdapter.execute(verifierAdapter.params.parse({ gates }), step);

function writeArtifact(step: TestStepContext, name: string, value: unknown): void {
  mkdirSync(path.join(step.runDir, 'artifacts'), { recursive: true });
  writeFileSync(
    path.join(step.runDir, 'artifacts', name),
    typeof value === 'string' ? value : JSON.stringify(value),
  );
}

const diagnostic = (severity: string, kind: string, message: string) => ({
  file: 'src/a.ts',
  line: 3,
  column: 7,
  severity,
  code: 'X1',
  message,
  tool: 'eslint',
  kind,
});

describe('verifier params', () => {
  it('accepts each gate shape and rejects unknown gates and keys', () => {
    const parsed = verifierAdapter.params.parse({
      gates: [{ tests_pass: {} }, { token_budget: { max_tokens: 10 } }],
    });
    expect(parsed.gates[0]).toEqual({
      tests_pass: { report: 'artifacts/test_report.json', allow_empty: false },
    });
    expect(verifierAdapter.params.safeParse({ gates: [] }).success).toBe(false);
    expect(verifierAdapter.params.safeParse({ gates: [{ vibes: {} }] }).success).toBe(false);
    expect(
      verifierAdapter.params.safeParse({
        gates: [{ no_errors: { artifact: 'artifacts/d.json', kinds: ['bogus'] } }],
      }).success,
    ).toBe(false);
    expect(verifierAdapter.params.safeParse({ gates: [{ diff_limits: { max_files: 1 } }] }).success).toBe(
      false,
    );
  });
});

describe('tests_pass', () => {
  it('passes on a green report and fails with every failure listed', async () => {
    const step = context();
    writeArtifact(step, 'test_report.json', { total: 3, passed: 3, failed: 0, skipped: 0, failures: [] });
    const green = await run([{ tests_pass: {} }], step);
    expect(green.status).toBe('succeeded');
    writeArtifact(step, 'test_report.json', {
      total: 3,
      passed: 1,
      failed: 2,
      skipped: 0,
      failures: [
        { name: 'adds', file: 'src/math.test.ts', line: 4, message: 'expected 3 to be 4\nstack' },
        { name: 'subtracts', message: 'boom' },
      ],
    });
    const red = await run([{ tests_pass: {} }], step);
    expect(red.status).toBe('failed');
    expect(red.error?.code).toBe('OURO_GATE_FAILED');
    expect(red.error?.message).toContain('src/math.test.ts:4: adds — expected 3 to be 4');
    expect(red.error?.message).toContain('subtracts — boom');
    expect(red.error?.message).not.toContain('stack');
  });

  it('fails when the report is missing, malformed or empty', async () => {
    const step = context();
    const missing = await run([{ tests_pass: {} }], step);
    expect(missing.outputs.gates[0]?.reasons[0]).toContain('does not exist');
    writeArtifact(step, 'test_report.json', '{not json');
    expect((await run([{ tests_pass: {} }], step)).outputs.gates[0]?.reasons[0]).toContain('not valid JSON');
    writeArtifact(step, 'test_report.json', { total: 'three' });
    expect((await run([{ tests_pass: {} }], step)).outputs.gates[0]?.reasons[0]).toContain(
      'unexpected shape',
    );
    writeArtifact(step, 'test_report.json', { total: 0, passed: 0, failed: 0, skipped: 0 });
    expect((await run([{ tests_pass: {} }], step)).status).toBe('failed');
    expect((await run([{ tests_pass: { allow_empty: true } }], step)).status).toBe('succeeded');
  });
});

describe('no_errors', () => {
  it('fails on errors of the given kinds only', async () => {
    const step = context();
    writeArtifact(step, 'diagnostics.json', {
      version: 1,
      tool: 'eslint',
      diagnostics: [
        diagnostic('error', 'lint', 'no-unused-vars'),
        diagnostic('warning', 'type', 'just a warning'),
        diagnostic('error', 'format', 'bad spacing'),
      ],
    });
    const typeOnly = await run(
      [{ no_errors: { artifact: 'artifacts/diagnostics.json', kinds: ['type'] } }],
      step,
    );
    expect(typeOnly.status).toBe('succeeded');
    const all = await run([{ no_errors: { artifact: 'artifacts/diagnostics.json' } }], step);
    expect(all.status).toBe('failed');
    expect(all.outputs.gates[0]?.reasons).toEqual([
      'src/a.ts:3:7 X1 no-unused-vars (eslint/lint)',
      'src/a.ts:3:7 X1 bad spacing (eslint/format)',
    ]);
  });
});

describe('schema_valid', () => {
  it('validates with draft-07 and draft 2020-12 schemas from the project or the run', async () => {
    const step = context();
    mkdirSync(path.join(step.workDir, 'schemas'));
    writeFileSync(
      path.join(step.workDir, 'schemas', 'seven.json'),
      JSON.stringify({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' } },
      }),
    );
    writeArtifact(step, 'modern.schema.json', {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'number' }],
      items: false,
    });
    writeArtifact(step, 'good.json', { name: 'ok' });
    writeArtifact(step, 'bad.json', { name: 5 });
    writeArtifact(step, 'tuple.json', [1, 2]);
    expect(
      (await run([{ schema_valid: { artifact: 'artifacts/good.json', schema: 'schemas/seven.json' } }], step))
        .status,
    ).toBe('succeeded');
    const bad = await run(
      [{ schema_valid: { artifact: 'artifacts/bad.json', schema: 'schemas/seven.json' } }],
      step,
    );
    expect(bad.outputs.gates[0]?.reasons).toEqual(['artifacts/bad.json at /name: must be string']);
    // prefixItems + items:false only means "at most one item" under 2020-12 semantics.
    const tuple = await run(
      [{ schema_valid: { artifact: 'artifacts/tuple.json', schema: 'artifacts/modern.schema.json' } }],
      step,
    );
    expect(tuple.status).toBe('failed');
    const missing = await run(
      [{ schema_valid: { artifact: 'artifacts/good.json', schema: 'schemas/none.json' } }],
      step,
    );
    expect(missing.outputs.gates[0]?.reasons[0]).toContain('does not exist');
  });
});

describe('token_budget', () => {
  it('reads usage from the context, zero when absent', async () => {
    expect((await run([{ token_budget: { max_tokens: 0 } }], context())).status).toBe('succeeded');
    const spent = context({ usageSoFar: () => ({ inputTokens: 900, outputTokens: 200, costUsd: 0.5 }) });
    const over = await run([{ token_budget: { max_tokens: 1000, max_cost_usd: 0.25 } }], spent);
    expect(over.outputs.gates[0]?.reasons).toEqual([
      '1100 tokens used, more than max_tokens 1000',
      '$0.5000 spent, more than max_cost_usd 0.25',
    ]);
    expect((await run([{ token_budget: { max_tokens: 2000 } }], spent)).status).toBe('succeeded');
  });
});

describe('diff_limits', () => {
  it('counts changed files and lines in the working tree', async () => {
    const step = context({ env: { PATH: process.env.PATH, HOME: '/nonexistent', GIT_CONFIG_NOSYSTEM: '1' } });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
        cwd: step.workDir,
      });
    git('init', '--quiet');
    writeFileSync(path.join(step.workDir, 'a.txt'), 'a\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'init');
    writeFileSync(path.join(step.workDir, 'a.txt'), 'a\nb\nc\n');
    writeFileSync(path.join(step.workDir, 'new.txt'), 'n\n');
    expect((await run([{ diff_limits: { max_files: 2, max_lines: 3 } }], step)).status).toBe('succeeded');
    const tight = await run([{ diff_limits: { max_files: 1, max_lines: 2 } }], step);
    expect(tight.outputs.gates[0]?.reasons).toEqual([
      '2 files changed, more than max_files 1',
      '3 lines changed, more than max_lines 2',
    ]);
  });

  it('fails the gate, not the process, outside a repository', async () => {
    const step = context({ env: { PATH: process.env.PATH, GIT_CEILING_DIRECTORIES: os.tmpdir() } });
    const result = await run([{ diff_limits: { max_files: 1, max_lines: 1 } }], step);
    expect(result.status).toBe('failed');
    expect(result.outputs.gates[0]?.reasons[0]).toContain('could not evaluate');
  });
});

describe('verifier', () => {
  it('writes every verdict and lists every failed reason', async () => {
    const step = context();
    writeArtifact(step, 'test_report.json', { total: 1, passed: 1, failed: 0, skipped: 0 });
    const result = await run(
      [
        { tests_pass: {} },
        { token_budget: { max_tokens: 0 } },
        { no_errors: { artifact: 'artifacts/missing.json' } },
      ],
      step,
    );
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(
      /^1 gate\(s\) failed: no_errors: artifacts\/missing.json does not exist/,
    );
    const written = JSON.parse(
      readFileSync(path.join(step.runDir, 'artifacts/gates.gates.json'), 'utf8'),
    ) as {
      passed: boolean;
      gates: { gate: string; passed: boolean }[];
    };
    expect(written.passed).toBe(false);
    expect(written.gates.map((gate) => [gate.gate, gate.passed])).toEqual([
      ['tests_pass', true],
      ['token_budget', true],
      ['no_errors', false],
    ]);
    expect(result.artifacts?.[0]?.path).toBe('artifacts/gates.gates.json');
  });
});
