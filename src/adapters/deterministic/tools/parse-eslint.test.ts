import { describe, expect, it } from 'vitest';
import { OuroError } from '../../../errors/index.js';
import { diagnosticsReportSchema } from './diagnostics.js';
import { readFixture } from './fixture.js';
import { parseEslintJson } from './parse-eslint.js';

describe('parseEslintJson', () => {
  it('reads the demo project findings with kinds and end positions', () => {
    const diagnostics = parseEslintJson(readFixture('eslint-demo.json'), '/home/dev/demo-ts');
    expect(diagnostics).toEqual([
      {
        file: 'src/math.ts',
        line: 9,
        column: 9,
        endLine: 9,
        endColumn: 20,
        severity: 'error',
        code: '@typescript-eslint/no-unused-vars',
        message: "'unusedScale' is assigned a value but never used.",
        tool: 'eslint',
        kind: 'lint',
      },
      {
        file: 'src/math.ts',
        line: 10,
        column: 21,
        endLine: 10,
        endColumn: 23,
        severity: 'error',
        code: 'eqeqeq',
        message: "Expected '===' and instead saw '=='.",
        tool: 'eslint',
        kind: 'logic',
      },
    ]);
    expect(diagnosticsReportSchema.safeParse({ version: 1, tool: 'eslint', diagnostics }).success).toBe(true);
  });

  it('turns a fatal parse error into a lint error without a rule', () => {
    const [diagnostic] = parseEslintJson(readFixture('eslint-fatal.json'), '/home/dev/scratch');
    expect(diagnostic).toMatchObject({
      file: 'broken.js',
      line: 1,
      column: 11,
      severity: 'error',
      code: null,
      kind: 'lint',
    });
    expect(diagnostic?.message).toContain('Parsing error');
  });

  it('maps warnings (severity 1) and files without positions', () => {
    const output = JSON.stringify([
      {
        filePath: '/p/a.js',
        messages: [
          { ruleId: 'import/no-unresolved', severity: 1, message: 'Unable to resolve', line: 2, column: 3 },
          { ruleId: null, severity: 1, message: 'File ignored because of a matching ignore pattern.' },
        ],
      },
    ]);
    expect(parseEslintJson(output, '/p')).toMatchObject([
      { file: 'a.js', line: 2, column: 3, severity: 'warning', kind: 'import' },
      { file: 'a.js', line: 1, column: 1, severity: 'warning', kind: 'lint' },
    ]);
  });

  it('rejects output that is not ESLint JSON with OURO_TOOL_OUTPUT_INVALID', () => {
    expect(() => parseEslintJson('Oops! Something went wrong!', '/p')).toThrow(OuroError);
    expect(() => parseEslintJson('{"filePath": 1}', '/p')).toThrow(/eslint/);
  });
});
