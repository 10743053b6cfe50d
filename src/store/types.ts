/**
 * Records and repository contracts of the store. The engine depends on these interfaces only; the
 * Kysely implementation (SQLite or PostgreSQL) is wired in by app/. Times are epoch milliseconds;
 * JSON columns are parsed values here.
 */

export type RunStatus = 'pending' | 'running' | 'paused' | 'succeeded' | 'failed' | 'cancelled';

export type StepRunStatus =
  'running' | 'succeeded' | 'failed' | 'skipped' | 'cached' | 'cancelled' | 'interrupted' | 'needs_approval';

export interface RunRecord {
  id: string;
  workflowName: string;
  /** Path of the workflow file relative to the project directory. */
  workflowPath: string;
  /** sha256 of the workflow file's content when the run started. */
  workflowHash: string;
  status: RunStatus;
  inputs: Record<string, unknown>;
  /** Run options that a resume must reuse (no-cache, files, …). */
  options: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
  /** `host:pid` of the process executing the run, or null when none is. */
  owner: string | null;
  leaseExpiresAt: number | null;
  cancelRequestedAt: number | null;
  /** Summary counters written when the run ends. */
  summary: Record<string, unknown> | null;
}

export type NewRun = Pick<
  RunRecord,
  'id' | 'workflowName' | 'workflowPath' | 'workflowHash' | 'inputs' | 'options'
>;

export interface RunEventInput {
  type: string;
  stepId?: string | null;
  attempt?: number | null;
  payload: Record<string, unknown>;
}

export interface RunEventRecord extends Required<RunEventInput> {
  runId: string;
  /** 1-based, gap-free per run. */
  sequence: number;
  createdAt: number;
}

export interface StepRunRecord {
  runId: string;
  stepId: string;
  attempt: number;
  actor: string;
  status: StepRunStatus;
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  outputs: Record<string, unknown> | null;
  error: Record<string, unknown> | null;
  cacheKey: string | null;
}

export interface ArtifactRow {
  runId: string;
  stepId: string;
  path: string;
  size: number;
  sha256: string;
  createdAt: number;
}

export interface CacheEntryRecord {
  key: string;
  actor: string;
  workflowName: string;
  stepId: string;
  outputs: Record<string, unknown>;
  /** Artifacts to restore: workflow path, content hash (blob name), size. */
  artifacts: Array<{ path: string; sha256: string; size: number }>;
  summary: string | null;
  createdAt: number;
  lastHitAt: number | null;
  hits: number;
}

export interface WorkflowRecord {
  path: string;
  name: string;
  hash: string;
  updatedAt: number;
}

/**
 * Changes applied in the same transaction as appended events, so that the projection tables never
 * disagree with the journal.
 */
export interface JournalProjection {
  run?: Partial<Pick<RunRecord, 'status' | 'endedAt' | 'summary' | 'owner' | 'leaseExpiresAt'>>;
  stepRuns?: StepRunRecord[];
  artifacts?: ArtifactRow[];
}

export interface RunListFilter {
  status?: RunStatus[];
  workflowName?: string;
  limit?: number;
  /** Runs created before this id's creation (keyset pagination). */
  before?: { createdAt: number; id: string };
}

export interface RunRepository {
  createRun(run: NewRun, now: number): Promise<RunRecord>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  listRuns(filter?: RunListFilter): Promise<RunRecord[]>;
  /** Appends events with the next sequence numbers and applies the projection, atomically. */
  appendEvents(
    runId: string,
    events: RunEventInput[],
    projection: JournalProjection,
    now: number,
  ): Promise<RunEventRecord[]>;
  listEvents(runId: string, afterSequence?: number): Promise<RunEventRecord[]>;
  listStepRuns(runId: string): Promise<StepRunRecord[]>;
  listArtifacts(runId: string): Promise<ArtifactRow[]>;
  /**
   * Takes the run for `owner` when it has no owner, its lease expired, or `force` is set (the caller
   * checked the previous owner is dead). Returns false when another live owner holds it.
   */
  acquireLease(runId: string, owner: string, leaseMs: number, now: number, force?: boolean): Promise<boolean>;
  renewLease(runId: string, owner: string, leaseMs: number, now: number): Promise<boolean>;
  releaseLease(runId: string, owner: string): Promise<void>;
  requestCancel(runId: string, now: number): Promise<void>;
}

export interface CacheRepository {
  get(key: string): Promise<CacheEntryRecord | undefined>;
  put(entry: Omit<CacheEntryRecord, 'hits' | 'lastHitAt'>): Promise<void>;
  recordHit(key: string, now: number): Promise<void>;
  list(): Promise<CacheEntryRecord[]>;
  /** Removes all entries (or those of one workflow) and returns how many were removed. */
  clear(filter?: { workflowName?: string }): Promise<number>;
}

