/**
 * Finds the commit new workspaces start from: the configured base branch or the default branch,
 * taken from `origin` after a fetch when the repository has that remote (so a task starts from what
 * is merged upstream, not from a stale local copy), else from the local branch. A failed fetch
 * (offline) is logged and the last fetched state is used.
 */
import { OuroError } from '../errors/index.js';
import type { Logger } from '../observability/logger-types.js';
import { runGit } from './run-git.js';

export interface BaseRevision {
  /** `main` */
  branch: string;
  /** `origin/main` or `main`: what merged-ness is judged against. */
  ref: string;
  commit: string;
}

async function output(cwd: string, args: string[]): Promise<string | undefined> {
  const result = await runGit(cwd, args);
  const text = result.stdout.trim();
  return result.exitCode === 0 && text !== '' ? text : undefined;
}

export async function hasOrigin(projectDir: string): Promise<boolean> {
  return (await output(projectDir, ['remote', 'get-url', 'origin'])) !== undefined;
}

async function commitOf(projectDir: string, ref: string): Promise<string | undefined> {
  return output(projectDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
}

async function defaultBranchName(projectDir: string, origin: boolean): Promise<string | undefined> {
  if (origin) {
    const remoteHead = await output(projectDir, ['symbolic-ref', '--short', 'refs/remotes/origin/HEAD']);
    if (remoteHead !== undefined) return remoteHead.replace(/^origin\//, '');
  }
  for (const candidate of ['main', 'master']) {
    if ((await commitOf(projectDir, `refs/heads/${candidate}`)) !== undefined) return candidate;
    if (origin && (await commitOf(projectDir, `refs/remotes/origin/${candidate}`)) !== undefined)
      return candidate;
  }
  return output(projectDir, ['symbolic-ref', '--short', 'HEAD']);
}

export async function resolveBaseRevision(options: {
  projectDir: string;
  configured: string | undefined;
  /** Fetch from origin first (creation); listings and cleanup judge against what is there. */
  fetch: boolean;
  logger: Logger;
}): Promise<BaseRevision> {
  const { projectDir, logger } = options;
  if ((await commitOf(projectDir, 'HEAD')) === undefined && !(await hasOrigin(projectDir))) {
    throw new OuroError('OURO_WORKSPACE_NOT_A_REPOSITORY', { directory: projectDir });
  }
  const origin = await hasOrigin(projectDir);
  const branch = options.configured ?? (await defaultBranchName(projectDir, origin));
  if (branch === undefined)
    throw new OuroError('OURO_WORKSPACE_BASE_BRANCH_NOT_FOUND', { branch: 'none detected' });
  if (origin && options.fetch) {
    const fetched = await runGit(projectDir, ['fetch', '--quiet', 'origin', branch]);
    if (fetched.exitCode !== 0) {
      logger.warn(
        { event: 'workspace_fetch_failed', branch, stderr: fetched.stderr.trim() },
        'fetching the base branch from origin failed; using the last fetched state',
      );
    }
  }
  for (const ref of origin ? [`origin/${branch}`, branch] : [branch]) {
    const commit = await commitOf(projectDir, ref);
    if (commit !== undefined) return { branch, ref, commit };
  }
  throw new OuroError('OURO_WORKSPACE_BASE_BRANCH_NOT_FOUND', { branch });
}
