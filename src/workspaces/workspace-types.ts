/** The shapes the workspace manager hands out. Times are ISO strings in markers, epoch ms in results. */

/** What `<root>/<name>.json` records next to each workspace. */
export interface WorkspaceMarker {
  key: string;
  name: string;
  branch: string;
  /** The commit the branch started from when Ouro created it. */
  baseCommit: string;
  createdAt: string;
  lastUsedAt: string;
}

/** A workspace ready for an attempt. */
export interface Workspace {
  key: string;
  name: string;
  path: string;
  branch: string;
  /** False when an existing worktree was reused. */
  created: boolean;
}

/**
 * - ready: the directory exists and git knows it as a worktree;
 * - missing: git or a marker knows it, but the directory is gone (prune clears it);
 * - broken: the directory exists but is not a registered worktree (re-created on next use).
 */
export type WorkspaceState = 'ready' | 'missing' | 'broken';

export interface WorkspaceInfo {
  name: string;
  /** The task key, from the marker (unknown for a directory without one). */
  key: string | undefined;
  path: string;
  state: WorkspaceState;
  branch: string | undefined;
  head: string | undefined;
  /** Uncommitted files (untracked included); undefined when not ready. */
  changedFiles: string[] | undefined;
  createdAt: number | undefined;
  lastUsedAt: number | undefined;
  /** Since creation, ms. */
  ageMs: number | undefined;
  /** Since last use, ms. */
  idleMs: number | undefined;
}

export interface RemovedWorkspace {
  name: string;
  key: string | undefined;
  path: string;
  branch: string | undefined;
  branchDeleted: boolean;
}

export interface KeptWorkspace {
  name: string;
  reason: string;
}

export interface CleanResult {
  dryRun: boolean;
  /** With dryRun, those that would be removed. */
  removed: RemovedWorkspace[];
  kept: KeptWorkspace[];
}

export interface CleanOptions {
  /** Remove only those idle at least this long; default `cleanup_grace_hours`. */
  olderThanMs?: number;
  /** Every workspace regardless of idle time. */
  all?: boolean;
  dryRun?: boolean;
  /** Remove even workspaces with uncommitted changes. */
  force?: boolean;
  /** Delete the branches too, merged or not (merged ones are always deleted). */
  deleteBranches?: boolean;
  /** The loop's say: false keeps a workspace whose task is not in a terminal state. */
  isRemovable?: (workspace: WorkspaceInfo) => boolean | Promise<boolean>;
}
