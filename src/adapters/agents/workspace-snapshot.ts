/**
 * Takes an agent's change as a diff from git. Before the agent runs, the whole working tree
 * (untracked files included, ignored files excluded) is written as a git tree object through a
 * temporary copy of the index; after it ran, the same again, and the patch is the diff of the two
 * trees. So the patch holds exactly what the agent changed — not edits that were there before — and
 * the repository's own index, HEAD and branches are never touched (the only trace is unreferenced
 * objects that `git gc` removes).
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '../deterministic/git-command.js';

export interface WorkspaceChange {
  /** Binary-safe unified diff (`git apply` applies it from the repository root). */
  patch: string;
  /** Paths changed, relative to the repository root. */
  files: string[];
}

interface SnapshotOptions {
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** Writes the working tree as a tree object and returns its id. */
export async function snapshotWorkspace(workDir: string, options: SnapshotOptions): Promise<string> {
  const git = (args: string[], action: string, env: NodeJS.ProcessEnv = options.env) =>
    runGit(args, { cwd: workDir, env, signal: options.signal, action });
  const indexPath = (
    await git(['rev-parse', '--path-format=absolute', '--git-path', 'index'], 'snapshot')
  ).stdout.trim();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'ouro-agent-index-'));
  try {
    const temporaryIndex = path.join(scratch, 'index');
    try {
      // Starting from the real index lets git reuse its stat cache instead of hashing every file.
      await copyFile(indexPath, temporaryIndex);
    } catch {
      // A repository without commits or index: git builds a fresh one.
    }
    const env = { ...options.env, GIT_INDEX_FILE: temporaryIndex };
    await git(['add', '--all', '--', ':/'], 'snapshot', env);
    return (await git(['write-tree'], 'snapshot', env)).stdout.trim();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The change between a snapshot and the working tree now. */
export async function workspaceChangeSince(
  workDir: string,
  before: string,
  options: SnapshotOptions,
): Promise<WorkspaceChange> {
  const after = await snapshotWorkspace(workDir, options);
  if (after === before) return { patch: '', files: [] };
  const common = ['-c', 'core.quotepath=false', 'diff', '--no-color', '--no-ext-diff', '--no-renames'];
  const patch = await runGit([...common, '--binary', before, after], {
    cwd: workDir,
    env: options.env,
    signal: options.signal,
    action: 'diff',
  });
  const names = await runGit([...common, '--name-only', '-z', before, after], {
    cwd: workDir,
    env: options.env,
    signal: options.signal,
    action: 'diff',
  });
  return { patch: patch.stdout, files: names.stdout.split('\0').filter((name) => name !== '') };
}
