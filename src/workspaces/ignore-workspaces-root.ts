/**
 * Makes sure the project's git ignores the workspaces directory when it lies inside the project.
 * Each workspace holds a `.git` file, so an unignored root would be picked up by `git add --all` in the
 * project as embedded repositories. `ouro init` ignores `.ouro/`; a project set up by hand (or with
 * another `work_dir`) might not, so the root is added to `.git/info/exclude` — local to this clone,
 * never a change to a tracked file.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runGit } from './run-git.js';

export async function ignoreWorkspacesRoot(projectDir: string, realRoot: string): Promise<void> {
  const topLevel = await runGit(projectDir, ['rev-parse', '--show-toplevel']);
  if (topLevel.exitCode !== 0) return;
  const relative = path.relative(topLevel.stdout.trim(), realRoot);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return;
  if ((await runGit(projectDir, ['check-ignore', '--quiet', `${relative}/`])).exitCode === 0) return;
  const commonDir = await runGit(projectDir, ['rev-parse', '--git-common-dir']);
  if (commonDir.exitCode !== 0) return;
  const excludeFile = path.join(path.resolve(projectDir, commonDir.stdout.trim()), 'info', 'exclude');
  const pattern = `/${relative.split(path.sep).join('/')}/`;
  const existing = await readFile(excludeFile, 'utf8').catch(() => '');
  if (existing.split('\n').includes(pattern)) return;
  await mkdir(path.dirname(excludeFile), { recursive: true });
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  await appendFile(excludeFile, `${separator}# Ouro task workspaces (git worktrees)\n${pattern}\n`);
}
