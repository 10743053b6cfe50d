/** `workspaces`: the git worktree each task works in, its lifecycle hooks and when idle ones are removed. */
import { z } from 'zod';

const hookCommand = z
  .string()
  .min(1)
  .optional()
  .describe('Shell command (sh -c) run in the workspace with the workflow environment allowlist');

export const workspacesSchema = z
  .strictObject({
    base_branch: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Branch new workspaces start from; default: origin/HEAD when there is a remote origin, else main, master or the current branch',
      ),
    cleanup_grace_hours: z
      .number()
      .nonnegative()
      .default(24)
      .describe('Hours a workspace stays idle before `ouro workspaces clean` (and the loop) removes it'),
    hook_timeout_seconds: z
      .int()
      .positive()
      .default(300)
      .describe('A hook still running after this long is killed (with its whole process group) and fails'),
    hooks: z
      .strictObject({
        after_create: hookCommand,
        before_run: hookCommand,
        after_run: hookCommand,
        before_remove: hookCommand,
      })
      .prefault({})
      .describe(
        'after_create failing removes the new workspace; before_run failing fails the attempt; after_run and before_remove failures are logged only',
      ),
  })
  .prefault({});

export type WorkspacesConfig = z.output<typeof workspacesSchema>;
