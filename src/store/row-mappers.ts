/**
 * Conversions between table rows (snake_case, JSON as text) and the records of types.ts. JSON is
 * written by Ouro itself, so parsing trusts its shape; a corrupted value surfaces as a parse error.
 */
import type { Selectable } from 'kysely';
import type {
  ArtifactsTable,
  CacheEntriesTable,
  RunEventsTable,
  RunsTable,
  StepRunsTable,
  WorkflowsTable,
} from './database-schema.js';
import type {
  ArtifactRow,
  CacheEntryRecord,
  JournalProjection,
  RunEventRecord,
  RunRecord,
  RunStatus,
  StepRunRecord,
  StepRunStatus,
  WorkflowRecord,
} from './types.js';

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function toNullableJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function parseObject(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

function parseNullableObject(text: string | null): Record<string, unknown> | null {
  return text === null ? null : parseObject(text);
}

/** int8/bigint may arrive as a string from drivers without a number parser; normalise here. */
function toNumber(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

function toNullableNumber(value: number | string | null): number | null {
  return value === null ? null : toNumber(value);
}

export function runFromRow(row: Selectable<RunsTable>): RunRecord {
  return {
    id: row.id,
    workflowName: row.workflow_name,
    workflowPath: row.workflow_path,
    workflowHash: row.workflow_hash,
    status: row.status as RunStatus,
    inputs: parseObject(row.inputs),
    options: parseObject(row.options),
    createdAt: toNumber(row.created_at),
    updatedAt: toNumber(row.updated_at),
    endedAt: toNullableNumber(row.ended_at),
    owner: row.owner,
    leaseExpiresAt: toNullableNumber(row.lease_expires_at),
    cancelRequestedAt: toNullableNumber(row.cancel_requested_at),
    summary: parseNullableObject(row.summary),
  };
}

export function eventFromRow(row: RunEventsTable): RunEventRecord {
  return {
    runId: row.run_id,
    sequence: toNumber(row.sequence),
    type: row.type,
    stepId: row.step_id,
    attempt: toNullableNumber(row.attempt),
    payload: parseObject(row.payload),
    createdAt: toNumber(row.created_at),
  };
}

export function stepRunFromRow(row: StepRunsTable): StepRunRecord {
  return {
    runId: row.run_id,
    stepId: row.step_id,
    attempt: toNumber(row.attempt),
    actor: row.actor,
    status: row.status as StepRunStatus,
    startedAt: toNumber(row.started_at),
    endedAt: toNullableNumber(row.ended_at),
    durationMs: toNullableNumber(row.duration_ms),
    outputs: parseNullableObject(row.outputs),
    error: parseNullableObject(row.error),
    cacheKey: row.cache_key,
  };
}

export function stepRunToRow(record: StepRunRecord): StepRunsTable {
  return {
    run_id: record.runId,
    step_id: record.stepId,
    attempt: record.attempt,
    actor: record.actor,
    status: record.status,
    started_at: record.startedAt,
    ended_at: record.endedAt,
    duration_ms: record.durationMs,
    outputs: toNullableJson(record.outputs),
    error: toNullableJson(record.error),
    cache_key: record.cacheKey,
  };
}

export function artifactFromRow(row: ArtifactsTable): ArtifactRow {
  return {
    runId: row.run_id,
    stepId: row.step_id,
    path: row.path,
    size: toNumber(row.size),
    sha256: row.sha256,
    createdAt: toNumber(row.created_at),
  };
}

export function artifactToRow(record: ArtifactRow): ArtifactsTable {
  return {
    run_id: record.runId,
    path: record.path,
    step_id: record.stepId,
    size: record.size,
    sha256: record.sha256,
    created_at: record.createdAt,
  };
}

export function cacheEntryFromRow(row: CacheEntriesTable): CacheEntryRecord {
  return {
    key: row.key,
    actor: row.actor,
    workflowName: row.workflow_name,
    stepId: row.step_id,
    outputs: parseObject(row.outputs),
    artifacts: JSON.parse(row.artifacts) as CacheEntryRecord['artifacts'],
    summary: row.summary,
    createdAt: toNumber(row.created_at),
    lastHitAt: toNullableNumber(row.last_hit_at),
    hits: toNumber(row.hits),
  };
}

/** The run columns a journal projection changes; absent fields are left as they are. */
export type RunProjectionColumns = Partial<
  Pick<RunsTable, 'status' | 'ended_at' | 'summary' | 'owner' | 'lease_expires_at'>
>;

export function runProjectionColumns(run: JournalProjection['run']): RunProjectionColumns {
  const columns: RunProjectionColumns = {};
  if (run === undefined) return columns;
  if (run.status !== undefined) columns.status = run.status;
  if (run.endedAt !== undefined) columns.ended_at = run.endedAt;
  if (run.summary !== undefined) columns.summary = toNullableJson(run.summary);
  if (run.owner !== undefined) columns.owner = run.owner;
  if (run.leaseExpiresAt !== undefined) columns.lease_expires_at = run.leaseExpiresAt;
  return columns;
}

/** Keeps the last record per key: one statement must not upsert the same row twice (PostgreSQL refuses). */
export function lastPerKey<T>(records: readonly T[] | undefined, key: (record: T) => string): T[] {
  if (records === undefined || records.length === 0) return [];
  const byKey = new Map<string, T>();
  for (const record of records) byKey.set(key(record), record);
  return [...byKey.values()];
}

export function workflowFromRow(row: WorkflowsTable): WorkflowRecord {
  return { path: row.path, name: row.name, hash: row.hash, updatedAt: toNumber(row.updated_at) };
}
