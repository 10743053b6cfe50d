/**
 * Remembers every file the editing agent touches as it was before the first touch, so the step can
 * report exactly the agent's change as a unified diff — not whatever else was already uncommitted in
 * the working directory. The diff itself is git's (`git diff --no-index` over the two snapshots),
 * so it applies with `git apply` and reads like any other patch.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OuroError } from '../../../errors/index.js';
import { runProcess } from '../../process/run-process.js';

export interface FileChange {
  path: string;
  /** null: the file did not exist. */
  before: string | null;
  after: string | null;
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
    throw error;
  }
}

export class ChangeTracker {
  private readonly before = new Map<string, string | null>();

  constructor(private readonly root: string) {}

  /** Call before modifying `relative`; only the first call per file takes the snapshot. */
  async remember(relative: string): Promise<void> {
    if (this.before.has(relative)) return;
    this.before.set(relative, await readOrNull(path.join(this.root, relative)));
  }

  /** Files whose content now differs from their snapshot, sorted by path. */
  async changes(): Promise<FileChange[]> {
    const changes: FileChange[] = [];
    for (const [relative, before] of [...this.before.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const after = await readOrNull(path.join(this.root, relative));
      if (after !== before) changes.push({ path: relative, before, after });
    }
    return changes;
  }
}

async function diffOne(scratch: string, change: FileChange, env: NodeJS.ProcessEnv): Promise<string> {
  const side = async (name: 'a' | 'b', content: string | null): Promise<string> => {
    if (content === null) return '/dev/null';
    const relative = `${name}/${change.path}`;
    await mkdir(path.dirname(path.join(scratch, relative)), { recursive: true });
    await writeFile(path.join(scratch, relative), content);
    return relative;
  };
  const before = await side('a', change.before);
  const after = await side('b', change.after);
  const result = await runProcess({
    command: 'git',
    // Empty prefixes: the scratch paths already start with a/ and b/, so headers read a/<path> b/<path>.
    args: [
      'diff',
      '--no-index',
      '--no-color',
      '--no-ext-diff',
      '--src-prefix=',
      '--dst-prefix=',
      before,
      after,
    ],
    cwd: scratch,
    env,
    timeoutMs: 60_000,
  });
  // git diff exits 1 when the files differ; anything else is a failure.
  if (result.exitCode !== 0 && result.exitCode !== 1) {
    throw new OuroError('OURO_GIT_FAILED', {
      action: 'diff --no-index',
      reason: result.stderr.trim() || `exit ${String(result.exitCode)}`,
    });
  }
  return result.stdout;
}

/** A unified diff (git format) of the changes, paths relative to the working directory. */
export async function unifiedDiff(changes: readonly FileChange[], env: NodeJS.ProcessEnv): Promise<string> {
  if (changes.length === 0) return '';
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'ouro-diff-'));
  try {
    const parts: string[] = [];
    for (const change of changes) parts.push(await diffOne(scratch, change, env));
    return parts.join('');
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
