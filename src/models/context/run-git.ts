/**
 * Read-only git queries for the context builder (file list, recent changes). Git missing, a directory
 * that is not a repository, or any other failure yields `undefined`: the caller falls back to a
 * directory walk or to no recency signal, since context is a best-effort aid, not a correctness gate.
 */
import { execFile } from 'node:child_process';

export function runGit(projectDir: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      {
        cwd: projectDir,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        // Never prompt (a credential helper, a pager) — this runs unattended.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
      },
      (error, stdout) => resolve(error ? undefined : stdout),
    );
  });
}
