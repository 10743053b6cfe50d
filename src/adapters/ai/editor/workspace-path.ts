/**
 * Confines the editing agent to its working directory. A path from the model is untrusted: it must be
 * relative, must not climb with `..`, must not enter `.git/`, and — checked on the real filesystem —
 * must not leave the directory through a symbolic link (the nearest existing ancestor is resolved
 * for a file that does not exist yet). A policy hook may deny a path on top of that.
 */
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

/** Decides whether the agent may touch a path (relative to the working directory, forward slashes). */
export type PathPolicy = (relativePath: string) => boolean | Promise<boolean>;

export type ToolPath = { ok: true; absolute: string; relative: string } | { ok: false; reason: string };

function inside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + path.sep);
}

/** The real path of `target` or of its nearest existing ancestor; undefined for a dangling symbolic link. */
async function nearestExistingRealPath(target: string): Promise<string | undefined> {
  let current = target;
  for (;;) {
    try {
      return await realpath(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      // A link whose target does not exist: writing through it would create the target, wherever it is.
      const exists = await lstat(current).then(
        () => true,
        () => false,
      );
      if (exists) return undefined;
      const parent = path.dirname(current);
      if (parent === current) throw error;
      current = parent;
    }
  }
}

/**
 * Resolves a model-supplied path against `root` (already a real path). `allowRoot` lets directory
 * tools name the working directory itself (`.`).
 */
export async function resolveToolPath(
  root: string,
  requested: string,
  policy: PathPolicy | undefined,
  options: { allowRoot?: boolean } = {},
): Promise<ToolPath> {
  if (typeof requested !== 'string' || requested.trim() === '')
    return { ok: false, reason: 'the path is empty' };
  if (requested.includes('\0')) return { ok: false, reason: 'the path contains a NUL character' };
  const slashed = requested.replaceAll('\\', '/');
  if (path.posix.isAbsolute(slashed) || path.isAbsolute(requested) || /^[a-zA-Z]:/.test(slashed)) {
    return { ok: false, reason: `"${requested}" is absolute; use a path relative to the working directory` };
  }
  if (slashed.split('/').includes('..')) {
    return {
      ok: false,
      reason: `"${requested}" contains "..": paths must stay inside the working directory`,
    };
  }
  const relative = path.posix.normalize(slashed).replace(/\/+$/, '') || '.';
  if (relative === '.' && options.allowRoot !== true) {
    return { ok: false, reason: 'the path names the working directory itself, not a file' };
  }
  if (relative === '.git' || relative.startsWith('.git/')) {
    return { ok: false, reason: 'the .git directory is off limits' };
  }
  const absolute = path.join(root, relative);
  const real = await nearestExistingRealPath(absolute);
  if (real === undefined || !inside(root, real)) {
    return {
      ok: false,
      reason: `"${requested}" resolves (through a symbolic link) outside the working directory`,
    };
  }
  if (relative !== '.' && policy !== undefined && !(await policy(relative))) {
    return { ok: false, reason: `policy denies access to "${relative}"` };
  }
  return { ok: true, absolute, relative };
}
