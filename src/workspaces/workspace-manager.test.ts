import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OuroError } from '../errors/index.js';
import { createWorkspaceFixture, gitIn, type WorkspaceFixture } from './test-support/workspace-fixture.js';

const hourMs = 3_600_000;
let fixtures: WorkspaceFixture[] = [];
let extraDirectories: string[] = [];

function fixture(): WorkspaceFixture {
  const created = createWorkspaceFixture();
  fixtures.push(created);
  return created;
}

function temporaryDirectory(): string {
  const directory = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-outside-')));
  extraDirectories.push(directory);
  return directory;
}

afterEach(() => {
  for (const created of fixtures) created.cleanup();
  for (const directory of extraDirectories) fs.rmSync(directory, { recursive: true, force: true });
  fixtures = [];
  extraDirectories = [];
});

async function errorOf(promise: Promise<unknown>): Promise<OuroError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OuroError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

function registeredWorktrees(project: WorkspaceFixture): string[] {
  return project
    .git('worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
}

/** A zombie (killed, not yet reaped by an init that does not reap) counts as not running. */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    if (fs.existsSync('/proc/self/stat')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

function branchExists(project: WorkspaceFixture, branch: string): boolean {
  return project.git('branch', '--list', branch).trim() !== '';
}

describe('WorkspaceManager.ensure', () => {
  it('creates a worktree on ouro/<name> from the default branch, with a marker', async () => {
    const project = fixture();
    const workspace = await project.manager().ensure('issue-5');
    expect(workspace).toEqual({
      key: 'issue-5',
      name: 'issue-5',
      path: path.join(project.workDir, 'workspaces', 'issue-5'),
      branch: 'ouro/issue-5',
      created: true,
    });
    expect(fs.readFileSync(path.join(workspace.path, 'README.md'), 'utf8')).toBe('# project\n');
    expect(gitIn(workspace.path, 'rev-parse', 'HEAD')).toBe(project.git('rev-parse', 'main'));
    expect(gitIn(workspace.path, 'branch', '--show-current').trim()).toBe('ouro/issue-5');
    expect(registeredWorktrees(project)).toContain(workspace.path);
    const marker = JSON.parse(fs.readFileSync(`${workspace.path}.json`, 'utf8'));
    expect(marker).toMatchObject({ key: 'issue-5', name: 'issue-5', branch: 'ouro/issue-5' });
    expect(marker.lastUsedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('starts from main even when another branch is checked out in the project', async () => {
    const project = fixture();
    const mainHead = project.git('rev-parse', 'main');
    project.git('checkout', '--quiet', '-b', 'feature');
    fs.writeFileSync(path.join(project.dir, 'feature.txt'), 'x');
    project.git('add', '--all');
    project.git('commit', '--quiet', '-m', 'feature');
    const workspace = await project.manager().ensure('t1');
    expect(gitIn(workspace.path, 'rev-parse', 'HEAD')).toBe(mainHead);
  });

  it('fetches origin first and starts from the fetched default branch', async () => {
    const upstream = fixture();
    const clone = temporaryDirectory();
    gitIn(clone, 'clone', '--quiet', upstream.dir, '.');
    fs.writeFileSync(path.join(upstream.dir, 'new.txt'), 'upstream change\n');
    upstream.git('add', '--all');
    upstream.git('commit', '--quiet', '-m', 'upstream change');
    const { WorkspaceManager } = await import('./workspace-manager.js');
    const { workspacesSchema } = await import('../config/schema/workspaces.js');
    const manager = new WorkspaceManager({
      projectDir: clone,
      workDir: path.join(clone, '.ouro'),
      config: workspacesSchema.parse({}),
      hookEnvironment: {},
      logger: (await import('../observability/silent-logger.js')).silentLogger,
    });
    const workspace = await manager.ensure('issue-9');
    expect(gitIn(workspace.path, 'rev-parse', 'HEAD')).toBe(upstream.git('rev-parse', 'main'));
    expect(fs.existsSync(path.join(workspace.path, 'new.txt'))).toBe(true);
  });

  it('reuses the worktree of the same key across attempts', async () => {
    const project = fixture();
    const manager = project.manager();
    const first = await manager.ensure('issue-5');
    fs.writeFileSync(path.join(first.path, 'work.txt'), 'in progress');
    project.advance(hourMs);
    const second = await project.manager().ensure('issue-5');
    expect(second).toEqual({ ...first, created: false });
    expect(fs.readFileSync(path.join(second.path, 'work.txt'), 'utf8')).toBe('in progress');
    const marker = JSON.parse(fs.readFileSync(`${second.path}.json`, 'utf8'));
    expect(marker.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(marker.lastUsedAt).toBe('2026-01-01T01:00:00.000Z');
  });

  it('serializes concurrent ensure calls of one key', async () => {
    const project = fixture();
    const manager = project.manager();
    const results = await Promise.all([
      manager.ensure('same'),
      manager.ensure('same'),
      manager.ensure('same'),
    ]);
    expect(results.map((result) => result.created).sort()).toEqual([false, false, true]);
  });

  it('re-creates a deleted worktree on the branch of the earlier attempt, keeping its commits', async () => {
    const project = fixture();
    const manager = project.manager();
    const first = await manager.ensure('issue-5');
    fs.writeFileSync(path.join(first.path, 'done.txt'), 'committed work');
    gitIn(first.path, 'add', '--all');
    gitIn(first.path, 'commit', '--quiet', '-m', 'attempt 1');
    const attemptHead = gitIn(first.path, 'rev-parse', 'HEAD');
    fs.rmSync(first.path, { recursive: true, force: true });
    const again = await manager.ensure('issue-5');
    expect(again.created).toBe(true);
    expect(gitIn(again.path, 'rev-parse', 'HEAD')).toBe(attemptHead);
  });

  it('re-creates a corrupt workspace (a plain directory that is no worktree)', async () => {
    const project = fixture();
    const manager = project.manager();
    const first = await manager.ensure('issue-5');
    project.git('worktree', 'remove', '--force', first.path);
    fs.mkdirSync(first.path);
    fs.writeFileSync(path.join(first.path, 'junk'), 'x');
    expect((await manager.list())[0]!.state).toBe('broken');
    const again = await manager.ensure('issue-5');
    expect(again.created).toBe(true);
    expect(fs.existsSync(path.join(again.path, 'junk'))).toBe(false);
    expect(fs.existsSync(path.join(again.path, 'README.md'))).toBe(true);
    expect((await manager.list())[0]!.state).toBe('ready');
  });

  it('keeps traversal attempts and absolute paths inside the workspaces directory', async () => {
    const project = fixture();
    const manager = project.manager();
    const root = path.join(project.workDir, 'workspaces');
    for (const key of ['../x', '../../escape', '/tmp/absolute', '..']) {
      const workspace = await manager.ensure(key);
      expect(path.dirname(workspace.path)).toBe(root);
      expect(workspace.name).not.toContain('..');
    }
    expect(fs.existsSync(path.join(project.workDir, 'x'))).toBe(false);
    expect(fs.existsSync(path.join(project.dir, 'escape'))).toBe(false);
  });

  it('refuses a symbolic link planted at the workspace path and leaves its target alone', async () => {
    const project = fixture();
    const outside = temporaryDirectory();
    fs.writeFileSync(path.join(outside, 'precious.txt'), 'keep me');
    fs.mkdirSync(path.join(project.workDir, 'workspaces'), { recursive: true });
    fs.symlinkSync(outside, path.join(project.workDir, 'workspaces', 'issue-7'));
    const error = await errorOf(project.manager().ensure('issue-7'));
    expect(error.code).toBe('OURO_WORKSPACE_PATH_UNSAFE');
    expect(fs.readdirSync(outside)).toEqual(['precious.txt']);
  });

  it('refuses a workspaces directory that is a symbolic link', async () => {
    const project = fixture();
    const outside = temporaryDirectory();
    fs.mkdirSync(project.workDir, { recursive: true });
    fs.symlinkSync(outside, path.join(project.workDir, 'workspaces'));
    const error = await errorOf(project.manager().ensure('issue-8'));
    expect(error.code).toBe('OURO_WORKSPACE_PATH_UNSAFE');
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('fails clearly outside a git repository', async () => {
    const project = fixture();
    fs.rmSync(path.join(project.dir, '.git'), { recursive: true, force: true });
    expect((await errorOf(project.manager().ensure('a'))).code).toBe('OURO_WORKSPACE_NOT_A_REPOSITORY');
    expect((await errorOf(project.manager().list())).code).toBe('OURO_WORKSPACE_NOT_A_REPOSITORY');
  });

  it('honours workspaces.base_branch', async () => {
    const project = fixture();
    project.git('checkout', '--quiet', '-b', 'develop');
    fs.writeFileSync(path.join(project.dir, 'develop.txt'), 'd');
    project.git('add', '--all');
    project.git('commit', '--quiet', '-m', 'develop');
    const workspace = await project.manager({ base_branch: 'develop' }).ensure('t');
    expect(gitIn(workspace.path, 'rev-parse', 'HEAD')).toBe(project.git('rev-parse', 'develop'));
    const missing = await errorOf(project.manager({ base_branch: 'nope' }).ensure('u'));
    expect(missing.code).toBe('OURO_WORKSPACE_BASE_BRANCH_NOT_FOUND');
  });
});

describe('WorkspaceManager hooks', () => {
  it('runs after_create in the workspace with only the given environment and the workspace variables', async () => {
    const project = fixture();
    process.env.OURO_TEST_SECRET_TOKEN = 'hunter2';
    try {
      const manager = project.manager(
        { hooks: { after_create: 'env > hook-env.txt && pwd > hook-pwd.txt' } },
        { PATH: process.env.PATH, ALLOWED: 'yes' },
      );
      const workspace = await manager.ensure('issue-5');
      const environment = fs.readFileSync(path.join(workspace.path, 'hook-env.txt'), 'utf8');
      expect(environment).toContain('ALLOWED=yes');
      expect(environment).toContain('OURO_WORKSPACE_KEY=issue-5');
      expect(environment).toContain(`OURO_WORKSPACE_PATH=${workspace.path}`);
      expect(environment).toContain('OURO_WORKSPACE_BRANCH=ouro/issue-5');
      expect(environment).not.toContain('hunter2');
      expect(fs.readFileSync(path.join(workspace.path, 'hook-pwd.txt'), 'utf8').trim()).toBe(workspace.path);
      // Reuse does not run after_create again.
      fs.rmSync(path.join(workspace.path, 'hook-env.txt'));
      await manager.ensure('issue-5');
      expect(fs.existsSync(path.join(workspace.path, 'hook-env.txt'))).toBe(false);
    } finally {
      delete process.env.OURO_TEST_SECRET_TOKEN;
    }
  });

  it('after_create failing removes the new workspace, its branch and marker, and fails', async () => {
    const project = fixture();
    const manager = project.manager({ hooks: { after_create: 'echo installing; echo broken >&2; exit 3' } });
    const error = await errorOf(manager.ensure('issue-5'));
    expect(error.code).toBe('OURO_WORKSPACE_HOOK_FAILED');
    expect(error.message).toContain('after_create');
    expect(error.message).toContain('exit code 3');
    expect(error.message).toContain('broken');
    const workspacePath = path.join(project.workDir, 'workspaces', 'issue-5');
    expect(fs.existsSync(workspacePath)).toBe(false);
    expect(fs.existsSync(`${workspacePath}.json`)).toBe(false);
    expect(registeredWorktrees(project)).not.toContain(workspacePath);
    expect(branchExists(project, 'ouro/issue-5')).toBe(false);
    expect(await manager.list()).toEqual([]);
  });

  it('before_run failing fails the attempt and keeps the workspace', async () => {
    const project = fixture();
    const manager = project.manager({ hooks: { before_run: 'test -f ready.txt' } });
    const workspace = await manager.ensure('issue-5');
    const error = await errorOf(manager.beforeRun(workspace));
    expect(error.code).toBe('OURO_WORKSPACE_HOOK_FAILED');
    expect(error.message).toContain('before_run');
    expect(fs.existsSync(workspace.path)).toBe(true);
    fs.writeFileSync(path.join(workspace.path, 'ready.txt'), '');
    await expect(manager.beforeRun(workspace)).resolves.toBeUndefined();
  });

  it('after_run and before_remove failures are logged and ignored', async () => {
    const project = fixture();
    const manager = project.manager({ hooks: { after_run: 'exit 1', before_remove: 'exit 2' } });
    const workspace = await manager.ensure('issue-5');
    await expect(manager.afterRun(workspace)).resolves.toBeUndefined();
    const removed = await manager.remove('issue-5');
    expect(removed.name).toBe('issue-5');
    expect(fs.existsSync(workspace.path)).toBe(false);
    const failures = project.logs.filter(
      (line) => line.level === 'warn' && line.fields.event === 'workspace_hook',
    );
    expect(failures.map((line) => line.fields.hook)).toEqual(['after_run', 'before_remove']);
    expect(String(failures[1]!.fields.failure)).toContain('exit code 2');
  });

  it('kills a hook that overruns its timeout, with everything it started', async () => {
    const project = fixture();
    const manager = project.manager({
      hook_timeout_seconds: 1,
      hooks: { before_run: 'sleep 30 & echo $! > sleep.pid; wait' },
    });
    const workspace = await manager.ensure('slow');
    const started = Date.now();
    const error = await errorOf(manager.beforeRun(workspace));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.message).toContain('timed out after 1 s');
    const sleepPid = Number(fs.readFileSync(path.join(workspace.path, 'sleep.pid'), 'utf8'));
    expect(isRunning(sleepPid)).toBe(false);
  });
});

describe('WorkspaceManager.list, clean and prune', () => {
  it('lists key, branch, head, dirtiness, last use and age', async () => {
    const project = fixture();
    const manager = project.manager();
    const workspace = await manager.ensure('Issue 42');
    project.advance(2 * hourMs);
    fs.writeFileSync(path.join(workspace.path, 'scratch.txt'), 'x');
    const [info] = await manager.list();
    expect(info).toMatchObject({
      name: workspace.name,
      key: 'Issue 42',
      path: workspace.path,
      state: 'ready',
      branch: workspace.branch,
      head: project.git('rev-parse', 'main').trim(),
      changedFiles: ['scratch.txt'],
      ageMs: 2 * hourMs,
      idleMs: 2 * hourMs,
    });
  });

  it('removes workspaces idle past the grace period and keeps recent ones', async () => {
    const project = fixture();
    const manager = project.manager({ cleanup_grace_hours: 24 });
    const old = await manager.ensure('old');
    project.advance(25 * hourMs);
    const recent = await manager.ensure('recent');
    const result = await manager.clean();
    expect(result.removed.map((removed) => removed.name)).toEqual(['old']);
    expect(result.removed[0]!.branchDeleted).toBe(true);
    expect(result.kept).toEqual([{ name: 'recent', reason: 'used 0 min ago' }]);
    expect(fs.existsSync(old.path)).toBe(false);
    expect(fs.existsSync(`${old.path}.json`)).toBe(false);
    expect(branchExists(project, 'ouro/old')).toBe(false);
    expect(fs.existsSync(recent.path)).toBe(true);
    expect((await manager.clean({ olderThanMs: 0 })).removed.map((removed) => removed.name)).toEqual([
      'recent',
    ]);
  });

  it('dry run removes nothing', async () => {
    const project = fixture();
    const manager = project.manager();
    const workspace = await manager.ensure('a');
    const result = await manager.clean({ all: true, dryRun: true });
    expect(result).toMatchObject({ dryRun: true, removed: [{ name: 'a' }], kept: [] });
    expect(fs.existsSync(workspace.path)).toBe(true);
    expect(branchExists(project, 'ouro/a')).toBe(true);
  });

  it('keeps a workspace with uncommitted changes unless forced', async () => {
    const project = fixture();
    const manager = project.manager();
    const workspace = await manager.ensure('dirty');
    fs.writeFileSync(path.join(workspace.path, 'README.md'), 'edited\n');
    const kept = await manager.clean({ all: true });
    expect(kept.removed).toEqual([]);
    expect(kept.kept[0]!.reason).toContain('uncommitted changes (README.md)');
    expect(fs.existsSync(workspace.path)).toBe(true);
    expect((await errorOf(manager.remove('dirty'))).code).toBe('OURO_WORKSPACE_DIRTY');
    const forced = await manager.clean({ all: true, force: true });
    expect(forced.removed.map((removed) => removed.name)).toEqual(['dirty']);
    expect(fs.existsSync(workspace.path)).toBe(false);
  });

  it('deletes an unmerged branch only when asked', async () => {
    const project = fixture();
    const manager = project.manager();
    const workspace = await manager.ensure('feature');
    fs.writeFileSync(path.join(workspace.path, 'f.txt'), 'f');
    gitIn(workspace.path, 'add', '--all');
    gitIn(workspace.path, 'commit', '--quiet', '-m', 'unmerged work');
    const first = await manager.clean({ all: true });
    expect(first.removed[0]).toMatchObject({ name: 'feature', branch: 'ouro/feature', branchDeleted: false });
    expect(branchExists(project, 'ouro/feature')).toBe(true);
    // The next attempt picks the kept branch up again; then it goes, deleted on request.
    const again = await manager.ensure('feature');
    expect(fs.existsSync(path.join(again.path, 'f.txt'))).toBe(true);
    const second = await manager.clean({ all: true, deleteBranches: true });
    expect(second.removed[0]!.branchDeleted).toBe(true);
    expect(branchExists(project, 'ouro/feature')).toBe(false);
  });

  it('leaves a workspace the loop still needs', async () => {
    const project = fixture();
    const manager = project.manager();
    await manager.ensure('busy');
    const result = await manager.clean({ all: true, isRemovable: (info) => info.key !== 'busy' });
    expect(result).toMatchObject({
      removed: [],
      kept: [{ name: 'busy', reason: 'its task is not finished' }],
    });
  });

  it('prunes a workspace whose directory was deleted by hand', async () => {
    const project = fixture();
    const manager = project.manager();
    const workspace = await manager.ensure('gone');
    fs.rmSync(workspace.path, { recursive: true, force: true });
    const [info] = await manager.list();
    expect(info).toMatchObject({ name: 'gone', state: 'missing', changedFiles: undefined });
    await manager.prune();
    expect(registeredWorktrees(project)).not.toContain(workspace.path);
    expect(fs.existsSync(`${workspace.path}.json`)).toBe(false);
    expect(await manager.list()).toEqual([]);
  });

  it('clean removes a missing workspace: registration, marker and merged branch', async () => {
    const project = fixture();
    const manager = project.manager();
    const workspace = await manager.ensure('gone');
    fs.rmSync(workspace.path, { recursive: true, force: true });
    const result = await manager.clean({ all: true });
    expect(result.removed).toMatchObject([{ name: 'gone', branchDeleted: true }]);
    expect(registeredWorktrees(project)).not.toContain(workspace.path);
    expect(await manager.list()).toEqual([]);
  });

  it('listing an untouched project creates nothing', async () => {
    const project = fixture();
    expect(await project.manager().list()).toEqual([]);
    expect(fs.existsSync(project.workDir)).toBe(false);
  });
});

describe('WorkspaceManager and the project repository', () => {
  it('makes git ignore the workspaces directory when the project does not', async () => {
    const project = fixture();
    fs.writeFileSync(path.join(project.dir, '.gitignore'), '');
    project.git('add', '--all');
    project.git('commit', '--quiet', '-m', 'no ignores');
    const manager = project.manager();
    await manager.ensure('a');
    await manager.ensure('b');
    expect(project.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    const exclude = fs.readFileSync(path.join(project.dir, '.git', 'info', 'exclude'), 'utf8');
    expect(exclude.split('\n').filter((line) => line === '/.ouro/workspaces/')).toHaveLength(1);
  });

  it('leaves .git/info/exclude alone when the directory is already ignored', async () => {
    const project = fixture();
    const excludeFile = path.join(project.dir, '.git', 'info', 'exclude');
    const before = fs.existsSync(excludeFile) ? fs.readFileSync(excludeFile, 'utf8') : '';
    await project.manager().ensure('a');
    const after = fs.existsSync(excludeFile) ? fs.readFileSync(excludeFile, 'utf8') : '';
    expect(after).toBe(before);
  });
});
