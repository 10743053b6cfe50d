/**
 * Questions about a repository's state that merges and rollbacks ask before they change anything:
 * which branch is checked out (and where), whether the tree is clean, whether one commit contains
 * another. Every answer comes from the git CLI.
 */
import { runGit, type GitCommandOptions } from './git-command.js';
import { parsePorcelainStatus } from './git-status.js';

type Options = Omit<GitCommandOptions, 'allowExitCodes' | 'input'>;

/** The absolute top-level directory of the working tree `options.cwd` is in. */
export async function repositoryTopLevel(options: Options): Promise<string> {
  return (await runGit(['rev-parse', '--show-toplevel'], options)).stdout.trim();
}

/** The checked-out branch's short name, or undefined when HEAD is detached. */
export async function currentBranch(options: Options): Promise<string | undefined> {
  const result = await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], {
    ...options,
    allowExitCodes: [1],
  });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/**
 * Tracked files with staged or unstaged changes (conflicts included). Untracked files do not count:
 * git refuses by itself to overwrite one, and Ouro's own `.ouro/` is usually untracked.
 */
export async function uncommittedChanges(options: Options): Promise<string[]> {
  const result = await runGit(
    ['status', '--porcelain=v1', '-z', '--untracked-files=no', '--', ':/', ':(exclude).ouro'],
    options,
  );
  return parsePorcelainStatus(result.stdout).map((entry) => entry.path);
}

/** True when `ancestor` is `descendant` or reachable from it. */
export async function isAncestor(ancestor: string, descendant: string, options: Options): Promise<boolean> {
  const result = await runGit(['merge-base', '--is-ancestor', ancestor, descendant], {
    ...options,
    allowExitCodes: [1],
  });
  return result.exitCode === 0;
}

/** Files with unresolved conflicts in the index. */
export async function conflictedFiles(options: Options): Promise<string[]> {
  const result = await runGit(['diff', '--name-only', '-z', '--diff-filter=U'], options);
  return result.stdout.split('\0').filter((name) => name !== '');
}

/** Staged paths (relative to the repository top level). */
export async function stagedPaths(options: Options): Promise<string[]> {
  const result = await runGit(['diff', '--cached', '--name-only', '-z', '--no-renames'], options);
  return result.stdout.split('\0').filter((name) => name !== '');
}

export interface Worktree {
  path: string;
  /** `refs/heads/…` stripped; undefined when detached or bare. */
  branch: string | undefined;
}

/** Every working tree of the repository (the main one first), from `git worktree list --porcelain`. */
export async function listWorktrees(options: Options): Promise<Worktree[]> {
  const result = await runGit(['worktree', 'list', '--porcelain', '-z'], options);
  const worktrees: Worktree[] = [];
  let current: Worktree | undefined;
  for (const line of result.stdout.split('\0')) {
    if (line.startsWith('worktree ')) {
      current = { path: line.slice('worktree '.length), branch: undefined };
      worktrees.push(current);
    } else if (line.startsWith('branch refs/heads/') && current) {
      current.branch = line.slice('branch refs/heads/'.length);
    }
  }
  return worktrees;
}
