/**
 * The files of a working directory as an AI step sees them: in a git repository the tracked and
 * untracked-but-not-ignored files (so .gitignore, .git/info/exclude and global excludes all apply,
 * exactly as git reads them); elsewhere every file except node_modules/ and .git/.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';
import { runProcess } from '../process/run-process.js';

async function gitFiles(
  root: string,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<string[] | undefined> {
  try {
    const result = await runProcess({
      command: 'git',
      args: ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
      cwd: root,
      env,
      ...(signal === undefined ? {} : { signal }),
      timeoutMs: 60_000,
    });
    if (result.exitCode !== 0) return undefined;
    const listed = [...new Set(result.stdout.split('\0').filter((entry) => entry.length > 0))];
    // The index still lists files deleted in the working tree; the step only cares about what exists.
    return listed.filter((file) => existsSync(path.join(root, file)));
  } catch {
    return undefined;
  }
}

/** Every file of `root` (relative, forward slashes, sorted), honouring .gitignore when `root` is in a git repository. */
export async function listWorkspaceFiles(
  root: string,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<string[]> {
  const fromGit = await gitFiles(root, env, signal);
  const files =
    fromGit ??
    (await glob('**/*', {
      cwd: root,
      dot: true,
      onlyFiles: true,
      ignore: ['**/node_modules/**', '**/.git/**'],
      // A linked directory may point anywhere; its files are not the working directory's.
      followSymbolicLinks: false,
    }));
  return files.map((file) => file.split(path.sep).join('/')).sort();
}

/** The files matching any of `globs` (all files when `globs` is empty). */
export function filterByGlobs(files: readonly string[], globs: readonly string[]): string[] {
  if (globs.length === 0) return [...files];
  const matches = picomatch([...globs], { dot: true });
  return files.filter((file) => matches(file));
}

export interface FocusFile {
  path: string;
  content: string;
  truncated: boolean;
}

/**
 * Reads the focus files for a prompt, stopping at `maxChars` in total so a broad glob cannot blow
 * the context window; what was left out is named so the model knows it exists.
 */
export async function readFocusFiles(
  root: string,
  files: readonly string[],
  maxChars: number,
): Promise<{ included: FocusFile[]; omitted: string[] }> {
  const included: FocusFile[] = [];
  const omitted: string[] = [];
  let remaining = maxChars;
  for (const file of files) {
    if (remaining <= 0) {
      omitted.push(file);
      continue;
    }
    let content: string;
    try {
      content = await readFile(path.join(root, file), 'utf8');
    } catch {
      omitted.push(file);
      continue;
    }
    if (content.includes('\0')) {
      omitted.push(file); // binary
      continue;
    }
    const truncated = content.length > remaining;
    const kept = truncated ? content.slice(0, remaining) : content;
    remaining -= kept.length;
    included.push({ path: file, content: kept, truncated });
  }
  return { included, omitted };
}

/** The focus files as a prompt section. */
export function renderFocusFiles(focus: { included: FocusFile[]; omitted: string[] }): string {
  const parts = focus.included.map(
    (file) =>
      `<file path="${file.path}"${file.truncated ? ' truncated="true"' : ''}>\n${file.content}\n</file>`,
  );
  if (focus.omitted.length > 0) {
    parts.push(`Also in focus but left out for size: ${focus.omitted.join(', ')}`);
  }
  return parts.join('\n\n');
}
