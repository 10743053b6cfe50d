import { describe, expect, it } from 'vitest';
import { OuroError } from '../errors/index.js';
import { maxWorkspaceNameBase, workspaceBranch, workspaceName } from './workspace-key.js';

const valid = /^[a-z0-9][a-z0-9._-]*$/;

describe('workspaceName', () => {
  it('keeps a clean key as it is', () => {
    expect(workspaceName('issue-5')).toBe('issue-5');
    expect(workspaceName('task_12.v2')).toBe('task_12.v2');
  });

  it('sanitizes traversal, absolute paths and separators and appends a hash', () => {
    for (const key of ['../x', '../../etc/passwd', '/etc/passwd', 'a/../../b', '..', '.', 'x\\..\\y']) {
      const name = workspaceName(key);
      expect(name).toMatch(valid);
      expect(name).not.toContain('..');
      expect(name).not.toContain('/');
      expect(name).toMatch(/-[0-9a-f]{10}$/);
    }
    expect(workspaceName('/etc/passwd')).toMatch(/^etc-passwd-[0-9a-f]{10}$/);
  });

  it('never yields a hidden name, a git flag, an invalid ref or a marker file name', () => {
    for (const key of ['.hidden', '-rf', 'x.lock', 'x.json', 'x.', 'a@{1}', 'ü', ' ']) {
      const name = workspaceName(key);
      expect(name, key).toMatch(valid);
      expect(name.endsWith('.lock') || name.endsWith('.json') || name.endsWith('.'), key).toBe(false);
      expect(workspaceBranch(name)).toBe(`ouro/${name}`);
    }
  });

  it('bounds the length', () => {
    const name = workspaceName('k'.repeat(500));
    expect(name.length).toBe(maxWorkspaceNameBase + 11);
  });

  it('never gives two keys the same name (case, sanitizing, look-alike hashes)', () => {
    const keys = [
      'Issue-5',
      'issue-5',
      'issue 5',
      'issue/5',
      'issue_5',
      'issue-5.',
      '../issue-5',
      '/issue-5',
    ];
    keys.push(workspaceName('issue 5'), 'k'.repeat(60), `${'k'.repeat(60)}x`);
    const names = keys.map(workspaceName);
    expect(new Set(names).size).toBe(keys.length);
  });

  it('rejects an empty key', () => {
    expect(() => workspaceName('')).toThrow(OuroError);
    try {
      workspaceName('');
    } catch (error) {
      expect((error as OuroError).code).toBe('OURO_WORKSPACE_KEY_INVALID');
    }
  });
});
