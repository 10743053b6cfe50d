/**
 * The change of the working tree against a base commit, untracked files included, computed without
 * touching the repository's index: the index is copied to a temporary file, everything is staged
 * there, and `git diff --cached` compares it with the base. Renames show as delete + add.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OuroError } from '../../errors/index.js';
import { emptyTreeSha, resolveCommit, runGit, scopedPathspecs } from './git-command.js';

export interface DiffFileStat {
  path: string;
  insertions: number;
  deletions: number;
  binary: boolean;
}

export interface WorkingTreeDiff {
  base: string;
  patch: string;
  files: DiffFileStat[];
  filesChanged: number;
  insertions: number;
  deletions: number;
}

export interface WorkingTreeDiffOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Revision to compare with; default HEAD (the empty tree when there is no commit yet). */
  base?: string;
  /** Pathspecs relative to cwd; default the whole repository. */
  paths?: string[];
}

const maxPatchBytes = 64 * 1024 * 1024;

function parseNumstat(text: string): DiffFileStat[] {
  // -z form: "<ins>\t<del>\t<path>\0" (renames are off, so one path per record).
  return text
    .split('\0')
    .filter((record) => record !== '')
    .map((record) => {
      const [insertions = '0', deletions = '0', ...rest] = record.split('\t');
      const binary = insertions === '-' && deletions === '-';
      return {
        path: rest.join('\t'),
        insertions: binary ? 0 : Number(insertions),
        deletions: binary ? 0 : Number(deletions),
        binary,
      };
    });
}

export async function diffWorkingTree(options: WorkingTreeDiffOptions): Promise<WorkingTreeDiff> {
  const command = { cwd: options.cwd, env: options.env, signal: options.signal, action: 'diff' };
  let base: string;
  if (options.base !== undefined) {
    const resolved = await resolveCommit(options.base, command);
    if (resolved === undefined) {
      throw new OuroError('OURO_GIT_FAILED', {
        action: 'diff',
        reason: `unknown base revision "${options.base}"`,
      });
    }
    base = resolved;
  } else {
    base = (await resolveCommit('HEAD', command)) ?? emptyTreeSha;
  }
  const indexPath = path.resolve(
    options.cwd,
    (await runGit(['rev-parse', '--git-path', 'index'], command)).stdout.trim(),
  );
  const temporary = await mkdtemp(path.join(os.tmpdir(), 'ouro-git-index-'));
  const temporaryIndex = path.join(temporary, 'index');
  try {
    await copyFile(indexPath, temporaryIndex).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error; // a repository without an index yet starts from empty
    });
    const withIndex = { ...command, env: { ...options.env, GIT_INDEX_FILE: temporaryIndex } };
    const pathspecs = scopedPathspecs(options.paths);
    await runGit(['add', '--all', '--', ...pathspecs], withIndex);
    const diffArguments = [
      'diff',
      '--cached',
      '--no-renames',
      '--no-color',
      '--no-ext-diff',
      base,
      '--',
      ...pathspecs,
    ];
    const numstat = await runGit(
      [...diffArguments.slice(0, 1), '--numstat', '-z', ...diffArguments.slice(1)],
      withIndex,
    );
    const patch = await runGit([...diffArguments.slice(0, 1), '--binary', ...diffArguments.slice(1)], {
      ...withIndex,
      maxOutputBytes: maxPatchBytes,
    });
    if (patch.stdoutTruncated) {
      throw new OuroError('OURO_GIT_FAILED', { action: 'diff', reason: 'the patch is larger than 64 MiB' });
    }
    const files = parseNumstat(numstat.stdout);
    return {
      base,
      patch: patch.stdout,
      files,
      filesChanged: files.length,
      insertions: files.reduce((sum, file) => sum + file.insertions, 0),
      deletions: files.reduce((sum, file) => sum + file.deletions, 0),
    };
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}
