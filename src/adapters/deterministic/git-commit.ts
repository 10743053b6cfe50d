/**
 * The git adapter's `commit`. The adapter does not see the configuration, so it asks the policy port
 * which staged paths are protected (`safety.protected_paths`) and, only when some are, asks for
 * `write_protected_path` before committing. A refusal unstages what this step staged and commits
 * nothing, so the working tree keeps the changes for a person to look at.
 */
import type { PolicyRequest } from '../policy-port.js';
import { stepResultForVerdict } from '../policy-verdict.js';
import type { StepContext, StepResult } from '../types.js';
import { runGit, scopedPathspecs, type GitCommandOptions } from './git-command.js';
import { identityEnvironment } from './git-identity.js';
import type { GitParamsOf } from './git-params.js';
import { stagedPaths } from './git-repository-state.js';

type Outputs = Record<string, unknown>;

function options(context: StepContext, env: NodeJS.ProcessEnv = context.env): GitCommandOptions {
  return { cwd: context.workDir, env, signal: context.signal, action: 'commit' };
}

/**
 * Asks for writing the protected paths among the staged ones; returns the step result when the
 * policy stops the commit (after unstaging what `stagedByStep` lists), undefined when it may go ahead.
 */
async function protectedPathsVerdict(
  protectedPaths: string[],
  staged: string[],
  stagedByStep: string[],
  message: string,
  context: StepContext,
): Promise<StepResult<Outputs> | undefined> {
  const request: PolicyRequest = {
    action: 'write_protected_path',
    subject: `commit in ${context.workDir}`,
    subjectKey: `run:${context.runId}:step:${context.stepId}:commit`,
    initiator: 'ouro',
    effect: { paths: protectedPaths, staged: staged.length, message },
  };
  const stopped = stepResultForVerdict(await context.policy.authorize(request), request);
  if (stopped && stagedByStep.length > 0) {
    // Paths are relative to the top level (`git diff --name-only`), hence `:(top)`.
    await runGit(
      ['reset', '--quiet', '--', ...stagedByStep.map((file) => `:(top,literal)${file}`)],
      options(context),
    );
  }
  return stopped;
}

export async function commit(
  params: GitParamsOf<'commit'>,
  context: StepContext,
): Promise<StepResult<Outputs>> {
  const command = options(context);
  const stagedBefore = new Set(await stagedPaths(command));
  await runGit(
    ['add', '--all', '--', ...scopedPathspecs(params.add === 'all' ? undefined : params.add)],
    command,
  );
  const staged = await stagedPaths(command);
  if (staged.length === 0 && !params.allow_empty) {
    return { status: 'succeeded', outputs: { sha: null, committed: false }, summary: 'nothing to commit' };
  }
  const stagedByStep = staged.filter((file) => !stagedBefore.has(file));
  const protectedPaths = context.policy.protectedPaths(staged);
  if (protectedPaths.length > 0) {
    const stopped = await protectedPathsVerdict(
      protectedPaths,
      staged,
      stagedByStep,
      params.message,
      context,
    );
    if (stopped) return stopped;
  }
  const env = await identityEnvironment(command);
  const commitArguments = [
    'commit',
    '--quiet',
    '--file',
    '-',
    ...(params.allow_empty ? ['--allow-empty'] : []),
  ];
  await runGit(commitArguments, { ...options(context, env), input: params.message });
  const sha = (await runGit(['rev-parse', 'HEAD'], command)).stdout.trim();
  if (protectedPaths.length > 0) {
    await context.policy.recordEffect('write_protected_path', `commit in ${context.workDir}`, {
      sha,
      paths: protectedPaths,
    });
  }
  return { status: 'succeeded', outputs: { sha, committed: true }, summary: `committed ${sha.slice(0, 12)}` };
}
