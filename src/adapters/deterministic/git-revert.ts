/**
 * Reverting a merge for `ouro rollback`: one new revert commit on the branch the merge went into,
 * never a history rewrite. The branch is reverted where it is checked out (that tree must be clean);
 * a branch checked out nowhere is reverted in a temporary `git worktree` that is removed afterwards.
 * Whatever stops the revert (a conflict, a hook, a revert that changes nothing) aborts it, so the
 * branch and the tree are as they were.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OuroError } from '../../errors/index.js';
import { firstLine, resolveCommit, runGit, type GitCommandOptions } from './git-command.js';
import { identityEnvironment } from './git-identity.js';
import { conflictedFiles, isAncestor, listWorktrees, uncommittedChanges } from './git-repository-state.js';

export interface RevertTarget {
  /** Any directory of the repository (a rollback point's `repository`). */
  repository: string;
  branch: string;
  /** The commit to revert (a merge commit, or a squash commit). */
  commit: string;
  /** True for a merge commit: reverted against its first parent (`-m 1`). */
  mergeCommit: boolean;
  /** What the rollback is, for messages (`rollback point rb_…`). */
  subject: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export interface RevertPlan {
  /** The worktree where the branch is checked out; undefined → a temporary worktree is used. */
  worktree: string | undefined;
  branchHead: string;
}

function command(target: RevertTarget, cwd: string, action = 'revert'): GitCommandOptions {
  return { cwd, env: target.env, action, ...(target.signal ? { signal: target.signal } : {}) };
}

function notPossible(target: RevertTarget, reason: string, remedy: string): OuroError {
  return new OuroError('OURO_ROLLBACK_NOT_POSSIBLE', { subject: target.subject, reason }, { remedy });
}

const listed = (files: string[]): string =>
  files.length <= 5 ? files.join(', ') : `${files.slice(0, 5).join(', ')} and ${files.length - 5} more`;

/**
 * Checks that the revert can happen, changing nothing: the branch exists and contains the commit,
 * and where it is checked out the tree is clean. Called before the policy is asked, and again just
 * before reverting.
 */
export async function planRevert(target: RevertTarget): Promise<RevertPlan> {
  if (!path.isAbsolute(target.repository) || !existsSync(target.repository)) {
    throw notPossible(
      target,
      `${target.repository} is not a local repository on this machine`,
      'Roll back where the repository lives (a point names the directory it was merged in); a point on a forge is rolled back with a revert pull request once the forge is configured.',
    );
  }
  const options = command(target, target.repository, 'rollback');
  const branchHead = await resolveCommit(`refs/heads/${target.branch}`, options);
  if (branchHead === undefined) {
    throw notPossible(
      target,
      `branch ${target.branch} does not exist in ${target.repository}`,
      'The branch was deleted or renamed; revert the commit by hand where the change lives now (`git revert`).',
    );
  }
  if ((await resolveCommit(target.commit, options)) === undefined) {
    throw notPossible(
      target,
      `commit ${target.commit} is not in ${target.repository}`,
      'Fetch it (`git fetch`) or check that the rollback point belongs to this repository.',
    );
  }
  if (!(await isAncestor(target.commit, branchHead, options))) {
    throw notPossible(
      target,
      `commit ${target.commit.slice(0, 12)} is not on ${target.branch} any more (was its history rewritten?)`,
      `Look at \`git log --oneline -20 ${target.branch}\` in ${target.repository}; revert by hand what should be undone.`,
    );
  }
  const worktree = (await listWorktrees(options)).find(
    (candidate) => candidate.branch === target.branch,
  )?.path;
  if (worktree !== undefined) {
    const changes = await uncommittedChanges(command(target, worktree, 'rollback'));
    if (changes.length > 0) {
      throw notPossible(
        target,
        `${target.branch} is checked out in ${worktree} with uncommitted changes (${listed(changes)})`,
        `Commit or stash them in ${worktree} (\`git status\`), then run the same \`ouro rollback\` command again.`,
      );
    }
  }
  return { worktree, branchHead };
}

/** Reverts in `directory`, where the branch is checked out; returns the revert commit. */
async function revertIn(target: RevertTarget, directory: string, message: string): Promise<string> {
  const env = await identityEnvironment(command(target, directory));
  const options = { ...command({ ...target, env }, directory), allowExitCodes: [1] };
  const abort = (): Promise<unknown> =>
    runGit(['revert', '--abort'], { ...options, allowExitCodes: [1, 128] });
  const mainline = target.mergeCommit ? ['-m', '1'] : [];
  const reverted = await runGit(
    ['revert', '--no-commit', ...mainline, '--end-of-options', target.commit],
    options,
  );
  if (reverted.exitCode !== 0) {
    const conflicts = await conflictedFiles(options);
    await abort();
    if (conflicts.length > 0) {
      throw new OuroError('OURO_ROLLBACK_CONFLICT', {
        commit: target.commit,
        branch: target.branch,
        files: listed(conflicts),
        repository: target.repository,
        mainline: target.mergeCommit ? '-m 1 ' : '',
      });
    }
    const reason = firstLine(reverted.stderr, `exit code ${reverted.exitCode}`);
    throw new OuroError(
      'OURO_GIT_FAILED',
      { action: 'revert', reason },
      { details: { stderr: reverted.stderr } },
    );
  }
  const staged = await runGit(['diff', '--cached', '--quiet'], options);
  if (staged.exitCode === 0) {
    await abort();
    throw notPossible(
      target,
      `reverting ${target.commit.slice(0, 12)} changes nothing on ${target.branch}: the change is already undone`,
      `Check \`git log --oneline -20 ${target.branch}\`; nothing needs reverting.`,
    );
  }
  const committed = await runGit(['commit', '--quiet', '--file', '-'], { ...options, input: message });
  if (committed.exitCode !== 0) {
    await abort();
    const reason = firstLine(committed.stderr, 'git commit failed');
    throw new OuroError(
      'OURO_GIT_FAILED',
      { action: 'revert', reason },
      { details: { stderr: committed.stderr } },
    );
  }
  return (await runGit(['rev-parse', 'HEAD'], options)).stdout.trim();
}

export interface RevertResult {
  revertSha: string;
  /** True when the branch was checked out nowhere and a temporary worktree was used. */
  temporaryWorktree: boolean;
}

/** The revert commit's message: git's own wording, plus what made it. */
export async function revertMessage(target: RevertTarget, note: string): Promise<string> {
  const subject = (
    await runGit(['log', '-1', '--format=%s', target.commit], command(target, target.repository))
  ).stdout.trim();
  return `Revert "${subject}"\n\nThis reverts commit ${target.commit}.\n${note}\n`;
}

export async function revertCommit(target: RevertTarget, message: string): Promise<RevertResult> {
  const plan = await planRevert(target);
  if (plan.worktree !== undefined) {
    return { revertSha: await revertIn(target, plan.worktree, message), temporaryWorktree: false };
  }
  const parent = mkdtempSync(path.join(os.tmpdir(), 'ouro-rollback-'));
  const worktree = path.join(parent, 'worktree');
  const options = command(target, target.repository, 'worktree');
  try {
    await runGit(['worktree', 'add', '--quiet', worktree, target.branch], options);
    return { revertSha: await revertIn(target, worktree, message), temporaryWorktree: true };
  } finally {
    await runGit(['worktree', 'remove', '--force', worktree], { ...options, allowExitCodes: [128] });
    rmSync(parent, { recursive: true, force: true });
    await runGit(['worktree', 'prune'], options);
  }
}
