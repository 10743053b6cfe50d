/**
 * `ouro rollback`: undoes a merge Ouro made, from the rollback point recorded before it — a revert
 * commit on the branch it went into (never a history rewrite), the point marked rolled back, the
 * issue reopened through the forge when there is one, and every step in the audit log. `--commit`
 * without a matching point rolls the current branch back to that commit with one new commit.
 * The policy is asked first (an operator's rollback is allowed; shadow mode records it only).
 */
import type { PolicyRequest } from '../../adapters/policy-port.js';
import {
  planRevert,
  revertCommit,
  revertMessage,
  type RevertTarget,
} from '../../adapters/deterministic/git-revert.js';
import { OuroError } from '../../errors/index.js';
import type { IssueReopener } from '../../forges/types.js';
import type { RollbackPointRecord } from '../../store/types.js';
import { rollBackToCommit } from './roll-back-to-commit.js';
import { resolveRollbackTarget } from './rollback-target.js';
import type { RollbackIssueOutcome, RollbackOptions, RollbackResult } from './rollback-types.js';
import { mayPerform } from './rollback-verdict.js';

function alreadyRolledBack(point: RollbackPointRecord): OuroError {
  return new OuroError('OURO_ROLLBACK_ALREADY_DONE', {
    id: point.id,
    by: point.rolledBackBy ?? 'someone',
    when: point.rolledBackAt === null ? '' : `at ${new Date(point.rolledBackAt).toISOString()}`,
    ref: point.rollbackRef ?? '(unknown)',
  });
}

/** Checks that the point can be rolled back at all, before anyone is asked. */
function checkPoint(point: RollbackPointRecord): asserts point is RollbackPointRecord & { mergeSha: string } {
  if (point.state === 'rolled_back') throw alreadyRolledBack(point);
  if (point.mergeSha === null) {
    throw new OuroError('OURO_ROLLBACK_MERGE_INCOMPLETE', {
      id: point.id,
      branch: point.branch,
      repository: point.repository,
    });
  }
}

async function reopenIssue(
  point: RollbackPointRecord,
  revertSha: string,
  forge: IssueReopener | undefined,
): Promise<RollbackIssueOutcome | null> {
  if (point.issue === null) return null;
  const number = point.issue;
  if (!forge) return { number, reopened: false, note: `issue #${number} not reopened: no forge configured` };
  try {
    await forge.reopenIssue(
      number,
      `Reopened: the change was rolled back (${point.id}, revert ${revertSha.slice(0, 12)})`,
    );
    return { number, reopened: true, note: `issue #${number} reopened on ${forge.id}` };
  } catch (error) {
    // The revert stands; the operator learns that the issue needs a hand.
    const reason = error instanceof Error ? error.message : String(error);
    return { number, reopened: false, note: `issue #${number} not reopened: ${forge.id} failed (${reason})` };
  }
}

async function rollBackPoint(point: RollbackPointRecord, options: RollbackOptions): Promise<RollbackResult> {
  const { store, gate } = options;
  const now = options.now ?? Date.now;
  checkPoint(point);
  const method = point.mergeMethod ?? 'merge';
  const revert: RevertTarget = {
    repository: point.repository,
    branch: point.branch,
    commit: point.mergeSha,
    mergeCommit: method === 'merge',
    subject: `rollback point ${point.id}`,
    env: options.env ?? process.env,
  };
  // Refuse what cannot work before asking: a refused rollback should not leave an approval behind.
  await planRevert(revert);
  const subject = `rollback ${point.id}${point.pr === null ? '' : ` (PR #${point.pr})`}`;
  const request: PolicyRequest = {
    action: 'rollback',
    subject,
    subjectKey: `rollback:${point.id}`,
    initiator: 'operator',
    headSha: point.mergeSha,
    effect: {
      point: point.id,
      repository: point.repository,
      branch: point.branch,
      mergeSha: point.mergeSha,
      method,
      command: `git revert ${method === 'merge' ? '-m 1 ' : ''}${point.mergeSha}`,
      ...(point.pr === null ? {} : { pr: point.pr }),
      ...(point.issue === null ? {} : { issue: point.issue }),
    },
  };
  const verdict = await gate.authorize(request);
  const result: RollbackResult = {
    performed: false,
    kind: 'revert',
    subject,
    mode: verdict.mode,
    decision: verdict.decision,
    reasons: verdict.reasons,
    pointId: point.id,
    pr: point.pr,
    repository: point.repository,
    branch: point.branch,
    commit: point.mergeSha,
    rollbackSha: null,
    temporaryWorktree: false,
    rolledBackPoints: [],
    issue: null,
  };
  if (!mayPerform(verdict, request)) return result;

  // Someone may have rolled it back while we asked: look again just before touching the branch.
  const fresh = await store.rollbackPoints.get(point.id);
  if (fresh?.state === 'rolled_back') throw alreadyRolledBack(fresh);
  const message = await revertMessage(
    revert,
    `Rolled back with \`ouro rollback ${point.id}\` by ${options.by}.`,
  );
  const reverted = await revertCommit(revert, message);
  const marked = await store.rollbackPoints.markRolledBack(point.id, reverted.revertSha, options.by, now());
  const details = {
    point: point.id,
    repository: point.repository,
    branch: point.branch,
    mergeSha: point.mergeSha,
    revertSha: reverted.revertSha,
    temporaryWorktree: reverted.temporaryWorktree,
  };
  if (!marked) {
    await gate.recordEffect('rollback', subject, { ...details, concurrent: true });
    throw new OuroError('OURO_ROLLBACK_RACE', {
      id: point.id,
      revertSha: reverted.revertSha,
      branch: point.branch,
      repository: point.repository,
    });
  }
  const issue = await reopenIssue(point, reverted.revertSha, options.forge);
  await gate.recordEffect('rollback', subject, {
    ...details,
    ...(issue ? { issue: issue.number, issueReopened: issue.reopened } : {}),
  });
  return {
    ...result,
    performed: true,
    rollbackSha: reverted.revertSha,
    temporaryWorktree: reverted.temporaryWorktree,
    rolledBackPoints: [point.id],
    issue,
  };
}

export async function rollback(options: RollbackOptions): Promise<RollbackResult> {
  const resolved = await resolveRollbackTarget(options.store, options.target);
  if (resolved.kind === 'commit') return rollBackToCommit(resolved.revision, options);
  return rollBackPoint(resolved.point, options);
}