export interface WorkflowRepository {
  upsert(workflow: WorkflowRecord): Promise<void>;
  list(): Promise<WorkflowRecord[]>;
}

/** One model call in the ledger (the same shape as the models layer's ModelCallRecord). */
export interface ModelCallEntry {
  id: string;
  runId: string | null;
  stepId: string | null;
  taskId: string | null;
  provider: string;
  model: string;
  purpose: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  latencyMs: number;
  outcome: 'succeeded' | 'failed' | 'refused';
  errorCode: string | null;
  createdAt: number;
}

export type ModelCallGrouping = 'day' | 'model' | 'run' | 'task';

export interface ModelCallSummaryFilter {
  /** Inclusive lower bound of created_at (epoch ms). */
  since?: number;
  /** Exclusive upper bound of created_at (epoch ms). */
  until?: number;
  groupBy: ModelCallGrouping;
}

/** Totals of one group; `key` is the UTC day `YYYY-MM-DD`, `provider:model`, the run id or task id (null: calls without one). */
export interface ModelCallSummaryRow {
  key: string | null;
  calls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

export interface ModelCallRepository {
  record(call: ModelCallEntry): Promise<void>;
  /** Oldest first; by run, or a created_at window. */
  list(filter?: {
    runId?: string;
    since?: number;
    until?: number;
    limit?: number;
  }): Promise<ModelCallEntry[]>;
  summarize(filter: ModelCallSummaryFilter): Promise<ModelCallSummaryRow[]>;
}

export type BudgetLevel = 'step' | 'run' | 'task' | 'day' | 'month';

/** What one reservation adds to one level's counter, and the limits that counter must stay within. */
export interface BudgetCharge {
  level: BudgetLevel;
  /** The counter: run id, `run:step`, task id, `2026-11-22`, `2026-11`. */
  scopeKey: string;
  costMicroUsd: number;
  tokens: number;
  /** null: no limit in this unit (the use is still counted). */
  limitCostMicroUsd: number | null;
  limitTokens: number | null;
}

/** Why a reservation did not fit: the first counter (in level order) that would pass its limit. */
export interface BudgetRefusal {
  level: BudgetLevel;
  scopeKey: string;
  unit: 'usd' | 'tokens';
  /** In the unit's store representation: micro-dollars or tokens. */
  limit: number;
  used: number;
  requested: number;
}

export type BudgetReserveOutcome = { reserved: true } | { reserved: false; refusal: BudgetRefusal };

export interface BudgetUsageRow {
  level: BudgetLevel;
  scopeKey: string;
  costMicroUsd: number;
  tokens: number;
}

export interface BudgetRepository {
  /**
   * Adds every charge to its counter in one transaction, or none when any counter would pass its
   * limit. Safe across connections and processes: PostgreSQL row locks, SQLite's write lock.
   */
  reserve(id: string, charges: BudgetCharge[], now: number): Promise<BudgetReserveOutcome>;
  /** Replaces what reservation `id` added with the actual amounts; false when it was not open. */
  settle(id: string, actual: { costMicroUsd: number; tokens: number }, now: number): Promise<boolean>;
  /**
   * Adds every charge to its counter in one transaction whatever the limits (money already spent,
   * e.g. by a coding-agent CLI), recorded as settled reservation `id`; returns the counters that are
   * now over a limit, widest first (`used` is the counter before this charge).
   */
  charge(id: string, charges: BudgetCharge[], now: number): Promise<BudgetRefusal[]>;
  /** Takes back what reservation `id` added; false when it was not open. */
  release(id: string, now: number): Promise<boolean>;
  /** Releases reservations still open that were made before `before` (a worker died); returns how many. */
  releaseStale(before: number, now: number): Promise<number>;
  /** Current counters of the given scopes (missing counters are zero and left out). */
  usage(scopes: Array<{ level: BudgetLevel; scopeKey: string }>): Promise<BudgetUsageRow[]>;
  /**
   * Records that a counter crossed a threshold; true only for the first caller (a unique key on
   * level, scope and threshold), so that every process may check and only one alert is sent.
   */
  recordThreshold(record: BudgetThresholdRecord): Promise<boolean>;
  /** Oldest first. */
  listThresholds(filter?: { since?: number }): Promise<BudgetThresholdRecord[]>;
}

/** What a caller records: who did what to which subject, and the decision with its reasons. */
export interface AuditEntryInput {
  /** Epoch milliseconds. */
  createdAt: number;
  /** `ouro`, `user:alice`, `guard:protected-paths`, … */
  actor: string;
  action: string;
  subject: string;
  /** null for side effects that decide nothing (a merge, a push). */
  decision: string | null;
  reasons: string[];
  details: Record<string, unknown>;
}

/** The entry with its place in the chain, before its own hash is computed. */
export interface UnsealedAuditEntry extends AuditEntryInput {
  /** 1-based, gap-free. */
  sequence: number;
  previousHash: string;
}

export interface AuditEntryRecord extends UnsealedAuditEntry {
  hash: string;
}

/** Everything verification needs, read in one consistent snapshot. */
export interface AuditChainSnapshot {
  head: { sequence: number; hash: string };
  /** Ordered by sequence. */
  entries: AuditEntryRecord[];
}

export interface AuditRepository {
  /**
   * Appends `entry` as the next sequence, serialized against every other append (PostgreSQL: the
   * chain head row lock; SQLite: the write lock), so the chain never forks. `seal` computes the
   * entry's hash; the hashing rule belongs to policy/audit, the store only orders and stores.
   */
  append(entry: AuditEntryInput, seal: (entry: UnsealedAuditEntry) => string): Promise<AuditEntryRecord>;
  /** The newest `limit` entries created at or after `since`, oldest first. */
  list(filter?: { since?: number; limit?: number }): Promise<AuditEntryRecord[]>;
  readChain(): Promise<AuditChainSnapshot>;
}

/** `pending` until decided; `stale` when the subject's head moved after the request (brief §7). */
export type ApprovalState = 'pending' | 'approved' | 'denied' | 'expired' | 'stale';

export interface ApprovalDecisionRecord {
  approvalId: string;
  /** The deciding identity: `user:<os user>` from the CLI, `apikey:<name>` over HTTP, `ouro:auto-approve`. */
  by: string;
  decision: 'approve' | 'deny';
  comment: string | null;
  createdAt: number;
}

/** What an approval is about; every field but `description` is optional (a step, a PR, a task). */
export interface ApprovalSubject {
  description: string;
  runId?: string;
  stepId?: string;
  taskId?: string;
  pr?: number;
  issue?: number;
  /** The head commit the request was made for: a different head makes the request stale. */
  headSha?: string;
}

export interface NewApproval {
  /** `apr_<short>`. */
  id: string;
  /** The policy action (`merge`, `write_protected_path`, …). */
  operation: string;
  /** Stable key of what is approved (`merge:pr:12`, `run:<id>:step:<id>:write_protected_path`). */
  subjectKey: string;
  subject: ApprovalSubject;
  /** `low` … `critical`. */
  risk: string;
  reasons: string[];
  /** Risk assessment with guard findings, changed files, test results, cost so far — for `approvals view`. */
  details: Record<string, unknown>;
  requestedBy: string;
  requestedAt: number;
  expiresAt: number;
  quorum: number;
}

export interface ApprovalRecord extends NewApproval {
  state: ApprovalState;
  /** When the state left `pending`. */
  decidedAt: number | null;
  /** Oldest first. */
  decisions: ApprovalDecisionRecord[];
}

export interface ApprovalListFilter {
  states?: ApprovalState[];
  subjectKey?: string;
  /** requested_at at or after. */
  since?: number;
  limit?: number;
}

export type ApprovalDecideOutcome =
  | { outcome: 'recorded'; approval: ApprovalRecord }
  /** Not pending any more (already decided, expired or stale): nothing recorded. */
  | { outcome: 'not_pending'; approval: ApprovalRecord }
  /** This identity already approved it: nothing recorded (quorum counts distinct people). */
  | { outcome: 'duplicate'; approval: ApprovalRecord }
  | { outcome: 'not_found' };

export interface ApprovalRepository {
  create(approval: NewApproval): Promise<ApprovalRecord>;
  get(id: string): Promise<ApprovalRecord | undefined>;
  /** Newest first. */
  list(filter?: ApprovalListFilter): Promise<ApprovalRecord[]>;
  /**
   * Records one decision atomically (row lock / write lock): a deny makes it `denied`; an approve
   * makes it `approved` once `quorum` distinct identities approved. Only a pending approval whose
   * `expiresAt` is still ahead of `now` takes decisions (a due one becomes `expired` first).
   */
  decide(
    id: string,
    decision: Omit<ApprovalDecisionRecord, 'approvalId' | 'createdAt'>,
    now: number,
  ): Promise<ApprovalDecideOutcome>;
  /** Pending approvals whose expiry passed become `expired`; returns them. */
  expireDue(now: number): Promise<ApprovalRecord[]>;
  /** Pending approvals of `subjectKey` requested for another head than `headSha` become `stale`; returns them. */
  markStale(subjectKey: string, headSha: string, now: number): Promise<ApprovalRecord[]>;
}

export type RollbackPointState = 'ready' | 'rolled_back';

export interface NewRollbackPoint {
  /** `rb_<short>`. */
  id: string;
  /** The repository: an absolute path for a local repository, `owner/name` on a forge. */
  repository: string;
  /** The branch the merge goes into. */
  branch: string;
  /** Its head before the merge. */
  baseSha: string;
  /** The merged branch or PR head. */
  headSha: string | null;
  pr: number | null;
  issue: number | null;
  taskId: string | null;
  runId: string | null;
  description: string;
  createdAt: number;
}

export interface RollbackPointRecord extends NewRollbackPoint {
  /** Set once the merge happened; null when it never completed. */
  mergeSha: string | null;
  /** `merge` (a merge commit: reverted with -m 1) or `squash` (one ordinary commit). */
  mergeMethod: 'merge' | 'squash' | null;
  state: RollbackPointState;
  rolledBackAt: number | null;
  /** The revert commit SHA, or the revert pull request's URL. */
  rollbackRef: string | null;
  rolledBackBy: string | null;
}

export interface RollbackListFilter {
  state?: RollbackPointState;
  pr?: number;
  mergeSha?: string;
  /** Points whose merge SHA starts with this (a short SHA as `git log` prints it). */
  mergeShaPrefix?: string;
  limit?: number;
}

export interface RollbackRepository {
  create(point: NewRollbackPoint): Promise<RollbackPointRecord>;
  /** Records the merge that followed the point. */
  completeMerge(id: string, mergeSha: string, method: 'merge' | 'squash'): Promise<void>;
  get(id: string): Promise<RollbackPointRecord | undefined>;
  /** Newest first; rolled-back points included unless `state` says otherwise. */
  list(filter?: RollbackListFilter): Promise<RollbackPointRecord[]>;
  /** `ready` → `rolled_back` atomically; false when it was not ready (someone else rolled it back). */
  markRolledBack(id: string, rollbackRef: string, by: string, now: number): Promise<boolean>;
  /** Deletes points created before `before`; returns their ids. */
  deleteOlderThan(before: number): Promise<string[]>;
}

/** Durable operator switches (pause/resume today). */
export interface PauseState {
  paused: boolean;
  reason: string | null;
  by: string | null;
  /** When it was paused or resumed (epoch ms); null when it never was. */
  since: number | null;
}

export interface ControlRepository {
  getPause(): Promise<PauseState>;
  setPause(state: PauseState, now: number): Promise<void>;
}

/** A budget counter that crossed a threshold (80, 90 or 100 % of its limit), recorded once. */
export interface BudgetThresholdRecord {
  level: BudgetLevel;
  scopeKey: string;
  /** Percent: 80, 90 or 100. */
  threshold: number;
  usedMicroUsd: number;
  limitMicroUsd: number;
  createdAt: number;
}

export interface MigrationStatus {
  name: string;
  executedAt: number | null;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Where the data lives, with any password removed (for messages and `ouro db status`). */
  readonly location: string;
  runs: RunRepository;
  cache: CacheRepository;
  workflows: WorkflowRepository;
  modelCalls: ModelCallRepository;
  budgets: BudgetRepository;
  audit: AuditRepository;
  approvals: ApprovalRepository;
  rollbackPoints: RollbackRepository;
  control: ControlRepository;
  /** The local forge's issues, pull requests, reviews and checks. */
  forge: ForgeRepository;
  migrate(): Promise<{ applied: string[] }>;
  migrationStatus(): Promise<MigrationStatus[]>;
  close(): Promise<void>;
}

/** An issue or pull request of the local forge (times epoch ms). */
export interface ForgeItemRecord {
  number: number;
  kind: 'issue' | 'pull_request';
  title: string;
  body: string;
  state: 'open' | 'closed' | 'merged';
  author: string;
  /** Sorted. */
  labels: string[];
  createdAt: number;
  updatedAt: number;
}

export interface ForgePullRequestRecord extends ForgeItemRecord {
  kind: 'pull_request';
  head: string;
  base: string;
  headSha: string;
  mergeSha: string | null;
  mergeMethod: 'merge' | 'squash' | null;
  /** The revert commit made for it on the base branch, once reverted. */
  revertSha: string | null;
}

export interface ForgeCommentRecord {
  id: string;
  itemNumber: number;
  marker: string | null;
  author: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

export interface ForgeReviewRecord {
  id: string;
  prNumber: number;
  author: string;
  state: 'approved' | 'changes_requested' | 'commented' | 'dismissed';
  body: string;
  submittedAt: number;
}

export interface ForgeThreadRecord {
  id: string;
  prNumber: number;
  path: string;
  line: number | null;
  resolved: boolean;
  createdAt: number;
  /** Oldest first. */
  comments: Array<Omit<ForgeCommentRecord, 'itemNumber' | 'marker'>>;
}

export interface ForgeCheckRunRecord {
  id: string;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  url: string | null;
  /** The failing step, when known; with `log`, what `getFailedJobLogs` returns. */
  failedStep: string | null;
  log: string | null;
  updatedAt: number;
}

export interface ForgeItemFilter {
  kind: ForgeItemRecord['kind'];
  /** Any of these states; all when absent. */
  states?: Array<ForgeItemRecord['state']>;
  labels?: string[];
  labelMatch?: 'any' | 'all';
  limit?: number;
}

/**
 * The local forge's store. Whatever must happen once is atomic here: `ensureComment` is one upsert
 * on (item, marker); `ensurePullRequest` finds or creates the one open PR of a branch (a unique
 * constraint backs it); `markMerged`, `markReverted` and state changes are conditional updates.
 */
export interface ForgeRepository {
  createIssue(issue: {
    title: string;
    body: string;
    author: string;
    labels: string[];
    now: number;
  }): Promise<ForgeItemRecord>;
  /** An issue or a pull request (its item side). */
  getItem(number: number): Promise<ForgeItemRecord | undefined>;
  /** Newest first. */
  listItems(filter: ForgeItemFilter): Promise<ForgeItemRecord[]>;
  /** Sets the state of an issue or PR; false when it already had it. */
  setState(number: number, state: ForgeItemRecord['state'], now: number): Promise<boolean>;
  /** Adds and removes labels (add wins when a label is in both); returns the labels afterwards. */
  changeLabels(number: number, change: { add: string[]; remove: string[] }, now: number): Promise<string[]>;
  /** With a marker: created once, its body replaced afterwards. Without: always a new comment. */
  ensureComment(comment: {
    itemNumber: number;
    marker: string | null;
    author: string;
    body: string;
    now: number;
  }): Promise<ForgeCommentRecord>;
  /** Oldest first. */
  listComments(number: number): Promise<ForgeCommentRecord[]>;

