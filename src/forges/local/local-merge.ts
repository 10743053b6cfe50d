/**
 * Merging and reverting on the local forge: real git commits on the base branch, made where the
 * branch is checked out (its tracked files clean) or in a temporary worktree. Each commit carries a
 * trailer line naming the PR and the commit it is about (the head merged, the merge reverted), so
 * that a merge or revert interrupted between git and the store is found again on the branch instead
 * of being made twice. The commit is part of the line because numbers alone repeat when the store is
 * recreated for the same repository.
 */
import { OuroError } from '../../errors/index.js';
import type { LocalGit } from './local-git.js';

export function mergeTrailer(number: number, headSha: string): string {
  return `Ouro-Local-Pull-Request: ${number} ${headSha}`;
}

export function revertTrailer(number: number, mergeSha: string): string {
  return `Ouro-Local-Revert-Of: ${number} ${mergeSha}`;
}

const listed = (files: string[]): string =>
  files.length <= 5 ? files.join(', ') : `${files.slice(0, 5).join(', ')} and ${files.length - 5} more`;

export interface MergeRequest {
  number: number;
  base: string;
  head: string;
  headSha: string;
  method: 'merge' | 'squash';
  message: string;
}

function mergeNotPossible(request: MergeRequest, reason: string, hint: string): OuroError {
  return new OuroError('OURO_FORGE_MERGE_NOT_POSSIBLE', {
    number: request.number,
    base: request.base,
    reason,
    hint,
  });
}

/** Merges `headSha` into `base`; returns the merge (or squash) commit. */
export async function mergeIntoBase(git: LocalGit, request: MergeRequest): Promise<string> {
  const message = `${request.message.trimEnd()}\n\n${mergeTrailer(request.number, request.headSha)}\n`;
  const dirty = (worktree: string, files: string[]) =>
    mergeNotPossible(
      request,
      `${request.base} is checked out in ${worktree} with uncommitted changes (${listed(files)})`,
      `Commit or stash them in ${worktree}, then merge again.`,
    );
  return git.onBranch(request.base, dirty, async (worktree, branchGit) => {
    const options = { cwd: worktree, allowExitCodes: [1, 2, 128], action: 'merge' };
    const merged =
      request.method === 'merge'
        ? await branchGit.run(
            ['merge', '--no-ff', '--no-edit', '--quiet', '-m', message, request.headSha],
            options,
          )
        : await branchGit.run(['merge', '--squash', '--quiet', request.headSha], options);
    if (merged.exitCode !== 0) {
      await branchGit.run(['reset', '--merge'], {
        cwd: worktree,
        allowExitCodes: [128],
        action: 'merge abort',
      });
      const conflict = /CONFLICT/.test(merged.stdout + merged.stderr);
      throw mergeNotPossible(
        request,
        conflict ? 'the changes conflict' : (merged.stderr.trim().split('\n')[0] ?? 'git merge failed'),
        conflict
          ? `Update ${request.head} from ${request.base} and resolve the conflicts there, then merge again.`
          : 'Run the merge by hand to see what git says.',
      );
    }
    if (request.method === 'squash') {
      const staged = await branchGit.run(['diff', '--cached', '--quiet'], {
        cwd: worktree,
        allowExitCodes: [1],
        action: 'diff',
      });
      if (staged.exitCode === 0) {
        throw mergeNotPossible(
          request,
          `${request.head} changes nothing on ${request.base}`,
          'There is nothing to merge; close the pull request instead.',
        );
      }
      await branchGit.run(['commit', '--quiet', '--no-verify', '-m', message], {
        cwd: worktree,
        action: 'commit',
      });
    }
    return (await branchGit.run(['rev-parse', 'HEAD'], { cwd: worktree, action: 'rev-parse' })).stdout.trim();
  });
}

export interface RevertRequest {
  number: number;
  base: string;
  mergeSha: string;
  method: 'merge' | 'squash';
  title: string;
  body: string;
}

function revertNotPossible(request: RevertRequest, reason: string, hint: string): OuroError {
  return new OuroError('OURO_FORGE_REVERT_NOT_POSSIBLE', {
    number: request.number,
    base: request.base,
    reason,
    hint,
  });
}

/** Makes one revert commit of the PR's merge on `base`; returns it. */
export async function revertOnBase(git: LocalGit, request: RevertRequest): Promise<string> {
  const message = `${request.title}\n\n${request.body.trim()}\n\nThis reverts commit ${request.mergeSha}.\n\n${revertTrailer(request.number, request.mergeSha)}\n`;
  const dirty = (worktree: string, files: string[]) =>
    revertNotPossible(
      request,
      `${request.base} is checked out in ${worktree} with uncommitted changes (${listed(files)})`,
      `Commit or stash them in ${worktree}, then revert again.`,
    );
  return git.onBranch(request.base, dirty, async (worktree, branchGit) => {
    const mainline = request.method === 'merge' ? ['-m', '1'] : [];
    const reverted = await branchGit.run(['revert', '--no-commit', ...mainline, request.mergeSha], {
      cwd: worktree,
      allowExitCodes: [1, 128],
      action: 'revert',
    });
    if (reverted.exitCode !== 0) {
      await branchGit.run(['revert', '--abort'], {
        cwd: worktree,
        allowExitCodes: [128],
        action: 'revert abort',
      });
      throw revertNotPossible(
        request,
        /conflict/i.test(reverted.stdout + reverted.stderr)
          ? 'reverting conflicts with later changes'
          : (reverted.stderr.trim().split('\n')[0] ?? 'git revert failed'),
        `Revert ${request.mergeSha.slice(0, 12)} by hand on ${request.base} and resolve the conflicts.`,
      );
    }
    await branchGit.run(['commit', '--quiet', '--no-verify', '--allow-empty', '-m', message], {
      cwd: worktree,
      action: 'commit',
    });
    return (await branchGit.run(['rev-parse', 'HEAD'], { cwd: worktree, action: 'rev-parse' })).stdout.trim();
  });
}
