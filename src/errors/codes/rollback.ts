/**
 * Errors of the rollback area: the git adapter's `merge` (which records a rollback point first),
 * `ouro rollback …` and the app functions behind it.
 */
import { defineErrors } from '../error-definition.js';

export const rollbackErrors = defineErrors({
  OURO_MERGE_TARGET_NOT_CHECKED_OUT: {
    message: 'Cannot merge into {into}: {reason}',
    remedy:
      'A merge happens in the working tree: check out {into} in {directory} (a `git` step with `action: checkout`), or leave `into` out to merge into the current branch.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_MERGE_TREE_NOT_CLEAN: {
    message: 'Cannot merge into {into}: the working tree of {directory} has uncommitted changes ({files})',
    remedy:
      'Commit them first (a `git` step with `action: commit`) or discard them; a merge must not mix with work in progress.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_MERGE_CONFLICT: {
    message: 'Merging {branch} into {into} conflicts in {files}; the merge was aborted',
    remedy:
      'Nothing was merged and {into} is unchanged. Update {branch} from {into} and resolve the conflicts there (`git merge {into}` on {branch}), then run the step again.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_ROLLBACK_POINT_NOT_FOUND: {
    message: 'No rollback point {target}',
    remedy: 'List the rollback points with `ouro rollback list --all`.',
    retryable: false,
    exitCode: 1,
    httpStatus: 404,
  },
  OURO_ROLLBACK_TARGET_AMBIGUOUS: {
    message: 'Commit {commit} matches several rollback points ({ids})',
    remedy: 'Give more characters of the merge commit, or the rollback point id: `ouro rollback <rb_id>`.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_ROLLBACK_ALREADY_DONE: {
    message: 'Rollback point {id} was already rolled back by {by} {when} ({ref})',
    remedy:
      'Nothing to do: the merge is reverted. See it with `git show {ref}`; `ouro rollback list --all` lists every point.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_ROLLBACK_RACE: {
    message:
      'Rollback point {id} was rolled back by someone else while this rollback ran; this one also made revert commit {revertSha} on {branch}',
    remedy:
      'The change is now reverted twice. Look at `git log -3 {branch}` in {repository}; if the second revert changed nothing useful, revert it with `git revert {revertSha}` (never rewrite the history).',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_ROLLBACK_MERGE_INCOMPLETE: {
    message: 'Rollback point {id} has no merge commit: the merge it was recorded for never completed',
    remedy:
      'There is nothing to revert for it. Check {branch} with `git log` in {repository}; old incomplete points go away with `ouro rollback cleanup`.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_ROLLBACK_NOT_POSSIBLE: {
    message: 'Cannot roll back {subject}: {reason}',
    remedy:
      'Fix what the message names (check out the branch, commit or discard local changes), then run the same `ouro rollback` command again.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_ROLLBACK_CONFLICT: {
    message:
      'Reverting {commit} on {branch} conflicts in {files}; the revert was aborted and nothing changed',
    remedy:
      'Later changes touch the same lines: revert by hand in {repository} — `git checkout {branch}`, `git log --oneline -20` to see what came after, `git revert {mainline}{commit}`, resolve the conflicts, `git revert --continue`, then run the tests. Never reset or force-push a shared branch.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_ROLLBACK_APPROVAL_REQUIRED: {
    message: 'Rollback {subject} needs approval {approvalId} ({risk} risk): {reason}',
    remedy:
      'Review it with `ouro approvals view {approvalId}`, approve it with `ouro approvals approve {approvalId}`, then run the same `ouro rollback` command again.',
    retryable: false,
    exitCode: 3,
    httpStatus: 409,
  },
  OURO_ROLLBACK_TARGET_INVALID: {
    message: 'Invalid rollback target: {reason}',
    remedy:
      'Give exactly one of <rb_id>, --pr <n>, --commit <sha> or --latest (`ouro rollback --help` has examples).',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
});
