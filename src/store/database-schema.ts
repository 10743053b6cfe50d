/**
 * Row shapes of the tables as Kysely sees them (snake_case columns). Times are epoch milliseconds in
 * bigint columns (read back as numbers on both dialects); JSON is stored as text and parsed by the
 * row mappers, so that one schema serves SQLite and PostgreSQL alike.
 */
import type { Generated } from 'kysely';

export interface WorkflowsTable {
  path: string;
  name: string;
  hash: string;
  updated_at: number;
}

export interface RunsTable {
  id: string;
  workflow_name: string;
  workflow_path: string;
  workflow_hash: string;
  status: string;
  inputs: string;
  options: string;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
  owner: string | null;
  lease_expires_at: number | null;
  cancel_requested_at: number | null;
  summary: string | null;
  /** Highest event sequence written; bumped in the same statement that locks the run row. */
  last_sequence: Generated<number>;
}

export interface RunEventsTable {
  run_id: string;
  sequence: number;
  type: string;
  step_id: string | null;
  attempt: number | null;
  payload: string;
  created_at: number;
}

export interface StepRunsTable {
  run_id: string;
  step_id: string;
  attempt: number;
  actor: string;
  status: string;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
  outputs: string | null;
  error: string | null;
  cache_key: string | null;
}

export interface ArtifactsTable {
  run_id: string;
  path: string;
  step_id: string;
  size: number;
  sha256: string;
  created_at: number;
}

export interface CacheEntriesTable {
  key: string;
  actor: string;
  workflow_name: string;
  step_id: string;
  outputs: string;
  artifacts: string;
  summary: string | null;
  created_at: number;
  last_hit_at: number | null;
  hits: number;
}

export interface DatabaseSchema {
  workflows: WorkflowsTable;
  runs: RunsTable;
  run_events: RunEventsTable;
  step_runs: StepRunsTable;
  artifacts: ArtifactsTable;
  cache_entries: CacheEntriesTable;
  model_calls: ModelCallsTable;
  budget_usage: BudgetUsageTable;
  budget_reservations: BudgetReservationsTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  approvals: ApprovalsTable;
  approval_decisions: ApprovalDecisionsTable;
  rollback_points: RollbackPointsTable;
  control_state: ControlStateTable;
  budget_thresholds: BudgetThresholdsTable;
  forge_items: ForgeItemsTable;
  forge_labels: ForgeLabelsTable;
  forge_comments: ForgeCommentsTable;
  forge_pull_requests: ForgePullRequestsTable;
  forge_reviews: ForgeReviewsTable;
  forge_review_threads: ForgeReviewThreadsTable;
  forge_thread_comments: ForgeThreadCommentsTable;
  forge_check_runs: ForgeCheckRunsTable;
}

/** One model call as the ledger records it (migration 0002). Cost is dollars as a double: a record of fact, summed for reports. */
export interface ModelCallsTable {
  id: string;
  run_id: string | null;
  step_id: string | null;
  task_id: string | null;
  provider: string;
  model: string;
  purpose: string;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_tokens: number;
  cost_usd: number;
  latency_ms: number;
  outcome: string;
  error_code: string | null;
  created_at: number;
}

/**
 * Running totals per budget level and scope (`run`/`run_…`, `day`/`2026-11-22`, …), in integer
 * micro-dollars and tokens so that concurrent additions and limit checks are exact.
 */
export interface BudgetUsageTable {
  level: string;
  scope_key: string;
  cost_micro_usd: number;
  tokens: number;
  updated_at: number;
}

/** What one reservation added to one level's counter, so settle and release can take it back. */
export interface BudgetReservationsTable {
  id: string;
  level: string;
  scope_key: string;
  cost_micro_usd: number;
  tokens: number;
  state: string;
  created_at: number;
  settled_at: number | null;
}

