import { describe, expect, it } from 'vitest';
import { readFixture } from './fixture.js';
import { isTscConfigError, parseTscOutput } from './parse-tsc.js';

describe('parseTscOutput', () => {
  it('reads the demo type error', () => {
    expect(parseTscOutput(readFixture('tsc-demo.txt'), '/home/dev/demo-ts', 'tsconfig.json')).toEqual([
      {
        file: 'src/config.ts',
        line: 8,
        column: 3,
        severity: 'error',
        code: 'TS2322',
        message: "Type 'string' is not assignable to type 'number'.",
        tool: 'tsc',
        kind: 'type',
      },
    ]);
  });

  it('folds chained explanations into the message and classifies missing modules as import', () => {
    const diagnostics = parseTscOutput(readFixture('tsc-chained.txt'), '/home/dev/scratch', 'tsconfig.json');
    expect(diagnostics).toHaveLength(4);
    expect(diagnostics[0]?.message.split('\n')).toEqual([
      "Type '{ a: { b: number; }; }' is not assignable to type '{ a: { b: string; }; }'.",
      "The types of 'a.b' are incompatible between these types.",
      "Type 'number' is not assignable to type 'string'.",
    ]);
    expect(diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.code, diagnostic.kind])).toEqual([
      ['b.ts', 'TS2322', 'type'],
      ['a.ts', 'TS2741', 'type'],
      ['a.ts', 'TS2322', 'type'],
      ['a.ts', 'TS2307', 'import'],
    ]);
  });

  it('reports project-wide errors against the config file and recognises config errors', () => {
    const diagnostics = parseTscOutput(readFixture('tsc-config-error.txt'), '/home/dev/scratch', 'nope.json');
    expect(diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.line, diagnostic.code])).toEqual([
      ['bad.json', 1, 'TS5024'],
      ['nope.json', 1, 'TS5058'],
    ]);
    expect(diagnostics.every((diagnostic) => isTscConfigError(diagnostic.code))).toBe(true);
    expect(isTscConfigError('TS2322')).toBe(false);
    expect(isTscConfigError('TS6133')).toBe(false);
    expect(isTscConfigError('TS18003')).toBe(true);
  });

  it('ignores footers and stray lines', () => {
    expect(parseTscOutput('\nFound 2 errors in 1 file.\n\n', '/p', 'tsconfig.json')).toEqual([]);
  });
});
