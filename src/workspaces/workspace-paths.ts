/**
 * Where workspaces live and the proof that a workspace path stays inside that root: the root and the
 * workspace path must not be symbolic links (a link planted at either would send git and the hooks
 * elsewhere), and the real path of the workspace's parent must be the real root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OuroError } from '../errors/index.js';

export function workspacesRoot(workDir: string): string {
  return path.join(workDir, 'workspaces');
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

function unsafe(file: string, reason: string): OuroError {
  return new OuroError('OURO_WORKSPACE_PATH_UNSAFE', { path: file, reason });
}

/** Creates the root when missing; refuses a root that is a symbolic link or not a directory. */
export function ensureWorkspacesRoot(root: string): string {
  const stats = lstatOrUndefined(root);
  if (stats === undefined) fs.mkdirSync(root, { recursive: true });
  else if (stats.isSymbolicLink()) throw unsafe(root, 'the workspaces directory is a symbolic link');
  else if (!stats.isDirectory()) throw unsafe(root, 'the workspaces directory is not a directory');
  return fs.realpathSync(root);
}

/**
 * The absolute path of workspace `name` under `root`, checked: a single path segment, not a symbolic
 * link, and (resolved) directly inside the real root. Returns the path under the real root.
 */
export function safeWorkspacePath(root: string, name: string): string {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\\')) {
    throw unsafe(path.join(root, name), 'the name is not a single path segment');
  }
  const realRoot = ensureWorkspacesRoot(root);
  const candidate = path.join(realRoot, name);
  const stats = lstatOrUndefined(candidate);
  if (stats?.isSymbolicLink() === true) throw unsafe(candidate, 'it is a symbolic link');
  if (stats !== undefined && !stats.isDirectory()) throw unsafe(candidate, 'it is not a directory');
  const parent = fs.realpathSync(path.dirname(candidate));
  if (parent !== realRoot || path.relative(realRoot, candidate) !== name) {
    throw unsafe(candidate, 'it resolves outside the workspaces directory');
  }
  return candidate;
}

/** The marker next to the workspace directory: `<root>/<name>.json`. */
export function markerPath(realRoot: string, name: string): string {
  return path.join(realRoot, `${name}.json`);
}