/** One audit entry (migration 0003); reasons and details are JSON text. */
export interface AuditLogTable {
  sequence: number;
  created_at: number;
  actor: string;
  action: string;
  subject: string;
  decision: string | null;
  reasons: string;
  details: string;
  previous_hash: string;
  hash: string;
}

/** The single row (id 1) holding the last appended sequence and hash; appends lock it. */
export interface AuditChainHeadTable {
  id: number;
  sequence: number;
  hash: string;
}

/** One approval request (migration 0004); subject, reasons and details are JSON text. */
export interface ApprovalsTable {
  id: string;
  operation: string;
  subject_key: string;
  subject: string;
  /** `subject.headSha`, kept in its own column for markStale. */
  head_sha: string | null;
  risk: string;
  reasons: string;
  details: string;
  state: string;
  requested_by: string;
  requested_at: number;
  expires_at: number;
  quorum: number;
  decided_at: number | null;
}

/** One person's decision on one approval; `position` orders them (1-based, oldest first). */
export interface ApprovalDecisionsTable {
  approval_id: string;
  position: number;
  decided_by: string;
  decision: string;
  comment: string | null;
  created_at: number;
}

/** The branch head before a merge, and what became of the merge (migration 0004). */
export interface RollbackPointsTable {
  id: string;
  repository: string;
  branch: string;
  base_sha: string;
  head_sha: string | null;
  pr: number | null;
  issue: number | null;
  task_id: string | null;
  run_id: string | null;
  description: string;
  created_at: number;
  merge_sha: string | null;
  merge_method: string | null;
  state: string;
  rolled_back_at: number | null;
  rollback_ref: string | null;
  rolled_back_by: string | null;
}

/** Operator switches by key (`pause`); the value is JSON text. */
export interface ControlStateTable {
  key: string;
  value: string;
  updated_at: number;
}

/** A budget counter's first crossing of a threshold percentage; the primary key makes it happen once. */
export interface BudgetThresholdsTable {
  level: string;
  scope_key: string;
  threshold: number;
  used_micro_usd: number;
  limit_micro_usd: number;
  created_at: number;
}

/** An issue or pull request of the local forge; both share the number sequence (migration 0005). */
export interface ForgeItemsTable {
  number: number;
  /** `issue` or `pull_request`. */
  kind: string;
  title: string;
  body: string;
  /** `open`, `closed`, or `merged` (pull requests). */
  state: string;
  author: string;
  created_at: number;
  updated_at: number;
}

export interface ForgeLabelsTable {
  item_number: number;
  name: string;
}

/** A comment on an issue or PR; `marker` (unique per item) lets `ensureComment` find it again. */
export interface ForgeCommentsTable {
  id: string;
  item_number: number;
  marker: string | null;
  author: string;
  body: string;
  created_at: number;
  updated_at: number;
}

/** The pull-request side of a `forge_items` row; `open_head` is `head` while open, null after. */
export interface ForgePullRequestsTable {
  number: number;
  head: string;
  base: string;
  head_sha: string;
  open_head: string | null;
  merge_sha: string | null;
  merge_method: string | null;
  revert_sha: string | null;
}

export interface ForgeReviewsTable {
  id: string;
  pr_number: number;
  author: string;
  state: string;
  body: string;
  submitted_at: number;
}

export interface ForgeReviewThreadsTable {
  id: string;
  pr_number: number;
  path: string;
  line: number | null;
  /** 0 or 1 (portable boolean). */
  resolved: number;
  created_at: number;
}

export interface ForgeThreadCommentsTable {
  id: string;
  thread_id: string;
  author: string;
  body: string;
  created_at: number;
  updated_at: number;
}

/** A check's result on a commit; one row per (head_sha, name), replaced by a re-run. */
export interface ForgeCheckRunsTable {
  id: string;
  head_sha: string;
  name: string;
  status: string;
  conclusion: string | null;
  url: string | null;
  failed_step: string | null;
  log: string | null;
  updated_at: number;
}
