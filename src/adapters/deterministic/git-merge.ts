/**
 * The git adapter's `merge`: merges a branch into the checked-out branch of the project, after
 * asking the policy and recording a rollback point (ARCHITECTURE.md §7: "rollback points before
 * every merge"), so that `ouro rollback` can revert it later. The repository is left as it was when
 * anything stops the merge: a refusal, a conflict, a failing hook.
 */
import { OuroError } from '../../errors/index.js';
import type { PolicyRequest } from '../policy-port.js';
import { stepResultForVerdict } from '../policy-verdict.js';
import type { StepContext, StepResult } from '../types.js';
import { firstLine, resolveCommit, runGit, type GitCommandOptions } from './git-command.js';
import { identityEnvironment } from './git-identity.js';
import { previewMerge } from './git-merge-preview.js';
import type { GitParamsOf } from './git-params.js';
import {
  conflictedFiles,
  currentBranch,
  isAncestor,
  repositoryTopLevel,
  uncommittedChanges,
} from './git-repository-state.js';

type Outputs = Record<string, unknown>;
type MergeParams = GitParamsOf<'merge'>;

function options(context: StepContext, env: NodeJS.ProcessEnv = context.env): GitCommandOptions {
  return { cwd: context.workDir, env, signal: context.signal, action: 'merge' };
}

const listed = (files: string[]): string =>
  files.length <= 5 ? files.join(', ') : `${files.slice(0, 5).join(', ')} and ${files.length - 5} more`;

/** The branch receiving the merge: `into`, which must be the checked-out branch, or the current one. */
async function targetBranch(params: MergeParams, context: StepContext): Promise<string> {
  const current = await currentBranch(options(context));
  const into = params.into ?? current;
  const directory = context.workDir;
  if (into === undefined) {
    throw new OuroError('OURO_MERGE_TARGET_NOT_CHECKED_OUT', {
      into: '(the current branch)',
      directory,
      reason: 'HEAD is detached, so there is no current branch to merge into',
    });
  }
  if (into !== current) {
    throw new OuroError('OURO_MERGE_TARGET_NOT_CHECKED_OUT', {
      into,
      directory,
      reason: `${current === undefined ? 'HEAD is detached' : `${current} is checked out`} in ${directory}`,
    });
  }
  const changes = await uncommittedChanges(options(context));
  if (changes.length > 0) {
    throw new OuroError('OURO_MERGE_TREE_NOT_CLEAN', { into, directory, files: listed(changes) });
  }
  return into;
}

async function mustResolve(revision: string, context: StepContext): Promise<string> {
  const sha = await resolveCommit(revision, options(context));
  if (sha === undefined) {
    throw new OuroError('OURO_GIT_FAILED', { action: 'merge', reason: `"${revision}" names no commit` });
  }
  return sha;
}

/**
 * Runs the merge itself; on any failure puts the tree back (`merge --abort`, or `reset --merge`
 * after a squash, which leaves no MERGE_HEAD) and throws — a conflict as OURO_MERGE_CONFLICT.
 */
async function performMerge(
  params: MergeParams,
  into: string,
  head: string,
  message: string,
  context: StepContext,
): Promise<string> {
  const env = await identityEnvironment(options(context));
  const command = { ...options(context, env), allowExitCodes: [1] };
  const undo = async (): Promise<void> => {
    const args = params.method === 'squash' ? ['reset', '--quiet', '--merge'] : ['merge', '--abort'];
    await runGit(args, { ...options(context, env), allowExitCodes: [1, 128] });
  };
  const merged =
    params.method === 'squash'
      ? await runGit(['merge', '--squash', '--end-of-options', head], command)
      : await runGit(['merge', '--no-ff', '--no-edit', '-m', message, '--end-of-options', head], command);
  if (merged.exitCode !== 0) {
    const conflicts = await conflictedFiles(options(context));
    await undo();
    if (conflicts.length > 0) {
      throw new OuroError('OURO_MERGE_CONFLICT', { branch: params.branch, into, files: listed(conflicts) });
    }
    const reason = firstLine(merged.stderr, `exit code ${merged.exitCode}`);
    throw new OuroError(
      'OURO_GIT_FAILED',
      { action: 'merge', reason },
      { details: { stderr: merged.stderr } },
    );
  }
  if (params.method === 'squash') {
    const committed = await runGit(['commit', '--quiet', '--file', '-'], { ...command, input: message });
    if (committed.exitCode !== 0) {
      await undo();
      const reason = firstLine(committed.stderr, 'git commit failed');
      throw new OuroError(
        'OURO_GIT_FAILED',
        { action: 'merge', reason },
        { details: { stderr: committed.stderr } },
      );
    }
  }
  return (await runGit(['rev-parse', 'HEAD'], options(context))).stdout.trim();
}

