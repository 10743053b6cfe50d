/**
 * The git the local forge needs, run in the project's repository: branch heads, where a branch is
 * checked out, a clean-tree check, and running a change on a branch where it is checked out or, when
 * it is checked out nowhere, in a temporary worktree removed afterwards. Git never prompts, speaks
 * the C locale, and gets Ouro's identity when the machine has none (a commit must not fail for it).
 * The forge layer cannot use the git adapter (adapters sit above forges), hence this small runner.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OuroError } from '../../errors/index.js';

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface GitRunOptions {
  cwd: string;
  /** Exit codes that are answers, not failures (`merge-base --is-ancestor` → 1). */
  allowExitCodes?: number[];
  /** What the forge was doing, for the error message. */
  action: string;
}

/** Bounded: a diff of a huge PR is still read whole, but not without limit. */
const maxOutputBytes = 64 * 1024 * 1024;

export class LocalGit {
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly repositoryDir: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.env = { ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  }

  run(args: string[], options: GitRunOptions): Promise<GitResult> {
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        args,
        { cwd: options.cwd, env: this.env, maxBuffer: maxOutputBytes, encoding: 'utf8' },
        (error, stdout, stderr) => {
          const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : Number.NaN;
          if (exitCode === 0 || options.allowExitCodes?.includes(exitCode)) {
            resolve({ stdout, stderr, exitCode });
            return;
          }
          const reason =
            stderr
              .split('\n')
              .find((line) => line.trim() !== '')
              ?.trim() ??
            error?.message ??
            'failed';
          reject(
            new OuroError(
              'OURO_GIT_FAILED',
              { action: options.action, reason },
              { details: { args, exitCode, stderr: stderr.slice(0, 8192) } },
            ),
          );
        },
      );
    });
  }

  /** The commit a branch points at, or undefined when there is no such branch. */
  async branchHead(branch: string): Promise<string | undefined> {
    const result = await this.run(
      ['rev-parse', '--verify', '--quiet', '--end-of-options', `refs/heads/${branch}^{commit}`],
      { cwd: this.repositoryDir, allowExitCodes: [1, 128], action: 'rev-parse' },
    );
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  }

  async isAncestor(commit: string, of: string): Promise<boolean> {
    const result = await this.run(['merge-base', '--is-ancestor', commit, of], {
      cwd: this.repositoryDir,
      allowExitCodes: [1],
      action: 'merge-base',
    });
    return result.exitCode === 0;
  }

  /** Whether `head` merges into `base` without conflicts (git ≥ 2.38 `merge-tree`, which writes only loose objects); null when git cannot tell. */
  async mergeable(base: string, head: string): Promise<boolean | null> {
    const result = await this.run(['merge-tree', '--write-tree', '--name-only', base, head], {
      cwd: this.repositoryDir,
      allowExitCodes: [1, 128, 129],
      action: 'merge-tree',
    });
    if (result.exitCode === 0) return true;
    return result.exitCode === 1 ? false : null;
  }

  /** The newest commit on `branch` whose message has `line` as a line of its own. */
  async findCommitWithLine(branch: string, line: string): Promise<string | undefined> {
    const pattern = `^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
    const result = await this.run(
      ['log', '-1', '--format=%H', '--extended-regexp', `--grep=${pattern}`, `refs/heads/${branch}`, '--'],
      { cwd: this.repositoryDir, action: 'log' },
    );
    const sha = result.stdout.trim();
    return sha === '' ? undefined : sha;
  }

  /** The worktree where `branch` is checked out, if any. */
  async worktreeOf(branch: string): Promise<string | undefined> {
    const listing = await this.run(['worktree', 'list', '--porcelain'], {
      cwd: this.repositoryDir,
      action: 'worktree list',
    });
    let current: string | undefined;
    for (const line of listing.stdout.split('\n')) {
      if (line.startsWith('worktree ')) current = line.slice('worktree '.length);
      else if (line === `branch refs/heads/${branch}`) return current;
    }
    return undefined;
  }

  /** Tracked files with uncommitted changes in a worktree. */
  async uncommittedChanges(worktree: string): Promise<string[]> {
    const status = await this.run(['status', '--porcelain', '--untracked-files=no'], {
      cwd: worktree,
      action: 'status',
    });
    return status.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.slice(3));
  }

  /** The environment for a commit: the repository's identity, or Ouro's when it has none. */
  async commitEnvironment(cwd: string): Promise<NodeJS.ProcessEnv> {
    const read = async (key: string): Promise<string> =>
      (await this.run(['config', key], { cwd, allowExitCodes: [1], action: 'config' })).stdout.trim();
    const identity: NodeJS.ProcessEnv = {};
    if ((await read('user.name')) === '' && this.env['GIT_AUTHOR_NAME'] === undefined) {
      identity['GIT_AUTHOR_NAME'] = 'Ouro';
      identity['GIT_COMMITTER_NAME'] = 'Ouro';
    }
    if ((await read('user.email')) === '' && this.env['GIT_AUTHOR_EMAIL'] === undefined) {
      identity['GIT_AUTHOR_EMAIL'] = 'ouro@localhost';
      identity['GIT_COMMITTER_EMAIL'] = 'ouro@localhost';
    }
    return identity;
  }

  /**
   * Runs `change` in a worktree with `branch` checked out: where it already is (its tracked files
   * must be clean — `dirty` builds the error), or in a temporary worktree.
   */
  async onBranch<T>(
    branch: string,
    dirty: (worktree: string, files: string[]) => OuroError,
    change: (worktree: string, git: LocalGit) => Promise<T>,
  ): Promise<T> {
    const checkedOut = await this.worktreeOf(branch);
    if (checkedOut !== undefined) {
      const files = await this.uncommittedChanges(checkedOut);
      if (files.length > 0) throw dirty(checkedOut, files);
      return change(checkedOut, await this.withIdentity(checkedOut));
    }
    const parent = mkdtempSync(path.join(os.tmpdir(), 'ouro-forge-'));
    const worktree = path.join(parent, 'worktree');
    try {
      await this.run(['worktree', 'add', '--quiet', worktree, branch], {
        cwd: this.repositoryDir,
        action: 'worktree add',
      });
      return await change(worktree, await this.withIdentity(worktree));
    } finally {
      await this.run(['worktree', 'remove', '--force', worktree], {
        cwd: this.repositoryDir,
        allowExitCodes: [128],
        action: 'worktree remove',
      });
      rmSync(parent, { recursive: true, force: true });
      await this.run(['worktree', 'prune'], { cwd: this.repositoryDir, action: 'worktree prune' });
    }
  }

  private async withIdentity(cwd: string): Promise<LocalGit> {
    return new LocalGit(this.repositoryDir, { ...this.env, ...(await this.commitEnvironment(cwd)) });
  }
}
