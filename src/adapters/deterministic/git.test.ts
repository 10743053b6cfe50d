import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStepContext, type TestStepContext } from '../../../test/support/step-context.js';
import { gitAdapter } from './git.js';
import { parsePorcelainStatus } from './git-status.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function repository(options: { identity?: boolean; commit?: boolean } = {}): {
  step: TestStepContext;
  git: (...args: string[]) => string;
} {
  const home = mkdtempSync(path.join(os.tmpdir(), 'ouro-git-home-'));
  const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
  const step = createTestStepContext({ stepId: 'git_step', env });
  cleanups.push(() => {
    step.cleanup();
    rmSync(home, { recursive: true, force: true });
  });
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: step.workDir, env, encoding: 'utf8' }).trim();
  git('init', '--quiet', '--initial-branch=main');
  if (options.identity !== false) {
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.com');
  }
  if (options.commit !== false) {
    writeFileSync(path.join(step.workDir, 'a.txt'), 'one\ntwo\n');
    git('add', 'a.txt');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '--quiet', '-m', 'initial');
  }
  return { step, git };
}

const run = (params: unknown, step: TestStepContext) =>
  gitAdapter.execute(gitAdapter.params.parse(params), step);

describe('git status', () => {
  it('reports clean and changed files, untracked included', async () => {
    const { step } = repository();
    expect((await run({ action: 'status' }, step)).outputs).toEqual({ clean: true, changed_files: [] });
    writeFileSync(path.join(step.workDir, 'a.txt'), 'changed\n');
    mkdirSync(path.join(step.workDir, 'dir'));
    writeFileSync(path.join(step.workDir, 'dir', 'new file.txt'), 'x');
    const result = await run({ action: 'status' }, step);
    expect(result.outputs).toEqual({ clean: false, changed_files: ['a.txt', 'dir/new file.txt'] });
  });

  it('parses renames without listing the old name', () => {
    expect(parsePorcelainStatus('R  new.txt\0old.txt\0 M b.txt\0?? c d.txt\0')).toEqual([
      { path: 'new.txt', index: 'R', worktree: ' ' },
      { path: 'b.txt', index: ' ', worktree: 'M' },
      { path: 'c d.txt', index: '?', worktree: '?' },
    ]);
  });

  it('fails with OURO_GIT_NOT_A_REPOSITORY outside a repository', async () => {
    const step = createTestStepContext({
      env: { PATH: process.env.PATH, GIT_CEILING_DIRECTORIES: os.tmpdir() },
    });
    cleanups.push(() => step.cleanup());
    const result = await run({ action: 'status' }, step);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_GIT_NOT_A_REPOSITORY');
  });
});

describe('git diff', () => {
  it('writes the patch artifact and counts lines, without touching the index', async () => {
    const { step, git } = repository();
    writeFileSync(path.join(step.workDir, 'a.txt'), 'one\nTWO\nthree\n');
    writeFileSync(path.join(step.workDir, 'b.txt'), 'new\n');
    const result = await run({ action: 'diff' }, step);
    expect(result.status).toBe('succeeded');
    expect(result.outputs).toMatchObject({
      files_changed: 2,
      insertions: 3,
      deletions: 1,
      files: ['a.txt', 'b.txt'],
    });
    const patch = readFileSync(path.join(step.runDir, 'artifacts/git_step.patch'), 'utf8');
    expect(patch).toContain('+TWO');
    expect(patch).toContain('b/b.txt');
    expect(git('diff', '--cached', '--name-only')).toBe('');
    expect(git('ls-files', '--others', '--exclude-standard')).toBe('b.txt');
    // The patch applies to the base: it is the whole change.
    git('stash', '--include-untracked', '--quiet');
    git('apply', path.join(step.runDir, 'artifacts/git_step.patch'));
    expect(readFileSync(path.join(step.workDir, 'b.txt'), 'utf8')).toBe('new\n');
  });

  it('limits to paths and compares with a base revision', async () => {
    const { step, git } = repository();
    const first = git('rev-parse', 'HEAD');
    writeFileSync(path.join(step.workDir, 'a.txt'), 'one\ntwo\nthree\n');
    git('commit', '--quiet', '-am', 'second');
    writeFileSync(path.join(step.workDir, 'c.txt'), 'c\n');
    const scoped = await run(
      { action: 'diff', base: first, paths: ['a.txt'], patch_artifact: 'artifacts/a.patch' },
      step,
    );
    expect(scoped.outputs).toMatchObject({
      files_changed: 1,
      insertions: 1,
      deletions: 0,
      patch: 'artifacts/a.patch',
    });
    const unknown = await run({ action: 'diff', base: 'no-such-branch' }, step);
    expect(unknown.error?.code).toBe('OURO_GIT_FAILED');
  });

  it('works in a repository without commits', async () => {
    const { step } = repository({ commit: false });
    writeFileSync(path.join(step.workDir, 'first.txt'), '1\n2\n');
    expect((await run({ action: 'diff' }, step)).outputs).toMatchObject({ files_changed: 1, insertions: 2 });
  });
});

