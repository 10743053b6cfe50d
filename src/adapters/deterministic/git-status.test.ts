import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePorcelainStatus, type StatusEntry } from './git-status.js';

const code = fc.constantFrom(' ', 'M', 'A', 'D', 'R', 'C', 'U', '?', '!');
// Paths in -z output are verbatim: any character but NUL, spaces and newlines included.
const filePath = fc.string({ minLength: 1, maxLength: 20 }).filter((value) => !value.includes('\0'));

describe('parsePorcelainStatus (fuzzed)', () => {
  it('recovers every entry of any -z status output, skipping rename sources', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(code, code, filePath, filePath), { maxLength: 20 }), (records) => {
        const expected: StatusEntry[] = [];
        let output = '';
        for (const [index, worktree, path, original] of records) {
          output += `${index}${worktree} ${path}\0`;
          if (index === 'R' || index === 'C') output += `${original}\0`;
          expected.push({ path, index, worktree });
        }
        expect(parsePorcelainStatus(output)).toEqual(expected);
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(Array.isArray(parsePorcelainStatus(text))).toBe(true);
      }),
    );
  });
});
