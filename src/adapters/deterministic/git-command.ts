/**
 * Runs git for the git adapter and the verifier's diff gate: never prompts (GIT_TERMINAL_PROMPT=0),
 * messages in the C locale so that they read the same everywhere, and a non-zero exit becomes
 * OURO_GIT_FAILED carrying git's own stderr.
 */
import { OuroError } from '../../errors/index.js';
import { runProcess, type ProcessResult } from '../process/run-process.js';

export interface GitCommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** What the caller was doing, for the error message (`commit`, `diff`…). */
  action: string;
  /** Exit codes that are answers rather than failures (`git diff --quiet` → 1). */
  allowExitCodes?: number[];
  input?: string;
  maxOutputBytes?: number;
}

export function gitEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
}

/** The first non-blank line of git's output (its error message), or `fallback`. */
export function firstLine(text: string, fallback: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? fallback
  );
}

export async function runGit(args: string[], options: GitCommandOptions): Promise<ProcessResult> {
  const result = await runProcess({
    command: 'git',
    args,
    cwd: options.cwd,
    env: gitEnvironment(options.env),
    signal: options.signal,
    input: options.input,
    maxOutputBytes: options.maxOutputBytes,
  });
  if (result.aborted) throw new OuroError('OURO_CANCELLED', { reason: `git ${options.action} aborted` });
  const allowed = [0, ...(options.allowExitCodes ?? [])];
  if (result.exitCode === null || !allowed.includes(result.exitCode)) {
    const reason = firstLine(result.stderr, `exit code ${result.exitCode}`);
    if (/not a git repository/i.test(result.stderr)) {
      throw new OuroError('OURO_GIT_NOT_A_REPOSITORY', { path: options.cwd }, { details: { args } });
    }
    throw new OuroError(
      'OURO_GIT_FAILED',
      { action: options.action, reason },
      {
        details: {
          args,
          exitCode: result.exitCode,
          signal: result.signal,
          stderr: result.stderr.slice(0, 8192),
        },
      },
    );
  }
  return result;
}

/** The full sha a revision names, or undefined when it names no commit. */
export async function resolveCommit(
  revision: string,
  options: GitCommandOptions,
): Promise<string | undefined> {
  const result = await runGit(
    ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`],
    {
      ...options,
      allowExitCodes: [1, 128],
    },
  );
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** git's well-known empty tree: the base of a diff in a repository without commits. */
export const emptyTreeSha = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * Ouro keeps its own state (runs, artifacts, database, logs) in `.ouro/` of the project directory;
 * the git adapter must never report, diff or commit it, even when the project has no .gitignore for
 * it. Relative to the working directory, which is the project directory.
 */
export const excludeOuroState = ':(exclude).ouro';

/** Pathspecs for "these paths (default: the whole repository), never Ouro's state". */
export function scopedPathspecs(paths: string[] | undefined): string[] {
  const positive = paths !== undefined && paths.length > 0 ? paths : [':/'];
  return [...positive, excludeOuroState];
}