describe('git create_branch and checkout', () => {
  it('creates a branch, is idempotent at the same commit, refuses another commit', async () => {
    const { step, git } = repository();
    const head = git('rev-parse', 'HEAD');
    const created = await run({ action: 'create_branch', name: 'feature/x' }, step);
    expect(created.outputs).toEqual({ branch: 'feature/x', sha: head, created: true });
    const again = await run({ action: 'create_branch', name: 'feature/x' }, step);
    expect(again).toMatchObject({ status: 'succeeded', outputs: { created: false } });
    writeFileSync(path.join(step.workDir, 'a.txt'), 'changed\n');
    git('commit', '--quiet', '-am', 'moved on');
    const conflict = await run({ action: 'create_branch', name: 'feature/x' }, step);
    expect(conflict.error?.code).toBe('OURO_GIT_BRANCH_CONFLICT');
    const invalid = await run({ action: 'create_branch', name: 'bad..name' }, step);
    expect(invalid.error?.code).toBe('OURO_GIT_FAILED');
    expect(gitAdapter.params.safeParse({ action: 'create_branch', name: '--force' }).success).toBe(false);
  });

  it('checks out a branch and a detached commit', async () => {
    const { step, git } = repository();
    const head = git('rev-parse', 'HEAD');
    await run({ action: 'create_branch', name: 'topic', checkout: true }, step);
    expect(git('branch', '--show-current')).toBe('topic');
    const back = await run({ action: 'checkout', ref: 'main' }, step);
    expect(back.outputs).toEqual({ ref: 'main', sha: head, branch: 'main' });
    const detached = await run({ action: 'checkout', ref: head }, step);
    expect(detached.outputs).toMatchObject({ sha: head, branch: null });
    const missing = await run({ action: 'checkout', ref: 'nowhere' }, step);
    expect(missing.error?.code).toBe('OURO_GIT_FAILED');
  });
});

describe('git commit', () => {
  it('commits everything, reports nothing to commit, allows empty commits on request', async () => {
    const { step, git } = repository();
    writeFileSync(path.join(step.workDir, 'new.txt'), 'n\n');
    const committed = await run({ action: 'commit', message: 'feat: add new\n\nbody line' }, step);
    expect(committed.outputs.committed).toBe(true);
    expect(committed.outputs.sha).toBe(git('rev-parse', 'HEAD'));
    expect(git('log', '-1', '--format=%B')).toBe('feat: add new\n\nbody line');
    const nothing = await run({ action: 'commit', message: 'again' }, step);
    expect(nothing).toMatchObject({ status: 'succeeded', outputs: { sha: null, committed: false } });
    const empty = await run({ action: 'commit', message: 'empty', allow_empty: true }, step);
    expect(empty.outputs.committed).toBe(true);
  });

  it('adds only the listed paths and works without a configured identity', async () => {
    const { step, git } = repository({ identity: false });
    writeFileSync(path.join(step.workDir, 'keep.txt'), 'k\n');
    writeFileSync(path.join(step.workDir, 'skip.txt'), 's\n');
    const result = await run({ action: 'commit', message: 'only keep', add: ['keep.txt'] }, step);
    expect(result.status).toBe('succeeded');
    expect(git('show', '--name-only', '--format=%an', 'HEAD')).toBe('Ouro\n\nkeep.txt');
    expect(git('status', '--porcelain')).toBe('?? skip.txt');
  });
});

describe('git availability', () => {
  it('is available with a version when git is on PATH, unavailable otherwise', async () => {
    const present = await gitAdapter.available?.({
      projectDir: os.tmpdir(),
      env: { PATH: process.env.PATH },
    });
    expect(present).toMatchObject({ available: true });
    expect(present?.version).toMatch(/^\d+\.\d+/);
    const absent = await gitAdapter.available?.({ projectDir: os.tmpdir(), env: { PATH: '' } });
    expect(absent).toMatchObject({ available: false });
    expect(absent?.remedy).toContain('Install git');
  });
});

describe('Ouro state', () => {
  it('never reports, diffs or commits .ouro/', async () => {
    const { step, git } = repository();
    mkdirSync(path.join(step.workDir, '.ouro', 'runs'), { recursive: true });
    writeFileSync(path.join(step.workDir, '.ouro', 'runs', 'state.json'), '{}\n');
    expect((await run({ action: 'status' }, step)).outputs).toEqual({ clean: true, changed_files: [] });
    writeFileSync(path.join(step.workDir, 'real.txt'), 'r\n');
    expect((await run({ action: 'diff' }, step)).outputs).toMatchObject({
      files_changed: 1,
      files: ['real.txt'],
    });
    await run({ action: 'commit', message: 'real only' }, step);
    expect(git('show', '--name-only', '--format=', 'HEAD')).toBe('real.txt');
    expect(git('ls-files', '--others')).toBe('.ouro/runs/state.json');
  });
});
