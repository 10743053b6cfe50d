/**
 * The operator's pull-request commands (`ouro pr …`) over the configured forge. A merge asks the
 * policy with the PR's range (so its risk is assessed) and its head (so an approval for another head
 * does not count), records a rollback point just before merging, and merges only that head.
 */
import type { PolicyRequest } from '../../adapters/policy-port.js';
import { OuroError } from '../../errors/index.js';
import type {
  ForgeCheckRun,
  ForgeComment,
  ForgePullRequest,
  ForgePullRequestState,
  ForgeReview,
} from '../../forges/types.js';
import { verdictOutcome, type ForgeActionOutcome } from './forge-verdict.js';
import type { ProjectForge } from './project-forge.js';
import { gitText } from './repository-git.js';

const passingConclusions: ReadonlySet<string> = new Set(['success', 'neutral', 'skipped']);

export function listPullRequests(
  context: ProjectForge,
  options: { state?: ForgePullRequestState | 'all'; limit?: number } = {},
): Promise<ForgePullRequest[]> {
  return context.forge.listPullRequests(options);
}

export interface PullRequestDetails {
  pullRequest: ForgePullRequest;
  checks: ForgeCheckRun[];
  reviews: ForgeReview[];
  comments: ForgeComment[];
}

export async function showPullRequest(context: ProjectForge, number: number): Promise<PullRequestDetails> {
  const pullRequest = await context.forge.getPullRequest(number);
  const [checks, reviews, comments] = await Promise.all([
    context.forge.getChecks(number),
    context.forge.listReviews(number),
    context.forge.listComments(number),
  ]);
  return { pullRequest, checks, reviews, comments };
}

/** `git diff base...head` of the PR in the project's repository (the change the PR would merge). */
export async function diffPullRequest(
  context: ProjectForge,
  number: number,
  env: NodeJS.ProcessEnv,
): Promise<{ pullRequest: ForgePullRequest; diff: string }> {
  const pullRequest = await context.forge.getPullRequest(number);
  // After a merge the base contains the head: diff against the merge's first parent instead.
  const range =
    pullRequest.state === 'merged' && pullRequest.mergeSha !== null
      ? [`${pullRequest.mergeSha}^1...${pullRequest.headSha}`]
      : [`refs/heads/${pullRequest.base}...${pullRequest.headSha}`];
  const diff = await gitText(
    context.repositoryDir,
    ['diff', '--no-color', '--no-ext-diff', ...range, '--'],
    env,
  );
  return { pullRequest, diff };
}

/** Green when every check completed with success, neutral or skipped; undefined when there are none. */
export function checksPassed(checks: ForgeCheckRun[]): boolean | undefined {
  if (checks.length === 0) return undefined;
  return checks.every(
    (check) => check.status === 'completed' && passingConclusions.has(check.conclusion ?? ''),
  );
}

export interface MergeResult extends ForgeActionOutcome {
  pr: number;
  method: 'merge' | 'squash';
  headSha: string;
  base: string;
  mergeSha: string | null;
  rollbackPoint: string | null;
  alreadyMerged: boolean;
  riskReport: string | null;
}

export async function mergePullRequest(
  context: ProjectForge,
  number: number,
  options: { method: 'merge' | 'squash'; env: NodeJS.ProcessEnv },
): Promise<MergeResult> {
  const pr = await context.forge.getPullRequest(number);
  const base = {
    pr: number,
    method: options.method,
    headSha: pr.headSha,
    base: pr.base,
    rollbackPoint: null,
    riskReport: null,
  };
  if (pr.state === 'merged') {
    return {
      ...base,
      performed: false,
      mode: context.gate.mode,
      decision: 'allow',
      reasons: [`PR #${number} is already merged`],
      mergeSha: pr.mergeSha,
      alreadyMerged: true,
    };
  }
  if (pr.state !== 'open') {
    throw new OuroError('OURO_FORGE_PR_NOT_OPEN', { number, state: pr.state, action: 'merged' });
  }
  const checks = await context.forge.getChecks(number);
  const passed = checksPassed(checks);
  const subject = `PR #${number}`;
  const request: PolicyRequest = {
    action: 'merge',
    subject,
    subjectKey: `pr:${number}`,
    initiator: 'operator',
    headSha: pr.headSha,
    ...(passed !== undefined ? { checksPassed: passed } : {}),
    change: { directory: context.repositoryDir, base: `refs/heads/${pr.base}`, head: pr.headSha },
    effect: {
      forge: context.forge.id,
      pr: number,
      head: pr.head,
      headSha: pr.headSha,
      base: pr.base,
      method: options.method,
      checks: checks.map((check) => `${check.name}: ${check.conclusion ?? check.status}`),
    },
  };
  const verdict = await context.gate.authorize(request);
  const outcome = verdictOutcome(verdict, request);
  const riskReport = verdict.riskReport?.markdown ?? null;
  if (!outcome.performed) return { ...base, ...outcome, mergeSha: null, alreadyMerged: false, riskReport };

  const baseSha = (
    await gitText(
      context.repositoryDir,
      ['rev-parse', '--verify', `refs/heads/${pr.base}^{commit}`],
      options.env,
    )
  ).trim();
  const rollbackPoint = await context.gate.recordRollbackPoint({
    repository: context.repositoryDir,
    branch: pr.base,
    baseSha,
    headSha: pr.headSha,
    pr: number,
    issue: null,
    taskId: null,
    runId: null,
    description: `merge of PR #${number} (${pr.head} into ${pr.base}) by ${context.actor}`,
  });
  const { mergeSha } = await context.forge.mergePullRequest(number, {
    method: options.method,
    expectedHeadSha: pr.headSha,
  });
  await context.gate.completeRollbackPoint(rollbackPoint, mergeSha, options.method);
  await context.gate.recordEffect('merge', subject, {
    forge: context.forge.id,
    pr: number,
    headSha: pr.headSha,
    mergeSha,
    method: options.method,
    rollbackPoint,
  });
  return { ...base, ...outcome, mergeSha, rollbackPoint, alreadyMerged: false, riskReport };
}

export async function closePullRequest(
  context: ProjectForge,
  number: number,
  comment: string | undefined,
): Promise<ForgeActionOutcome & { pullRequest: ForgePullRequest; alreadyDone: boolean }> {
  const pr = await context.forge.getPullRequest(number);
  if (pr.state === 'closed') {
    return {
      performed: false,
      mode: context.gate.mode,
      decision: 'allow',
      reasons: [`PR #${number} is already closed`],
      pullRequest: pr,
      alreadyDone: true,
    };
  }
  if (pr.state === 'merged')
    throw new OuroError('OURO_FORGE_PR_NOT_OPEN', { number, state: 'merged', action: 'closed' });
  const subject = `PR #${number}`;
  // Closing a PR without merging it is what closing an issue is: the work is dropped.
  const request: PolicyRequest = {
    action: 'close_issue',
    subject,
    subjectKey: `pr:${number}`,
    initiator: 'operator',
    effect: {
      forge: context.forge.id,
      pr: number,
      state: 'closed',
      ...(comment !== undefined ? { comment } : {}),
    },
  };
  const outcome = verdictOutcome(await context.gate.authorize(request), request);
  if (!outcome.performed) return { ...outcome, pullRequest: pr, alreadyDone: false };
  await context.forge.closePullRequest(number, comment);
  await context.gate.recordEffect('close_issue', subject, {
    forge: context.forge.id,
    pr: number,
    state: 'closed',
  });
  return { ...outcome, pullRequest: await context.forge.getPullRequest(number), alreadyDone: false };
}
