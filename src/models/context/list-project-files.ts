/**
 * The files of a project, relative to its directory with forward slashes: `git ls-files` (tracked and
 * untracked-but-not-ignored) in a git work tree, otherwise a walk that honours .gitignore files. Both
 * leave out Ouro's own `.ouro/` directory; the walk also skips `.git/` and `node_modules/`, which a
 * project without git may not ignore explicitly.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { GitignoreRules } from './gitignore-rules.js';
import { runGit } from './run-git.js';

const alwaysSkipped = new Set(['.git', 'node_modules', '.ouro']);
/** A walk stops here, so pointing Ouro at a home directory cannot exhaust memory. */
const maximumWalkedFiles = 200_000;

export interface ProjectFileList {
  files: string[];
  source: 'git' | 'walk';
}

async function gitFiles(projectDir: string): Promise<string[] | undefined> {
  const inside = await runGit(projectDir, ['rev-parse', '--is-inside-work-tree']);
  if (inside?.trim() !== 'true') return undefined;
  const listing = await runGit(projectDir, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  if (listing === undefined) return undefined;
  const files = listing.split('\0').filter((file) => file !== '' && !file.startsWith('.ouro/'));
  return [...new Set(files)].sort();
}

async function walkFiles(projectDir: string): Promise<string[]> {
  const rules = new GitignoreRules();
  const files: string[] = [];
  const visit = async (directory: string): Promise<void> => {
    const absolute = path.join(projectDir, directory);
    try {
      rules.add(directory, await readFile(path.join(absolute, '.gitignore'), 'utf8'));
    } catch {
      // No .gitignore here.
    }
    let entries;
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    for (const entry of entries) {
      if (files.length >= maximumWalkedFiles) return;
      const relative = directory === '' ? entry.name : `${directory}/${entry.name}`;
      // Symbolic links are not followed: they can leave the project or loop.
      if (entry.isDirectory()) {
        if (alwaysSkipped.has(entry.name) || rules.ignores(relative, true)) continue;
        await visit(relative);
      } else if (entry.isFile() && !rules.ignores(relative, false)) {
        files.push(relative);
      }
    }
  };
  await visit('');
  return files;
}

export async function listProjectFiles(projectDir: string): Promise<ProjectFileList> {
  const fromGit = await gitFiles(projectDir);
  if (fromGit !== undefined) return { files: fromGit, source: 'git' };
  return { files: await walkFiles(projectDir), source: 'walk' };
}
