import { describe, expect, it } from 'vitest';
import { readFixture } from './fixture.js';
import { parsePrettierOutput } from './parse-prettier.js';

describe('parsePrettierOutput', () => {
  const expected = {
    file: 'src/greeting.ts',
    line: 1,
    column: 1,
    severity: 'error',
    code: null,
    tool: 'prettier',
    kind: 'format',
  };

  it('reads --list-different output', () => {
    const diagnostics = parsePrettierOutput(readFixture('prettier-list-different.txt'), '/home/dev/demo-ts', {
      mode: 'check',
    });
    expect(diagnostics).toMatchObject([expected]);
  });

  it('reads --check output and skips its header and footer', () => {
    const diagnostics = parsePrettierOutput(readFixture('prettier-check.txt'), '/home/dev/demo-ts', {
      mode: 'check',
    });
    expect(diagnostics).toMatchObject([expected]);
  });

  it('reports files Prettier could not parse as lint errors with their position', () => {
    const diagnostics = parsePrettierOutput(readFixture('prettier-syntax-error.txt'), '/home/dev/scratch', {
      mode: 'check',
    });
    expect(diagnostics).toMatchObject([
      { file: 'bad.ts', line: 1, column: 12, severity: 'error', code: 'syntax-error', kind: 'lint' },
      { file: 'a.ts', kind: 'format' },
    ]);
  });

  it('in write mode reports reformatted files as info and skips unchanged ones', () => {
    const output = 'src/greeting.ts 31ms\nsrc/math.ts 2ms (unchanged)\n';
    expect(parsePrettierOutput(output, '/p', { mode: 'write' })).toMatchObject([
      { file: 'src/greeting.ts', severity: 'info', kind: 'format', message: 'Reformatted by Prettier' },
    ]);
  });
});