  /** The open PR of `head` with title, body and base updated, or a new one; `created` says which. */
  ensurePullRequest(pr: {
    head: string;
    base: string;
    title: string;
    body: string;
    author: string;
    headSha: string;
    now: number;
  }): Promise<{ pullRequest: ForgePullRequestRecord; created: boolean }>;
  getPullRequest(number: number): Promise<ForgePullRequestRecord | undefined>;
  findOpenPullRequest(head: string): Promise<ForgePullRequestRecord | undefined>;
  /** Newest first. */
  listPullRequests(filter: {
    states?: Array<ForgeItemRecord['state']>;
    limit?: number;
  }): Promise<ForgePullRequestRecord[]>;
  updateHeadSha(number: number, headSha: string, now: number): Promise<void>;
  /** Records the merge of an open PR; false when it was not open any more (someone else merged or closed it). */
  markMerged(
    number: number,
    merge: { sha: string; method: 'merge' | 'squash' },
    now: number,
  ): Promise<boolean>;
  /** Closes an open PR (frees its branch for a new PR); false when it was not open. */
  closePullRequest(number: number, now: number): Promise<boolean>;
  /** Records the revert commit once; false when one was recorded before. */
  markReverted(number: number, revertSha: string): Promise<boolean>;

  addReview(review: Omit<ForgeReviewRecord, 'id'>): Promise<ForgeReviewRecord>;
  listReviews(prNumber: number): Promise<ForgeReviewRecord[]>;
  addThread(thread: {
    prNumber: number;
    path: string;
    line: number | null;
    author: string;
    body: string;
    now: number;
  }): Promise<ForgeThreadRecord>;
  listThreads(prNumber: number): Promise<ForgeThreadRecord[]>;
  getThread(threadId: string): Promise<ForgeThreadRecord | undefined>;
  addThreadComment(comment: {
    threadId: string;
    author: string;
    body: string;
    now: number;
  }): Promise<ForgeThreadRecord['comments'][number]>;
  resolveThread(threadId: string): Promise<void>;

  /** Stores a check's result on a commit, replacing an earlier run of the same check there. */
  recordCheckRun(run: Omit<ForgeCheckRunRecord, 'id'>): Promise<ForgeCheckRunRecord>;
  listCheckRuns(headSha: string): Promise<ForgeCheckRunRecord[]>;
}
