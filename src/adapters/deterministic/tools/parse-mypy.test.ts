import { describe, expect, it } from 'vitest';
import { readFixture } from './fixture.js';
import { parseMypyOutput } from './parse-mypy.js';

describe('parseMypyOutput', () => {
  it('reads JSON lines, converting 0-based columns and folding hints', () => {
    const { diagnostics, problems } = parseMypyOutput(readFixture('mypy.jsonl'), '/home/dev/pyproj');
    expect(problems).toEqual([]);
    expect(diagnostics).toEqual([
      {
        file: 'app/main.py',
        line: 3,
        column: 5,
        severity: 'error',
        code: 'assignment',
        message: 'Incompatible types in assignment (expression has type "str", variable has type "int")',
        tool: 'mypy',
        kind: 'type',
      },
      expect.objectContaining({
        line: 7,
        column: 1,
        message:
          'Function is missing a return type annotation\nUse "-> None" if function does not return a value',
      }),
      expect.objectContaining({ file: 'app/util.py', column: 1, code: 'import-untyped', kind: 'import' }),
    ]);
  });

  it('reads the classic text form with codes, end positions and notes', () => {
    const { diagnostics } = parseMypyOutput(readFixture('mypy.txt'), '/home/dev/pyproj');
    expect(
      diagnostics.map((diagnostic) => [
        diagnostic.file,
        diagnostic.line,
        diagnostic.severity,
        diagnostic.code,
      ]),
    ).toEqual([
      ['app/main.py', 3, 'error', 'assignment'],
      ['app/main.py', 7, 'error', 'no-untyped-def'],
      ['app/util.py', 1, 'error', 'import-untyped'],
      ['app/util.py', 12, 'error', 'arg-type'],
      ['app/util.py', 20, 'info', null],
    ]);
    expect(diagnostics[0]?.column).toBe(5);
    expect(diagnostics[1]?.message).toContain('-> None');
    expect(diagnostics[3]).toMatchObject({ column: 9, endLine: 12, endColumn: 20 });
  });

  it('returns errors without a position as problems', () => {
    const { diagnostics, problems } = parseMypyOutput(
      readFixture('mypy-config-error.txt'),
      '/home/dev/pyproj',
    );
    expect(diagnostics).toEqual([]);
    expect(problems).toEqual([
      'mypy: error: Cannot find implementation or library stub for module named "missing_pkg"',
    ]);
  });
});