export async function merge(params: MergeParams, context: StepContext): Promise<StepResult<Outputs>> {
  const into = await targetBranch(params, context);
  const base = await mustResolve(`refs/heads/${into}`, context);
  const head = await mustResolve(params.branch, context);
  const unchanged = {
    merge_sha: null,
    rollback_point: null,
    method: params.method,
    base,
    head,
    merged: false,
  };
  // Nothing to merge (a retried step whose merge already happened lands here too): no request, no point.
  if (await isAncestor(head, base, options(context))) {
    return { status: 'succeeded', outputs: unchanged, summary: `${params.branch} is already in ${into}` };
  }
  const preview = await previewMerge(base, head, options(context));
  if (preview.outcome === 'conflict') {
    throw new OuroError('OURO_MERGE_CONFLICT', { branch: params.branch, into, files: listed(preview.files) });
  }
  // A squash that would commit nothing (a retried squash step lands here); a merge commit still
  // records the branch as merged, so it goes ahead even when the tree does not change.
  if (params.method === 'squash' && preview.outcome === 'clean' && preview.unchanged) {
    return {
      status: 'succeeded',
      outputs: unchanged,
      summary: `${into} already has the changes of ${params.branch}`,
    };
  }

  const subject = `merge ${params.branch} into ${into}`;
  const description = params.message ?? `Merge ${params.branch} into ${into}`;
  const effect = { branch: params.branch, into, method: params.method, base, head, message: description };
  const request: PolicyRequest = {
    action: 'merge',
    subject,
    subjectKey: `merge:${params.branch}->${into}`,
    initiator: 'ouro',
    headSha: head,
    change: { directory: context.workDir, base, head },
    effect,
  };
  const verdict = await context.policy.authorize(request);
  // The risk report goes with the step whatever the decision: the person approving reads it too.
  const artifacts = verdict.riskReport
    ? [
        await context.artifacts.write(`artifacts/${context.stepId}.risk.md`, verdict.riskReport.markdown),
        await context.artifacts.write(`artifacts/${context.stepId}.risk.json`, verdict.riskReport.json),
      ]
    : [];
  const stopped = stepResultForVerdict(verdict, request);
  if (stopped) return { ...stopped, artifacts };

  const rollbackPoint = await context.policy.recordRollbackPoint({
    repository: await repositoryTopLevel(options(context)),
    branch: into,
    baseSha: base,
    headSha: head,
    pr: null,
    issue: null,
    taskId: null,
    runId: context.runId,
    description,
  });
  const mergeSha = await performMerge(params, into, head, description, context);
  await context.policy.completeRollbackPoint(rollbackPoint, mergeSha, params.method);
  await context.policy.recordEffect('merge', subject, { ...effect, mergeSha, rollbackPoint });
  return {
    status: 'succeeded',
    outputs: {
      merge_sha: mergeSha,
      rollback_point: rollbackPoint,
      method: params.method,
      base,
      head,
      merged: true,
    },
    artifacts,
    summary: `merged ${params.branch} into ${into} at ${mergeSha.slice(0, 12)} (rollback point ${rollbackPoint})`,
  };
}
