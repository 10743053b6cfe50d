import { describe, expect, it } from 'vitest';
import { OuroError } from '../../../errors/index.js';
import { readFixture } from './fixture.js';
import { parseRuffJson } from './parse-ruff.js';

describe('parseRuffJson', () => {
  it('reads violations with positions and maps codes to kinds', () => {
    const diagnostics = parseRuffJson(readFixture('ruff.json'), '/home/dev/pyproj');
    expect(diagnostics[0]).toEqual({
      file: 'app/main.py',
      line: 1,
      column: 8,
      endLine: 1,
      endColumn: 10,
      severity: 'error',
      code: 'F401',
      message: '`os` imported but unused',
      tool: 'ruff',
      kind: 'import',
    });
    expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.kind])).toEqual([
      ['F401', 'import'],
      ['F821', 'logic'],
      ['E501', 'lint'],
      ['S105', 'security'],
      [null, 'lint'],
    ]);
  });

  it('treats empty output as no findings and garbage as invalid output', () => {
    expect(parseRuffJson('', '/p')).toEqual([]);
    expect(parseRuffJson('[]', '/p')).toEqual([]);
    expect(() => parseRuffJson('error: Failed to parse pyproject.toml', '/p')).toThrow(OuroError);
  });
});
