import { describe, expect, it } from 'vitest';
import { parseWorktreeList } from './worktree-list.js';

describe('parseWorktreeList', () => {
  it('reads paths, heads, branches, detached and prunable entries', () => {
    const porcelain = [
      'worktree /repo',
      'HEAD 1111111111111111111111111111111111111111',
      'branch refs/heads/main',
      '',
      'worktree /repo/.ouro/workspaces/issue-5',
      'HEAD 2222222222222222222222222222222222222222',
      'branch refs/heads/ouro/issue-5',
      '',
      'worktree /repo/.ouro/workspaces/gone',
      'HEAD 3333333333333333333333333333333333333333',
      'detached',
      'prunable gitdir file points to non-existent location',
      '',
    ].join('\n');
    expect(parseWorktreeList(porcelain)).toEqual([
      { path: '/repo', head: '1'.repeat(40), branch: 'main', prunable: false },
      {
        path: '/repo/.ouro/workspaces/issue-5',
        head: '2'.repeat(40),
        branch: 'ouro/issue-5',
        prunable: false,
      },
      { path: '/repo/.ouro/workspaces/gone', head: '3'.repeat(40), branch: undefined, prunable: true },
    ]);
  });
});
