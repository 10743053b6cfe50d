/**
 * Runs, their journal and its projections over Kysely, for both dialects. appendEvents locks and
 * numbers in one statement: `UPDATE runs SET last_sequence = last_sequence + n … RETURNING`, which
 * takes the row lock on PostgreSQL (concurrent appenders queue behind it and re-read the new value)
 * and the database write lock on SQLite, so sequences stay gap-free without a separate SELECT.
 * SQLite may hand appendEvents to the synchronous writer (sqlite-journal-writer.ts) for speed.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { OuroError } from '../errors/index.js';
import type { DatabaseSchema } from './database-schema.js';
import { isUniqueViolation } from './database-errors.js';
import { buildJournalRows } from './journal-rows.js';
import {
  artifactFromRow,
  artifactToRow,
  eventFromRow,
  runFromRow,
  runProjectionColumns,
  stepRunFromRow,
  stepRunToRow,
  toJson,
} from './row-mappers.js';
import type {
  ArtifactRow,
  JournalProjection,
  NewRun,
  RunEventInput,
  RunEventRecord,
  RunListFilter,
  RunRecord,
  RunRepository,
  StepRunRecord,
} from './types.js';

export type AppendEvents = RunRepository['appendEvents'];

/** Rows per INSERT: far below PostgreSQL's 65,535 bind parameters for the widest table. */
const insertChunkSize = 500;
export const defaultRunListLimit = 100;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += insertChunkSize) {
    result.push(items.slice(start, start + insertChunkSize));
  }
  return result;
}

export class KyselyRunRepository implements RunRepository {
  constructor(
    private readonly database: Kysely<DatabaseSchema>,
    /** Replaces the Kysely transaction path of appendEvents (the SQLite synchronous writer). */
    private readonly appendOverride?: AppendEvents,
  ) {}

