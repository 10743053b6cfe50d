import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  allowVerdict,
  createRecordingPolicy,
  type RecordingPolicy,
} from '../../../test/support/recording-policy.js';
import { createTestStepContext, type TestStepContext } from '../../../test/support/step-context.js';
import type { PolicyVerdict } from '../policy-port.js';
import { gitAdapter } from './git.js';
import { parsePorcelainStatus } from './git-status.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function repository(options: { identity?: boolean; commit?: boolean; policy?: RecordingPolicy } = {}): {
  step: TestStepContext;
  git: (...args: string[]) => string;
} {
  const home = mkdtempSync(path.join(os.tmpdir(), 'ouro-git-home-'));
  const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
  const step = createTestStepContext({
    stepId: 'git_step',
    env,
    ...(options.policy ? { policy: options.policy } : {}),
  });
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

/** main with a.txt, `feature` adding b.txt, and main moved on with c.txt (so a merge is a real merge). */
function diverged(policy: RecordingPolicy = createRecordingPolicy()) {
  const repo = repository({ policy });
  const { step, git } = repo;
  git('checkout', '--quiet', '-b', 'feature');
  writeFileSync(path.join(step.workDir, 'b.txt'), 'feature\n');
  git('add', 'b.txt');
  git('commit', '--quiet', '-m', 'feat: b');
  git('checkout', '--quiet', 'main');
  writeFileSync(path.join(step.workDir, 'c.txt'), 'main\n');
  git('add', 'c.txt');
  git('commit', '--quiet', '-m', 'chore: c');
  return { ...repo, policy, base: git('rev-parse', 'main'), head: git('rev-parse', 'feature') };
}

describe('git merge', () => {
  it('asks the policy, records a rollback point with the base, merges with a merge commit', async () => {
    const { step, git, policy, base, head } = diverged();
    const result = await run({ action: 'merge', branch: 'feature' }, step);
    expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
    const mergeSha = git('rev-parse', 'HEAD');
    expect(result.outputs).toEqual({
      merge_sha: mergeSha,
      rollback_point: 'rb_test1',
      method: 'merge',
      base,
      head,
      merged: true,
    });
    expect(git('rev-parse', 'HEAD^1', 'HEAD^2')).toBe(`${base}\n${head}`);
    expect(git('log', '-1', '--format=%s')).toBe('Merge feature into main');
    expect(policy.requests).toEqual([
      expect.objectContaining({
        action: 'merge',
        subject: 'merge feature into main',
        subjectKey: 'merge:feature->main',
        initiator: 'ouro',
        headSha: head,
        change: { directory: step.workDir, base, head },
      }),
    ]);
    expect(policy.rollbackPoints).toEqual([
      {
        id: 'rb_test1',
        repository: git('rev-parse', '--show-toplevel'),
        branch: 'main',
        baseSha: base,
        headSha: head,
        pr: null,
        issue: null,
        taskId: null,
        runId: step.runId,
        description: 'Merge feature into main',
        mergeSha,
        method: 'merge',
      },
    ]);
    expect(policy.effects).toEqual([
      expect.objectContaining({
        action: 'merge',
        subject: 'merge feature into main',
        details: expect.objectContaining({ mergeSha, rollbackPoint: 'rb_test1', base, head }),
      }),
    ]);
    // A retried step finds the branch merged: nothing asked, nothing recorded, nothing merged twice.
    const again = await run({ action: 'merge', branch: 'feature' }, step);
    expect(again.outputs).toMatchObject({ merged: false, merge_sha: null, rollback_point: null });
    expect(policy.requests).toHaveLength(1);
    expect(git('rev-parse', 'HEAD')).toBe(mergeSha);
  });

  it('squashes into one ordinary commit with the message, and does not squash the same change twice', async () => {
    const { step, git, policy, base, head } = diverged();
    const result = await run(
      { action: 'merge', branch: 'feature', into: 'main', method: 'squash', message: 'feat: squash feature' },
      step,
    );
    expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
    const mergeSha = git('rev-parse', 'HEAD');
    expect(result.outputs).toMatchObject({ merge_sha: mergeSha, method: 'squash', merged: true });
    expect(git('rev-list', '--parents', '-1', 'HEAD')).toBe(`${mergeSha} ${base}`);
    expect(git('log', '-1', '--format=%B')).toBe('feat: squash feature');
    expect(git('show', '--name-only', '--format=', 'HEAD')).toBe('b.txt');
    expect(git('status', '--porcelain')).toBe('');
    expect(policy.rollbackPoints[0]).toMatchObject({
      baseSha: base,
      headSha: head,
      description: 'feat: squash feature',
      mergeSha,
      method: 'squash',
    });
    const again = await run({ action: 'merge', branch: 'feature', method: 'squash' }, step);
    expect(again).toMatchObject({ status: 'succeeded', outputs: { merged: false } });
    expect(policy.rollbackPoints).toHaveLength(1);
  });

  const stops: Array<[string, PolicyVerdict, string]> = [
    ['deny', { decision: 'deny', perform: false, mode: 'supervised', reasons: ['no'] }, 'failed'],
    [
      'require_approval',
      {
        decision: 'require_approval',
        perform: false,
        mode: 'supervised',
        reasons: ['a person decides'],
        risk: 'medium',
        approvalId: 'apr_1234',
      },
      'needs_approval',
    ],
    ['shadow', { decision: 'allow', perform: false, mode: 'shadow', reasons: ['shadow'] }, 'skipped'],
  ];
  it.each(stops)(
    'leaves the repository untouched and records nothing on %s',
    async (_name, verdict, status) => {
      const policy = createRecordingPolicy(() => verdict);
      const { step, git, base } = diverged(policy);
      const result = await run({ action: 'merge', branch: 'feature' }, step);
      expect(result.status).toBe(status);
      expect(policy.requests).toHaveLength(1);
      expect(policy.rollbackPoints).toEqual([]);
      expect(policy.effects).toEqual([]);
      expect(git('rev-parse', 'HEAD')).toBe(base);
      expect(git('status', '--porcelain')).toBe('');
    },
  );

  it('requires the target branch checked out with a clean tree, before asking anything', async () => {
    const { step, git, policy } = diverged();
    const elsewhere = await run({ action: 'merge', branch: 'main', into: 'feature' }, step);
    expect(elsewhere.error?.code).toBe('OURO_MERGE_TARGET_NOT_CHECKED_OUT');
    expect(elsewhere.error?.message).toContain('main is checked out');
    writeFileSync(path.join(step.workDir, 'a.txt'), 'dirty\n');
    const dirty = await run({ action: 'merge', branch: 'feature' }, step);
    expect(dirty.error?.code).toBe('OURO_MERGE_TREE_NOT_CLEAN');
    expect(dirty.error?.message).toContain('a.txt');
    git('checkout', '--quiet', '--', 'a.txt');
    git('checkout', '--quiet', '--detach');
    const detached = await run({ action: 'merge', branch: 'feature' }, step);
    expect(detached.error?.code).toBe('OURO_MERGE_TARGET_NOT_CHECKED_OUT');
    const unknown = await run({ action: 'merge', branch: 'nowhere', into: undefined }, step);
    expect(unknown.status).toBe('failed');
    expect(policy.requests).toEqual([]);
  });

  it('fails a conflicting merge with OURO_MERGE_CONFLICT and leaves main as it was', async () => {
    const { step, git, policy, base } = diverged();
    git('checkout', '--quiet', 'feature');
    writeFileSync(path.join(step.workDir, 'a.txt'), 'feature side\n');
    git('commit', '--quiet', '-am', 'feature edits a');
    git('checkout', '--quiet', 'main');
    writeFileSync(path.join(step.workDir, 'a.txt'), 'main side\n');
    git('commit', '--quiet', '-am', 'main edits a');
    const moved = git('rev-parse', 'HEAD');
    const result = await run({ action: 'merge', branch: 'feature' }, step);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_MERGE_CONFLICT');
    expect(result.error?.message).toContain('a.txt');
    expect(git('rev-parse', 'HEAD')).toBe(moved);
    expect(moved).not.toBe(base);
    expect(git('status', '--porcelain')).toBe('');
    expect(policy.rollbackPoints).toEqual([]);
  });

  it('undoes the merge when a hook stops it; the rollback point stays without a merge', async () => {
    const { step, git, policy, base } = diverged();
    const hook = path.join(step.workDir, '.git', 'hooks', 'pre-merge-commit');
    writeFileSync(hook, '#!/bin/sh\necho "hook says no" >&2\nexit 1\n', { mode: 0o755 });
    const result = await run({ action: 'merge', branch: 'feature' }, step);
    expect(result.error?.code).toBe('OURO_GIT_FAILED');
    expect(result.error?.message).toContain('hook says no');
    expect(git('rev-parse', 'HEAD')).toBe(base);
    expect(git('status', '--porcelain')).toBe('');
    expect(policy.rollbackPoints).toHaveLength(1);
    expect(policy.rollbackPoints[0]?.mergeSha).toBeUndefined();
    expect(policy.effects).toEqual([]);
  });
});

describe('git policy declarations', () => {
  it('declares its effects; its command is read-only for status and diff, and for merge (guarded by its own decision)', () => {
    expect(gitAdapter.effects).toEqual(['run_command', 'write_protected_path', 'merge']);
    const readOnly = (params: unknown) => gitAdapter.readOnly?.(gitAdapter.params.parse(params));
    expect(readOnly({ action: 'status' })).toBe(true);
    expect(readOnly({ action: 'diff' })).toBe(true);
    expect(readOnly({ action: 'commit', message: 'm' })).toBe(false);
    expect(readOnly({ action: 'merge', branch: 'x' })).toBe(true);
    expect(readOnly({ action: 'checkout', ref: 'x' })).toBe(false);
  });
});

describe('git commit of protected paths', () => {
  const denied: PolicyVerdict = {
    decision: 'deny',
    perform: false,
    mode: 'supervised',
    reasons: ['protected'],
  };

  it('asks only when a staged path is protected and commits when allowed', async () => {
    const policy = createRecordingPolicy(() => allowVerdict);
    const { step, git } = repository({ policy });
    writeFileSync(path.join(step.workDir, 'plain.txt'), 'p\n');
    await run({ action: 'commit', message: 'plain' }, step);
    expect(policy.requests).toEqual([]);
    mkdirSync(path.join(step.workDir, '.github', 'workflows'), { recursive: true });
    writeFileSync(path.join(step.workDir, '.github', 'workflows', 'ci.yml'), 'on: push\n');
    const result = await run({ action: 'commit', message: 'ci' }, step);
    expect(result.outputs.committed).toBe(true);
    expect(policy.requests).toEqual([
      expect.objectContaining({
        action: 'write_protected_path',
        subjectKey: 'run:run-test:step:git_step:commit',
        initiator: 'ouro',
        effect: expect.objectContaining({ paths: ['.github/workflows/ci.yml'] }),
      }),
    ]);
    expect(policy.effects).toEqual([
      expect.objectContaining({
        action: 'write_protected_path',
        details: { sha: git('rev-parse', 'HEAD'), paths: ['.github/workflows/ci.yml'] },
      }),
    ]);
  });

  it('on refusal commits nothing and unstages only what the step staged', async () => {
    const policy = createRecordingPolicy(() => denied);
    const { step, git } = repository({ policy });
    const before = git('rev-parse', 'HEAD');
    writeFileSync(path.join(step.workDir, 'mine.txt'), 'staged by a person\n');
    git('add', 'mine.txt');
    writeFileSync(path.join(step.workDir, '.env.local'), 'SECRET=1\n');
    writeFileSync(path.join(step.workDir, 'a.txt'), 'changed\n');
    const result = await run({ action: 'commit', message: 'with env' }, step);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_POLICY_DENIED');
    expect(policy.requests[0]?.effect).toMatchObject({ paths: ['.env.local'], staged: 3 });
    expect(git('rev-parse', 'HEAD')).toBe(before);
    expect(git('diff', '--cached', '--name-only')).toBe('mine.txt');
    expect(readFileSync(path.join(step.workDir, '.env.local'), 'utf8')).toBe('SECRET=1\n');
    expect(git('diff', '--name-only')).toBe('a.txt');
    expect(git('ls-files', '--others', '--exclude-standard')).toBe('.env.local');
  });

  it('unstages in a repository without commits too', async () => {
    const policy = createRecordingPolicy(() => denied);
    const { step, git } = repository({ policy, commit: false });
    mkdirSync(path.join(step.workDir, '.github', 'workflows'), { recursive: true });
    writeFileSync(path.join(step.workDir, '.github', 'workflows', 'ci.yml'), 'on: push\n');
    const result = await run({ action: 'commit', message: 'first' }, step);
    expect(result.status).toBe('failed');
    expect(git('diff', '--cached', '--name-only')).toBe('');
  });
});
