/**
 * Paths in diagnostics and test reports are relative to the project with forward slashes, whatever
 * the tool printed (absolute, `./`-prefixed, relative to its own cwd), so artifacts compare across
 * machines and runs.
 */
import path from 'node:path';

export function toProjectPath(projectDir: string, file: string): string {
  const absolute = path.isAbsolute(file) ? file : path.resolve(projectDir, file);
  const relative = path.relative(projectDir, absolute);
  return (relative === '' ? '.' : relative).split(path.sep).join('/');
}

// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ansiPattern = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Tools colour their output even when asked not to; reports store plain text. */
export function stripAnsi(text: string): string {
  return text.replace(ansiPattern, '');
}

/** A 1-based position from a tool value that may be missing, zero or nonsense. */
export function positiveInteger(value: unknown, fallback = 1): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fallback;
}