  async createRun(run: NewRun, now: number): Promise<RunRecord> {
    const record: RunRecord = {
      ...run,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
      endedAt: null,
      owner: null,
      leaseExpiresAt: null,
      cancelRequestedAt: null,
      summary: null,
    };
    try {
      await this.database
        .insertInto('runs')
        .values({
          id: run.id,
          workflow_name: run.workflowName,
          workflow_path: run.workflowPath,
          workflow_hash: run.workflowHash,
          status: record.status,
          inputs: toJson(run.inputs),
          options: toJson(run.options),
          created_at: now,
          updated_at: now,
          ended_at: null,
          owner: null,
          lease_expires_at: null,
          cancel_requested_at: null,
          summary: null,
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new OuroError('OURO_STORE_CONFLICT', { entity: 'Run', id: run.id }, { cause: error });
      throw error;
    }
    return record;
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const row = await this.database.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
    return row === undefined ? undefined : runFromRow(row);
  }

  async listRuns(filter: RunListFilter = {}): Promise<RunRecord[]> {
    let query = this.database.selectFrom('runs').selectAll();
    if (filter.status !== undefined && filter.status.length > 0)
      query = query.where('status', 'in', filter.status);
    if (filter.workflowName !== undefined) query = query.where('workflow_name', '=', filter.workflowName);
    const before = filter.before;
    if (before !== undefined) {
      query = query.where((expression) =>
        expression.or([
          expression('created_at', '<', before.createdAt),
          expression.and([expression('created_at', '=', before.createdAt), expression('id', '<', before.id)]),
        ]),
      );
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? defaultRunListLimit)
      .execute();
    return rows.map(runFromRow);
  }

  appendEvents(
    runId: string,
    events: RunEventInput[],
    projection: JournalProjection,
    now: number,
  ): Promise<RunEventRecord[]> {
    if (this.appendOverride !== undefined) return this.appendOverride(runId, events, projection, now);
    return this.database
      .transaction()
      .execute((transaction) => appendInTransaction(transaction, runId, events, projection, now));
  }

  async listEvents(runId: string, afterSequence = 0): Promise<RunEventRecord[]> {
    const rows = await this.database
      .selectFrom('run_events')
      .selectAll()
      .where('run_id', '=', runId)
      .where('sequence', '>', afterSequence)
      .orderBy('sequence')
      .execute();
    return rows.map(eventFromRow);
  }

  async listStepRuns(runId: string): Promise<StepRunRecord[]> {
    const rows = await this.database
      .selectFrom('step_runs')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('started_at')
      .orderBy('step_id')
      .orderBy('attempt')
      .execute();
    return rows.map(stepRunFromRow);
  }

  async listArtifacts(runId: string): Promise<ArtifactRow[]> {
    const rows = await this.database
      .selectFrom('artifacts')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('created_at')
      .orderBy('path')
      .execute();
    return rows.map(artifactFromRow);
  }

  async acquireLease(
    runId: string,
    owner: string,
    leaseMs: number,
    now: number,
    force = false,
  ): Promise<boolean> {
    let query = this.database
      .updateTable('runs')
      .set({ owner, lease_expires_at: now + leaseMs, updated_at: now })
      .where('id', '=', runId);
    if (!force) {
      // Free, expired, or already ours (re-acquiring is idempotent).
      query = query.where((expression) =>
        expression.or([
          expression('owner', 'is', null),
          expression('owner', '=', owner),
          expression('lease_expires_at', 'is', null),
          expression('lease_expires_at', '<=', now),
        ]),
      );
    }
    const result = await query.executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async renewLease(runId: string, owner: string, leaseMs: number, now: number): Promise<boolean> {
    const result = await this.database
      .updateTable('runs')
      .set({ lease_expires_at: now + leaseMs, updated_at: now })
      .where('id', '=', runId)
      .where('owner', '=', owner)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async releaseLease(runId: string, owner: string): Promise<void> {
    await this.database
      .updateTable('runs')
      .set({ owner: null, lease_expires_at: null })
      .where('id', '=', runId)
      .where('owner', '=', owner)
      .execute();
  }

  async requestCancel(runId: string, now: number): Promise<void> {
    // The first request's time is kept: a repeated cancel does not move it.
    const result = await this.database
      .updateTable('runs')
      .set({ cancel_requested_at: sql<number>`coalesce(cancel_requested_at, ${now})`, updated_at: now })
      .where('id', '=', runId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new OuroError('OURO_RUN_NOT_FOUND', { runId });
  }
}

/** The portable appendEvents: a Kysely transaction (SQLite's `kysely` journal mode, big PostgreSQL batches). */
export async function appendInTransaction(
  transaction: Transaction<DatabaseSchema>,
  runId: string,
  events: readonly RunEventInput[],
  projection: JournalProjection,
  now: number,
): Promise<RunEventRecord[]> {
  const updated = await transaction
    .updateTable('runs')
    .set((expression) => ({
      ...runProjectionColumns(projection.run),
      last_sequence: expression('last_sequence', '+', events.length),
      updated_at: now,
    }))
    .where('id', '=', runId)
    .returning('last_sequence')
    .executeTakeFirst();
  if (updated === undefined) throw new OuroError('OURO_RUN_NOT_FOUND', { runId });
  const rows = buildJournalRows(runId, Number(updated.last_sequence), events, projection, now);
  for (const chunk of chunks(rows.eventRows)) {
    await transaction.insertInto('run_events').values(chunk).execute();
  }
  for (const chunk of chunks(rows.stepRuns.map(stepRunToRow))) {
    await transaction
      .insertInto('step_runs')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.columns(['run_id', 'step_id', 'attempt']).doUpdateSet((expression) => ({
          actor: expression.ref('excluded.actor'),
          status: expression.ref('excluded.status'),
          started_at: expression.ref('excluded.started_at'),
          ended_at: expression.ref('excluded.ended_at'),
          duration_ms: expression.ref('excluded.duration_ms'),
          outputs: expression.ref('excluded.outputs'),
          error: expression.ref('excluded.error'),
          cache_key: expression.ref('excluded.cache_key'),
        })),
      )
      .execute();
  }
  for (const chunk of chunks(rows.artifacts.map(artifactToRow))) {
    await transaction
      .insertInto('artifacts')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.columns(['run_id', 'path']).doUpdateSet((expression) => ({
          step_id: expression.ref('excluded.step_id'),
          size: expression.ref('excluded.size'),
          sha256: expression.ref('excluded.sha256'),
          created_at: expression.ref('excluded.created_at'),
        })),
      )
      .execute();
  }
  return rows.events;
}
