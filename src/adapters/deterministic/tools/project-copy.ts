/**
 * Copies a project for work that must not touch it (code_fixers with `apply: false`, the "before"
 * side of a fixes diff): everything except dependency, VCS and cache directories. A copy that
 * needs the project's JavaScript tools gets a symlink to the nearest node_modules (the project's
 * own or an ancestor's, as in a workspace), so its configs resolve their plugins as before.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cp, readdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';

export const excludedDirectoryNames = new Set([
  'node_modules',
  '.git',
  '.ouro',
  '.venv',
  'venv',
  '__pycache__',
  '.mypy_cache',
  '.ruff_cache',
  '.pytest_cache',
  '.vite',
]);

export async function copyProject(projectDir: string, destination: string): Promise<void> {
  const root = path.resolve(projectDir);
  await cp(root, destination, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => source === root || !excludedDirectoryNames.has(path.basename(source)),
  });
}

/** Whether a node_modules holds packages, not only tool caches such as `.vite` or `.cache`. */
function holdsPackages(directory: string): boolean {
  return readdirSync(directory).some((entry) => !entry.startsWith('.') || entry === '.bin');
}

/**
 * The node_modules a tool run from `projectDir` would find its packages in: its own, or the nearest
 * ancestor's. A node_modules holding only caches (vitest creates `node_modules/.vite`) is passed over.
 */
export function nearestNodeModules(projectDir: string): string | undefined {
  let directory = path.resolve(projectDir);
  for (;;) {
    const candidate = path.join(directory, 'node_modules');
    if (existsSync(candidate) && statSync(candidate).isDirectory() && holdsPackages(candidate))
      return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

export async function linkNodeModules(projectDir: string, copyDir: string): Promise<void> {
  const source = nearestNodeModules(projectDir);
  if (source !== undefined) await symlink(source, path.join(copyDir, 'node_modules'), 'dir');
}

/** Project-relative paths (forward slashes) of every file in a copy, skipping excluded directories. */
export async function listFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (excludedDirectoryNames.has(entry.name)) continue;
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(root, child)));
    else if (entry.isFile()) files.push(child);
  }
  return files.sort();
}

/** Files whose content differs between two trees (files only in `after` are not considered). */
export async function changedFiles(before: string, after: string): Promise<string[]> {
  const changed: string[] = [];
  for (const file of await listFiles(before)) {
    const [old, current] = await Promise.all([
      readFile(path.join(before, file)),
      readFile(path.join(after, file)).catch(() => undefined),
    ]);
    if (current === undefined || !old.equals(current)) changed.push(file);
  }
  return changed;
}
