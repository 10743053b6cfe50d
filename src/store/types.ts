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
  migrate(): Promise<{ applied: string[] }>;
  migrationStatus(): Promise<MigrationStatus[]>;
  close(): Promise<void>;
}
