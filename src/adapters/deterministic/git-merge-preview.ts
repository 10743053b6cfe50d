/**
 * What merging `head` into `base` would give, computed without touching the working tree or the
 * index (`git merge-tree --write-tree`, git ≥ 2.38). The merge asks it first so that a conflict or a
 * change that is already there is found before the policy is asked and a rollback point recorded.
 */
import { runGit, type GitCommandOptions } from './git-command.js';

export type MergePreview =
  | { outcome: 'clean'; tree: string; unchanged: boolean }
  | { outcome: 'conflict'; files: string[] }
  /** This git cannot preview (older than 2.38): the merge finds out by merging. */
  | { outcome: 'unknown' };

type Options = Omit<GitCommandOptions, 'allowExitCodes' | 'input'>;

export async function previewMerge(base: string, head: string, options: Options): Promise<MergePreview> {
  const result = await runGit(
    ['merge-tree', '--write-tree', '--no-messages', '--name-only', '-z', base, head],
    // 1: conflicts; 128/129: an option this git does not know.
    { ...options, allowExitCodes: [1, 128, 129] },
  );
  const [tree = '', ...files] = result.stdout.split('\0').filter((part) => part !== '');
  if (!/^[0-9a-f]{40,64}$/.test(tree)) return { outcome: 'unknown' };
  if (result.exitCode === 1) return { outcome: 'conflict', files: [...new Set(files)] };
  if (result.exitCode !== 0) return { outcome: 'unknown' };
  const baseTree = (await runGit(['rev-parse', `${base}^{tree}`], options)).stdout.trim();
  return { outcome: 'clean', tree, unchanged: tree === baseTree };
}
