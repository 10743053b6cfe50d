/**
 * Turns a task key into the name of its workspace directory and branch (`ouro/<name>`). A name is
 * only `[a-z0-9._-]`, never `..`, never starts with `.` or `-` (no hidden directory, no git flag),
 * never ends with `.`, `.lock` (invalid ref) or `.json` (the marker files share the directory), and is
 * bounded. Lower case, so that two keys differing only in case do not meet on a case-insensitive file
 * system. Whenever sanitizing changed the key, a hash of the original is appended — and so is it for
 * a clean key that already looks like it carries one — so two different keys never share a name.
 */
import { createHash } from 'node:crypto';
import { OuroError } from '../errors/index.js';

/** Longest name before the hash suffix; keeps paths and branch names readable. */
export const maxWorkspaceNameBase = 48;
const hashLength = 10;
const hashSuffix = new RegExp(`-[0-9a-f]{${hashLength}}$`);

function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, hashLength);
}

function cleaned(key: string): string {
  return key
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/[-.]*-[-.]*/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/(\.lock|\.json)+$/, '')
    .replace(/\.+$/, '')
    .slice(0, maxWorkspaceNameBase)
    .replace(/[.-]+$/, '');
}

export function workspaceName(key: string): string {
  if (key.length === 0)
    throw new OuroError('OURO_WORKSPACE_KEY_INVALID', { key: '""', reason: 'it is empty' });
  const base = cleaned(key);
  if (base === key && !hashSuffix.test(key)) return key;
  return `${base === '' ? 'workspace' : base}-${hashOf(key)}`;
}

/** The branch a workspace works on. */
export function workspaceBranch(name: string): string {
  return `ouro/${name}`;
}
