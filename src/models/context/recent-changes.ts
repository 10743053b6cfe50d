/**
 * Which files changed recently, from `git log`: each file of the last N commits (not older than the
 * age limit) gets a weight from 1 (the newest commit) down towards 0, the newest mention winning.
 * Paths are relative to the project directory (`--relative`), matching the file list.
 */
import { runGit } from './run-git.js';

const commitMarker = '\u0001commit ';

export async function recentChanges(
  projectDir: string,
  options: { commits: number; now: Date; maximumAgeDays: number },
): Promise<Map<string, number>> {
  const weights = new Map<string, number>();
  if (options.commits <= 0) return weights;
  const log = await runGit(projectDir, [
    'log',
    `-n${options.commits}`,
    '--relative',
    '--name-only',
    '--no-renames',
    `--format=${commitMarker}%ct`,
  ]);
  if (log === undefined) return weights;
  const oldest = options.now.getTime() / 1000 - options.maximumAgeDays * 86_400;
  let index = -1;
  let tooOld = false;
  for (const line of log.split('\n')) {
    if (line.startsWith(commitMarker)) {
      index += 1;
      tooOld = Number(line.slice(commitMarker.length)) < oldest;
      continue;
    }
    const file = line.trim();
    if (file === '' || tooOld || weights.has(file)) continue;
    weights.set(file, 1 - index / options.commits);
  }
  return weights;
}
