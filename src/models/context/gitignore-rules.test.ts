import { describe, expect, it } from 'vitest';
import { GitignoreRules } from './gitignore-rules.js';

describe('GitignoreRules', () => {
  it('applies comments, negation, directory-only and anchored patterns, the last match winning', () => {
    const rules = new GitignoreRules();
    rules.add('', '# comment\n*.log\n!keep.log\nbuild/\n/root-only.txt\ndocs/*.tmp\n\\#literal\n');
    expect(rules.ignores('debug.log', false)).toBe(true);
    expect(rules.ignores('deep/nested/debug.log', false)).toBe(true);
    expect(rules.ignores('keep.log', false)).toBe(false);
    expect(rules.ignores('build', true)).toBe(true);
    expect(rules.ignores('build', false)).toBe(false);
    expect(rules.ignores('src/build', true)).toBe(true);
    expect(rules.ignores('root-only.txt', false)).toBe(true);
    expect(rules.ignores('src/root-only.txt', false)).toBe(false);
    expect(rules.ignores('docs/a.tmp', false)).toBe(true);
    expect(rules.ignores('other/docs/a.tmp', false)).toBe(false);
    expect(rules.ignores('#literal', false)).toBe(true);
    expect(rules.ignores('comment', false)).toBe(false);
  });

  it('scopes a nested .gitignore to its directory', () => {
    const rules = new GitignoreRules();
    rules.add('pkg', 'generated.ts\n/local.ts\n');
    expect(rules.ignores('pkg/generated.ts', false)).toBe(true);
    expect(rules.ignores('pkg/sub/generated.ts', false)).toBe(true);
    expect(rules.ignores('generated.ts', false)).toBe(false);
    expect(rules.ignores('pkg/local.ts', false)).toBe(true);
    expect(rules.ignores('pkg/sub/local.ts', false)).toBe(false);
  });
});
