/**
 * Errors of the workspace area: the git worktree each task works in (`src/workspaces/`) and
 * `ouro workspaces list | clean`.
 */
import { defineErrors } from '../error-definition.js';

export const workspaceErrors = defineErrors({
  OURO_WORKSPACE_KEY_INVALID: {
    message: 'Workspace key {key} is not usable: {reason}',
    remedy: 'Give a non-empty key such as the task id or the issue number (issue-42).',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_WORKSPACE_PATH_UNSAFE: {
    message: 'Workspace path {path} is not safe: {reason}',
    remedy:
      'Something other than Ouro put it there. Inspect it, remove it by hand if it is not yours (`rm {path}`), then try again.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_WORKSPACE_NOT_A_REPOSITORY: {
    message: '{directory} is not a git repository with at least one commit',
    remedy:
      'Workspaces are git worktrees of the project: run Ouro in a git repository (`git init`, a first commit).',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_WORKSPACE_BASE_BRANCH_NOT_FOUND: {
    message: 'Cannot find the branch new workspaces start from ({branch})',
    remedy:
      'Set `workspaces.base_branch` in ouro.config.yaml to an existing branch (`ouro config set workspaces.base_branch main`).',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_WORKSPACE_GIT_FAILED: {
    message: 'git {command} failed for workspace {name}: {reason}',
    remedy:
      'Run the same git command in the project to see the full error; `git worktree prune` clears stale entries.',
    retryable: true,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_WORKSPACE_HOOK_FAILED: {
    message: 'Workspace hook {hook} failed in {name}: {reason}',
    remedy:
      'Fix the command under `workspaces.hooks.{hook}` in ouro.config.yaml (it runs with sh -c in the workspace) or raise `workspaces.hook_timeout_seconds`.',
    retryable: true,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_WORKSPACE_NOT_FOUND: {
    message: 'No workspace {name}',
    remedy: 'List the workspaces with `ouro workspaces list`.',
    retryable: false,
    exitCode: 1,
    httpStatus: 404,
  },
  OURO_WORKSPACE_DIRTY: {
    message: 'Workspace {name} has uncommitted changes ({files}); it was kept',
    remedy: 'Commit or discard them in {path}, or pass --force to remove it anyway.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
});
