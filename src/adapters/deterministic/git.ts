/**
 * `git`: the handful of repository operations workflows need — status, diff (patch artifact),
 * create_branch (idempotent), commit, checkout and merge (with a rollback point) — by running the
 * git CLI in the project directory. Unavailable when git is not installed. Commits of protected
 * paths and merges ask the policy through `context.policy` (git-commit.ts, git-merge.ts).
 */
import { OuroError } from '../../errors/index.js';
import { resolveExecutable, toolVersion } from '../process/resolve-executable.js';
import { stepErrorFrom } from '../process/step-failure.js';
import type { Adapter, StepContext, StepResult } from '../types.js';
import { resolveCommit, runGit, scopedPathspecs, type GitCommandOptions } from './git-command.js';
import { commit } from './git-commit.js';
import { diffWorkingTree } from './git-diff-stat.js';
import { merge } from './git-merge.js';
import { gitParamsSchema, type GitParams, type GitParamsOf } from './git-params.js';
import { parsePorcelainStatus } from './git-status.js';

type Outputs = Record<string, unknown>;

function options(
  context: StepContext,
  action: string,
  env: NodeJS.ProcessEnv = context.env,
): GitCommandOptions {
  return { cwd: context.workDir, env, signal: context.signal, action };
}

async function status(context: StepContext): Promise<StepResult<Outputs>> {
  const result = await runGit(
    ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...scopedPathspecs(undefined)],
    options(context, 'status'),
  );
  const entries = parsePorcelainStatus(result.stdout);
  const changedFiles = entries.map((entry) => entry.path);
  return {
    status: 'succeeded',
    outputs: { clean: entries.length === 0, changed_files: changedFiles },
    summary: entries.length === 0 ? 'clean' : `${entries.length} changed file(s)`,
  };
}

async function diff(params: GitParamsOf<'diff'>, context: StepContext): Promise<StepResult<Outputs>> {
  const summary = await diffWorkingTree({
    cwd: context.workDir,
    env: context.env,
    signal: context.signal,
    base: params.base,
    paths: params.paths,
  });
  const artifact = await context.artifacts.write(
    params.patch_artifact ?? context.artifacts.primary(`artifacts/${context.stepId}.patch`, '.patch'),
    summary.patch,
  );
  return {
    status: 'succeeded',
    outputs: {
      files_changed: summary.filesChanged,
      insertions: summary.insertions,
      deletions: summary.deletions,
      files: summary.files.map((file) => file.path),
      base: summary.base,
      patch: artifact.path,
    },
    artifacts: [artifact],
    summary: `${summary.filesChanged} file(s), +${summary.insertions} −${summary.deletions}`,
  };
}

async function createBranch(
  params: GitParamsOf<'create_branch'>,
  context: StepContext,
): Promise<StepResult<Outputs>> {
  const command = options(context, 'create_branch');
  await runGit(['check-ref-format', '--branch', params.name], command);
  const from = params.from ?? 'HEAD';
  const wanted = await resolveCommit(from, command);
  if (wanted === undefined) {
    throw new OuroError('OURO_GIT_FAILED', { action: 'create_branch', reason: `"${from}" names no commit` });
  }
  const existing = await resolveCommit(`refs/heads/${params.name}`, command);
  if (existing !== undefined && existing !== wanted) {
    throw new OuroError('OURO_GIT_BRANCH_CONFLICT', { name: params.name, existing, wanted });
  }
  if (existing === undefined) await runGit(['branch', '--end-of-options', params.name, wanted], command);
  if (params.checkout) await runGit(['checkout', '--quiet', params.name, '--'], command);
  return {
    status: 'succeeded',
    outputs: { branch: params.name, sha: wanted, created: existing === undefined },
    summary:
      existing === undefined ? `created ${params.name}` : `${params.name} already at ${wanted.slice(0, 12)}`,
  };
}

async function checkout(params: GitParamsOf<'checkout'>, context: StepContext): Promise<StepResult<Outputs>> {
  const command = options(context, 'checkout');
  await runGit(['checkout', '--quiet', params.ref, '--'], command);
  const sha = (await runGit(['rev-parse', 'HEAD'], command)).stdout.trim();
  const branch = await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], {
    ...command,
    allowExitCodes: [1],
  });
  return {
    status: 'succeeded',
    outputs: { ref: params.ref, sha, branch: branch.exitCode === 0 ? branch.stdout.trim() : null },
    summary: `checked out ${params.ref}`,
  };
}

function dispatch(params: GitParams, context: StepContext): Promise<StepResult<Outputs>> {
  switch (params.action) {
    case 'status':
      return status(context);
    case 'diff':
      return diff(params, context);
    case 'create_branch':
      return createBranch(params, context);
    case 'commit':
      return commit(params, context);
    case 'checkout':
      return checkout(params, context);
    case 'merge':
      return merge(params, context);
  }
}

export const gitAdapter: Adapter<GitParams, Outputs> = {
  id: 'git',
  kind: 'deterministic',
  version: '1.0.0',
  description:
    'Repository operations: status, diff (patch artifact), create_branch, commit, checkout, merge (with a rollback point)',
  params: gitParamsSchema,
  effects: ['run_command', 'write_protected_path', 'merge'],
  // `merge` counts as read-only for the command check: everything it changes is behind its own
  // `merge` decision (the preview, git merge-tree, only writes unreferenced objects), so shadow mode
  // runs it up to that decision and records the merge with its risk instead of a bare command.
  readOnly: (params) => params.action === 'status' || params.action === 'diff' || params.action === 'merge',
  async available(context) {
    const executable = resolveExecutable('git', context.projectDir, context.env);
    if (executable === undefined) {
      return {
        available: false,
        reason: 'git is not installed (not found on PATH)',
        remedy: 'Install git (for example `apt-get install git` or `brew install git`).',
      };
    }
    const version = await toolVersion(executable, ['--version'], context.env);
    return version === undefined ? { available: true } : { available: true, version };
  },
  async execute(params, context) {
    try {
      return await dispatch(params, context);
    } catch (error) {
      return {
        status: 'failed',
        outputs: {},
        error: stepErrorFrom(error),
        summary: `git ${params.action} failed`,
      };
    }
  },
};
