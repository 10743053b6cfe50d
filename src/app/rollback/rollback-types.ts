/** What `rollback` takes and what it reports (the same for the CLI's text and its `--json`). */
import type { PolicyMode, PolicyPort, PolicyVerdict } from '../../adapters/policy-port.js';
import type { IssueReopener } from '../../forges/types.js';
import type { Store } from '../../store/types.js';
import type { RollbackTarget } from './rollback-target.js';

export interface RollbackOptions {
  store: Store;
  gate: PolicyPort;
  target: RollbackTarget;
  /** Who rolls back: `user:<name>` (recorded on the point). */
  by: string;
  /** Reopens the point's issue; without one the result says the issue was not reopened. */
  forge?: IssueReopener;
  now?: () => number;
  /** The project directory: where `--commit` rolls back when no rollback point matches. */
  directory: string;
  env?: NodeJS.ProcessEnv;
}

export interface RollbackIssueOutcome {
  number: number;
  reopened: boolean;
  /** Why not, or what was done: `issue #7 not reopened: no forge configured`. */
  note: string;
}

export interface RollbackResult {
  /** False in shadow mode: the decision and the would-be revert were recorded, nothing else. */
  performed: boolean;
  /** `revert`: a rollback point's merge was reverted; `restore`: the branch was rolled back to a commit. */
  kind: 'revert' | 'restore';
  subject: string;
  mode: PolicyMode;
  decision: PolicyVerdict['decision'];
  reasons: string[];
  /** The rollback point; null for `--commit` to a commit no point names. */
  pointId: string | null;
  pr: number | null;
  repository: string;
  branch: string;
  /** `revert`: the merge commit reverted; `restore`: the commit whose tree came back. */
  commit: string;
  /** The new commit on `branch`; null when nothing was performed. */
  rollbackSha: string | null;
  /** True when the branch was checked out nowhere and the revert happened in a temporary worktree. */
  temporaryWorktree: boolean;
  /** Rollback points whose merges a `restore` undid (marked rolled back with it). */
  rolledBackPoints: string[];
  issue: RollbackIssueOutcome | null;
}
