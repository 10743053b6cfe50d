import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTemporaryGitRepository,
  type TemporaryGitRepository,
} from '../../../test/support/temporary-git-repository.js';
import { parseDiff } from './parse-diff.js';

let repository: TemporaryGitRepository;
beforeEach(() => {
  repository = createTemporaryGitRepository();
});
afterEach(() => repository.cleanup());

function diff(base: string, head: string): string {
  return repository.git('-c', 'core.quotePath=false', 'diff', '-M', base, head);
}

describe('parseDiff', () => {
  it('reads added, deleted, modified, renamed and binary files with line numbers from git diff', () => {
    repository.write('keep.txt', 'one\ntwo\nthree\n');
    repository.write('gone.txt', 'bye\n');
    repository.write('old name.txt', 'a\nb\nc\nd\ne\nf\n');
    const base = repository.commit('base');
    repository.write('keep.txt', 'one\n--- not a header\nthree\n');
    repository.remove('gone.txt');
    repository.remove('old name.txt');
    repository.write('new name.txt', 'a\nb\nc\nd\ne\nf\n');
    repository.write('image.bin', '\u0000\u0001\u0002');
    repository.write('ünïcode.txt', 'x');
    const head = repository.commit('head');

    const files = parseDiff(diff(base, head));
    const byPath = new Map(files.map((file) => [file.newPath ?? file.oldPath, file]));
    expect(files).toHaveLength(5);
    expect(byPath.get('gone.txt')).toMatchObject({ status: 'deleted', newPath: undefined });
    expect(byPath.get('gone.txt')!.hunks[0]!.lines).toEqual([{ kind: 'removed', text: 'bye', oldLine: 1 }]);
    expect(byPath.get('new name.txt')).toMatchObject({
      status: 'renamed',
      oldPath: 'old name.txt',
      hunks: [],
    });
    expect(byPath.get('image.bin')).toMatchObject({ status: 'added', binary: true });
    expect(byPath.get('ünïcode.txt')!.hunks[0]!.lines).toEqual([{ kind: 'added', text: 'x', newLine: 1 }]);
    expect(byPath.get('keep.txt')!.hunks[0]!.lines).toEqual([
      { kind: 'context', text: 'one', oldLine: 1, newLine: 1 },
      { kind: 'removed', text: 'two', oldLine: 2 },
      { kind: 'added', text: '--- not a header', newLine: 2 },
      { kind: 'context', text: 'three', oldLine: 3, newLine: 3 },
    ]);
  });

  it('reads a plain diff -u with timestamps and several hunks', () => {
    const text = [
      '--- a.txt\t2026-01-01 00:00:00',
      '+++ a.txt\t2026-01-02 00:00:00',
      '@@ -1 +1 @@',
      '-x',
      '+y',
      '@@ -10,2 +10,3 @@',
      ' ten',
      '+new',
      ' eleven',
      '--- b.txt',
      '+++ b.txt',
      '@@ -1 +0,0 @@',
      '-only',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    const files = parseDiff(text);
    expect(files.map((file) => [file.oldPath, file.newPath, file.status])).toEqual([
      ['a.txt', 'a.txt', 'modified'],
      ['b.txt', 'b.txt', 'modified'],
    ]);
    expect(files[0]!.hunks[1]!.lines[1]).toEqual({ kind: 'added', text: 'new', newLine: 11 });
    expect(files[1]!.hunks[0]!.lines).toEqual([{ kind: 'removed', text: 'only', oldLine: 1 }]);
  });

  it('returns no files for an empty diff', () => {
    expect(parseDiff('')).toEqual([]);
  });
});
