/**
 * The forge contract (ARCHITECTURE.md §3): how Ouro talks to GitHub or to the local stand-in that
 * keeps issues and pull requests in the store. Verbs that create something are idempotent
 * (`ensure…`): a retried task finds what the first attempt made instead of making it again. The
 * forge does not decide anything — callers ask the policy first (brief §2) — and every verb that
 * changes something is safe to call again with the same arguments.
 */

export type ForgeIssueState = 'open' | 'closed';

export interface ForgeIssue {
  number: number;
  title: string;
  body: string;
  state: ForgeIssueState;
  labels: string[];
  /** Login (GitHub) or identity (`user:alice` on the local forge) of who opened it. */
  author: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  /** Web address, or a `local:` reference on the local forge. */
  url: string;
}

export interface ForgeComment {
  /** Stable id (string: GitHub ids exceed what some clients keep exactly). */
  id: string;
  author: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

export type ForgePullRequestState = 'open' | 'closed' | 'merged';

export interface ForgePullRequest {
  number: number;
  title: string;
  body: string;
  state: ForgePullRequestState;
  /** Branch name of the change. */
  head: string;
  headSha: string;
  /** Branch it merges into. */
  base: string;
  author: string;
  labels: string[];
  /** null while the forge has not computed it. */
  mergeable: boolean | null;
  /** The merge (or squash) commit once merged. */
  mergeSha: string | null;
  createdAt: number;
  updatedAt: number;
  url: string;
}

export type CheckStatus = 'queued' | 'in_progress' | 'completed';
export type CheckConclusion =
  'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

export interface ForgeCheckRun {
  id: string;
  name: string;
  headSha: string;
  status: CheckStatus;
  /** null until completed. */
  conclusion: CheckConclusion | null;
  url: string | null;
}

/** The log of a failed job, trimmed to the failing step (what a fix needs, not megabytes of setup). */
export interface ForgeJobLog {
  checkName: string;
  jobId: string;
  /** The failing step's name, when the forge knows it. */
  step: string | null;
  log: string;
  url: string | null;
}

export type ReviewEvent = 'approve' | 'request_changes' | 'comment';

export interface ForgeReview {
  id: string;
  author: string;
  state: 'approved' | 'changes_requested' | 'commented' | 'dismissed';
  body: string;
  submittedAt: number;
}

export interface ForgeReviewThread {
  id: string;
  path: string;
  /** Line in the new file, null for a file-level thread. */
  line: number | null;
  resolved: boolean;
  /** Oldest first. */
  comments: ForgeComment[];
}

export type ForgePermission = 'admin' | 'write' | 'read' | 'none';

export interface IssueQuery {
  state?: ForgeIssueState | 'all';
  /** Issues carrying these labels (see `labelMatch`). */
  labels?: string[];
  /** `any` (default): at least one of `labels`; `all`: every one. */
  labelMatch?: 'any' | 'all';
  limit?: number;
}

export interface ForgeRateLimit {
  limit: number;
  remaining: number;
  /** Epoch milliseconds. */
  resetAt: number;
}

export interface Forge {
  /** `github`, `local`: the registry key. */
  readonly id: string;

  listIssues(query?: IssueQuery): Promise<ForgeIssue[]>;
  /** Throws OURO_FORGE_NOT_FOUND for an unknown number. */
  getIssue(issue: number): Promise<ForgeIssue>;
  createIssue(issue: { title: string; body: string; labels?: string[] }): Promise<ForgeIssue>;
  /** Closes it (idempotent), with a comment when given. */
  closeIssue(issue: number, comment?: string): Promise<void>;
  /** Reopens an issue with a comment saying why (idempotent). */
  reopenIssue(issue: number, comment: string): Promise<void>;
  /** Adds and removes labels on an issue or PR; returns the labels it carries afterwards. */
  ensureLabels(issue: number, change: { add?: string[]; remove?: string[] }): Promise<string[]>;
  /**
   * The comment carrying the hidden `marker` on an issue or PR: created the first time, edited in
   * place afterwards (its body gets the marker as an HTML comment, so a retry never posts twice).
   */
  ensureComment(issue: number, marker: string, body: string): Promise<ForgeComment>;
  listComments(issue: number): Promise<ForgeComment[]>;

  listPullRequests(query?: {
    state?: ForgePullRequestState | 'all';
    limit?: number;
  }): Promise<ForgePullRequest[]>;
  getPullRequest(pr: number): Promise<ForgePullRequest>;
  /** The open PR whose head is this branch, if any. */
  findPullRequest(query: { head: string }): Promise<ForgePullRequest | undefined>;
  /** The open PR for `head` (found first, then its title/body updated), or a new one. */
  ensurePullRequest(pr: {
    head: string;
    base: string;
    title: string;
    body: string;
  }): Promise<ForgePullRequest>;
  closePullRequest(pr: number, comment?: string): Promise<void>;

  getChecks(pr: number): Promise<ForgeCheckRun[]>;
  getFailedJobLogs(pr: number): Promise<ForgeJobLog[]>;

  listReviews(pr: number): Promise<ForgeReview[]>;
  createReview(
    pr: number,
    review: {
      event: ReviewEvent;
      body: string;
      comments?: Array<{ path: string; line: number; body: string }>;
    },
  ): Promise<ForgeReview>;
  getReviewThreads(pr: number): Promise<ForgeReviewThread[]>;
  replyToThread(pr: number, threadId: string, body: string): Promise<ForgeComment>;
  resolveThread(pr: number, threadId: string): Promise<void>;

  /**
   * Merges when the PR head is still `expectedHeadSha` (OURO_FORGE_HEAD_MOVED otherwise: what was
   * approved is not what would be merged); returns the merge commit. Merging a merged PR returns its
   * merge commit again.
   */
  mergePullRequest(
    pr: number,
    options: { method: 'merge' | 'squash'; expectedHeadSha: string; message?: string },
  ): Promise<{ mergeSha: string }>;
  /**
   * Undoes a merged PR: a revert pull request on GitHub, a revert commit on the default branch for the
   * local forge. Idempotent per PR.
   */
  revert(
    pr: number,
    options: { title: string; body: string },
  ): Promise<{ pr: number | null; sha: string | null }>;

  /** The permission of a user on the repository (trigger authorization). */
  getPermission(user: string): Promise<ForgePermission>;
  /** The API budget as last seen (GitHub); undefined where there is none (local). */
  rateLimit(): ForgeRateLimit | undefined;
}

/** What a rollback needs of a forge: reopening the issue the rolled-back change closed. */
export type IssueReopener = Pick<Forge, 'id' | 'reopenIssue'>;
