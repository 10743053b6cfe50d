/**
 * `ouro rollback --commit <sha>` when no rollback point's merge is that commit: the current branch
 * of the project goes back to the commit's tree with one new commit (no history rewrite). Rollback
 * points whose merges that undoes are marked rolled back with it, so that `--latest` does not try
 * to revert them again.
 */
import type { PolicyRequest } from '../../adapters/policy-port.js';
import { planRollBackTo, rollBackTo } from '../../adapters/deterministic/git-roll-back-to.js';
import { isAncestor } from '../../adapters/deterministic/git-repository-state.js';
import type { RollbackOptions, RollbackResult } from './rollback-types.js';
import { mayPerform } from './rollback-verdict.js';

/** Ready points on that branch whose merge commit lies in `target..head`. */
async function pointsUndone(
  options: RollbackOptions,
  plan: { repository: string; branch: string; target: string; head: string },
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const git = { cwd: plan.repository, env, action: 'rollback' };
  const candidates = (await options.store.rollbackPoints.list({ state: 'ready' })).filter(
    (point) =>
      point.repository === plan.repository && point.branch === plan.branch && point.mergeSha !== null,
  );
  const undone: string[] = [];
  for (const point of candidates) {
    const merge = point.mergeSha!;
    if ((await isAncestor(merge, plan.head, git)) && !(await isAncestor(merge, plan.target, git))) {
      undone.push(point.id);
    }
  }
  return undone;
}

export async function rollBackToCommit(revision: string, options: RollbackOptions): Promise<RollbackResult> {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const plan = await planRollBackTo(options.directory, revision, env);
  const points = await pointsUndone(options, plan, env);
  const subject = `rollback ${plan.branch} to ${plan.target.slice(0, 12)}`;
  const request: PolicyRequest = {
    action: 'rollback',
    subject,
    subjectKey: `rollback:${plan.target}`,
    initiator: 'operator',
    headSha: plan.head,
    effect: {
      repository: plan.repository,
      branch: plan.branch,
      target: plan.target,
      head: plan.head,
      undoneCommits: plan.undone,
      points,
      command: `git commit-tree ${plan.target}^{tree} -p ${plan.head} && git merge --ff-only`,
    },
  };
  const verdict = await options.gate.authorize(request);
  const result: RollbackResult = {
    performed: false,
    kind: 'restore',
    subject,
    mode: verdict.mode,
    decision: verdict.decision,
    reasons: verdict.reasons,
    pointId: null,
    pr: null,
    repository: plan.repository,
    branch: plan.branch,
    commit: plan.target,
    rollbackSha: null,
    temporaryWorktree: false,
    rolledBackPoints: [],
    issue: null,
  };
  if (!mayPerform(verdict, request)) return result;

  const sha = await rollBackTo(
    plan,
    env,
    `Rolled back with \`ouro rollback --commit ${revision}\` by ${options.by}.`,
  );
  const marked: string[] = [];
  for (const id of points) {
    if (await options.store.rollbackPoints.markRolledBack(id, sha, options.by, now())) marked.push(id);
  }
  await options.gate.recordEffect('rollback', subject, {
    repository: plan.repository,
    branch: plan.branch,
    target: plan.target,
    previousHead: plan.head,
    rollbackSha: sha,
    undoneCommits: plan.undone,
    points: marked,
  });
  return { ...result, performed: true, rollbackSha: sha, rolledBackPoints: marked };
}
