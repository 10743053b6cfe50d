/** Errors of the forge area: the forges (local, GitHub), `ouro issue …`, `ouro pr …` and the app functions behind them. */
import { defineErrors } from '../error-definition.js';

export const forgeErrors = defineErrors({
  OURO_FORGE_NOT_FOUND: {
    message: 'No {kind} #{number} on the {forge} forge',
    remedy: 'List what exists with `ouro issue list --state all` or `ouro pr list --state all`.',
    retryable: false,
    exitCode: 1,
    httpStatus: 404,
  },
  OURO_FORGE_NOT_IMPLEMENTED: {
    message: 'The {forge} forge is not available yet: {reason}',
    remedy: 'Use the local forge (leave `forge` out of ouro.config.yaml, or set `forge.type: local`).',
    retryable: false,
    exitCode: 1,
    httpStatus: 501,
  },
  OURO_FORGE_HEAD_MOVED: {
    message: 'PR #{number} was not merged: its head is {actual}, not the expected {expected}',
    remedy:
      'Someone pushed to {head} after it was checked and approved. Look at the new commits (`ouro pr diff {number}`) and merge again once they are reviewed.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_FORGE_PR_NOT_OPEN: {
    message: 'PR #{number} is {state}; it cannot be {action}',
    remedy:
      'Open a new pull request for the branch (`ensurePullRequest` or the loop does it), or pick an open one with `ouro pr list`.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_FORGE_BRANCH_NOT_FOUND: {
    message: 'Branch {branch} does not exist in {repository}',
    remedy: 'Create and commit to the branch first (`git switch -c {branch}`), or check the branch name.',
    retryable: false,
    exitCode: 1,
    httpStatus: 404,
  },
  OURO_FORGE_MERGE_NOT_POSSIBLE: {
    message: 'PR #{number} cannot be merged into {base}: {reason}',
    remedy: 'Nothing was merged and {base} is unchanged. {hint}',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_FORGE_REVERT_NOT_POSSIBLE: {
    message: 'PR #{number} cannot be reverted: {reason}',
    remedy: '{base} is unchanged. {hint}',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_FORGE_THREAD_NOT_FOUND: {
    message: 'No review thread {thread} on PR #{number}',
    remedy: 'List the threads of the pull request (getReviewThreads) and use one of their ids.',
    retryable: false,
    exitCode: 1,
    httpStatus: 404,
  },
  OURO_FORGE_ACTION_REQUIRES_APPROVAL: {
    message: '{subject} waits for approval {approvalId} (risk {risk}): {reason}',
    remedy: 'Decide it with `ouro approvals approve {approvalId}`, then run the same command again.',
    retryable: false,
    exitCode: 3,
    httpStatus: 409,
  },
});
