/**
 * Builds the unified diff of what fixers changed, with `git diff --no-index` over two small trees
 * holding only the changed files (old and new), so the patch has clean `a/<path> b/<path>` headers
 * and applies with `git apply` from the project root.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OuroError } from '../../../errors/index.js';
import { runProcess } from '../../process/run-process.js';
import type { StepContext } from '../../types.js';

export async function diffChangedFiles(
  files: readonly string[],
  beforeDir: string,
  afterDir: string,
  context: StepContext,
): Promise<string> {
  if (files.length === 0) return '';
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'ouro-fixes-diff-'));
  try {
    for (const file of files) {
      for (const [side, source] of [
        ['a', beforeDir],
        ['b', afterDir],
      ] as const) {
        const target = path.join(scratch, side, ...file.split('/'));
        await mkdir(path.dirname(target), { recursive: true });
        await copyFile(path.join(source, ...file.split('/')), target);
      }
    }
    const result = await runProcess({
      command: 'git',
      args: [
        '-c',
        'core.quotepath=false',
        'diff',
        '--no-index',
        '--no-color',
        '--no-prefix',
        '--no-ext-diff',
        'a',
        'b',
      ],
      cwd: scratch,
      env: context.env,
      signal: context.signal,
    });
    if (result.aborted)
      throw new OuroError('OURO_CANCELLED', { reason: 'step aborted while computing the fixes diff' });
    // git diff --no-index exits 1 when the trees differ, which they do here.
    if (result.exitCode !== 0 && result.exitCode !== 1) {
      throw new OuroError('OURO_GIT_FAILED', {
        action: 'diff --no-index',
        reason: result.stderr.trim() || `exit code ${String(result.exitCode)}`,
      });
    }
    return result.stdout;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
