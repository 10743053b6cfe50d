import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isOuroError } from '../errors/index.js';
import { describePath, parseYamlSource } from './yaml-source.js';

const text = `# comment
orchestrator:
  mode: manual
  empty:
list:
  - a
  - { b: 2 }
`;

describe('parseYamlSource', () => {
  it('returns the value and locates values by path, 1-based', () => {
    const source = parseYamlSource(text, 'x.yaml');
    expect(source.value).toEqual({ orchestrator: { mode: 'manual', empty: null }, list: ['a', { b: 2 }] });
    expect(source.locate(['orchestrator', 'mode'])).toEqual({ line: 3, column: 9 });
    expect(source.locateKey(['orchestrator', 'mode'])).toEqual({ line: 3, column: 3 });
    expect(source.locate(['list', 1, 'b'])).toEqual({ line: 7, column: 10 });
    expect(source.locate(['list', 0])).toEqual({ line: 6, column: 5 });
    // An entry without a value points at its key.
    expect(source.locate(['orchestrator', 'empty'])).toEqual({ line: 4, column: 3 });
  });

  it('locates a missing path at its nearest existing ancestor', () => {
    const source = parseYamlSource(text, 'x.yaml');
    expect(source.locate(['orchestrator', 'nope', 'deeper'])).toEqual(source.locate(['orchestrator']));
    expect(source.locate(['list', 9])).toEqual(source.locate(['list']));
    expect(source.locate(['list'])).toEqual({ line: 6, column: 3 });
    expect(parseYamlSource('', 'empty.yaml').locate(['a'])).toEqual({ line: 1, column: 1 });
  });

  it('reports syntax errors as OURO_YAML_SYNTAX with file, line and column', () => {
    try {
      parseYamlSource('a: 1\nb: [1, 2\nc: 3\n', 'bad.yaml');
      expect.unreachable();
    } catch (error) {
      expect(isOuroError(error) && error.code).toBe('OURO_YAML_SYNTAX');
      const details = (error as { details: { file: string; line: number; column: number } }).details;
      expect(details.file).toBe('bad.yaml');
      expect(details.line).toBeGreaterThanOrEqual(2);
      expect((error as Error).message).toContain('bad.yaml');
    }
  });

  it('rejects duplicate keys at the second occurrence', () => {
    try {
      parseYamlSource('a: 1\nb: 2\na: 3\n', 'dup.yaml');
      expect.unreachable();
    } catch (error) {
      expect(isOuroError(error) && error.code).toBe('OURO_YAML_SYNTAX');
      expect((error as { details: unknown }).details).toEqual({ file: 'dup.yaml', line: 3, column: 1 });
      expect((error as Error).message).toMatch(/unique/);
    }
  });

  it('rejects several documents and alias bombs', () => {
    expect(() => parseYamlSource('a: 1\n---\nb: 2\n', 'multi.yaml')).toThrow(
      /YAML syntax error in multi.yaml/,
    );
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 8; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    expect(() => parseYamlSource(bomb.join('\n'), 'bomb.yaml')).toThrow(/YAML syntax error in bomb.yaml/);
  });

  it('yields a source or an OuroError for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        try {
          const source = parseYamlSource(input, 'fuzz.yaml');
          const position = source.locate(['a', 0, 'b']);
          expect(position.line).toBeGreaterThanOrEqual(1);
        } catch (error) {
          expect(isOuroError(error)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('describePath', () => {
  it('renders dotted paths with indexes', () => {
    expect(describePath(['a', 'b', 0, 'c'])).toBe('a.b[0].c');
    expect(describePath([])).toBe('');
    expect(describePath(['aliases', 'with space'])).toBe('aliases["with space"]');
    expect(describePath([1])).toBe('[1]');
  });
});
