/**
 * The PostgreSQL path of appendEvents: ONE statement of data-modifying CTEs instead of a transaction
 * of five round trips. The first CTE bumps `runs.last_sequence` (taking the run's row lock, so
 * concurrent appenders queue and then see the new value); events, step runs and artifacts are
 * inserted FROM that CTE, so an unknown run writes nothing, and a single statement is atomic: any
 * failure leaves no trace. Batches too large for one statement's bind parameters use the portable
 * transaction path instead.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { OuroError } from '../errors/index.js';
import type { DatabaseSchema } from './database-schema.js';
import { buildJournalRows } from './journal-rows.js';
import {
  artifactToRow,
  runProjectionColumns,
  stepRunToRow,
  type RunProjectionColumns,
} from './row-mappers.js';
import type { JournalProjection, RunEventInput, RunEventRecord } from './types.js';

/** PostgreSQL allows 65,535 bind parameters per statement; stay well below. */
const maximumParameters = 30_000;

const runColumnTypes: Record<keyof RunProjectionColumns, string> = {
  status: 'text',
  ended_at: 'bigint',
  summary: 'text',
  owner: 'text',
  lease_expires_at: 'bigint',
};

function typed(value: unknown, type: string): RawBuilder<unknown> {
  return sql`${value}::${sql.raw(type)}`;
}

export function fitsOneStatement(events: readonly RunEventInput[], projection: JournalProjection): boolean {
  const parameters =
    events.length * 4 +
    (projection.stepRuns?.length ?? 0) * 11 +
    (projection.artifacts?.length ?? 0) * 6 +
    16;
  return parameters <= maximumParameters;
}

export async function appendEventsInOneStatement(
  database: Kysely<DatabaseSchema>,
  runId: string,
  events: readonly RunEventInput[],
  projection: JournalProjection,
  now: number,
): Promise<RunEventRecord[]> {
  // Rows are built first with a placeholder base; sequences are shifted once the database answers.
  const rows = buildJournalRows(runId, events.length, events, projection, now);
  const columns = runProjectionColumns(projection.run);
  const assignments = [
    sql`last_sequence = last_sequence + ${typed(events.length, 'int')}`,
    sql`updated_at = ${typed(now, 'bigint')}`,
    ...(Object.keys(columns) as Array<keyof RunProjectionColumns>).map(
      (name) => sql`${sql.ref(name)} = ${typed(columns[name], runColumnTypes[name])}`,
    ),
  ];
  const parts: RawBuilder<unknown>[] = [
    sql`bumped as (update runs set ${sql.join(assignments)} where id = ${runId} returning last_sequence)`,
  ];
  if (rows.eventRows.length > 0) {
    const values = rows.eventRows.map(
      (row, index) =>
        sql`(${typed(index + 1, 'int')}, ${typed(row.type, 'text')}, ${typed(row.step_id, 'text')}, ${typed(row.attempt, 'int')}, ${typed(row.payload, 'text')})`,
    );
    parts.push(sql`new_events as (
      insert into run_events (run_id, sequence, type, step_id, attempt, payload, created_at)
      select ${runId}, bumped.last_sequence - ${typed(events.length, 'int')} + event.position, event.type,
             event.step_id, event.attempt, event.payload, ${typed(now, 'bigint')}
      from bumped cross join (values ${sql.join(values)}) as event (position, type, step_id, attempt, payload))`);
  }
  if (rows.stepRuns.length > 0) {
    const values = rows.stepRuns
      .map(stepRunToRow)
      .map(
        (row) =>
          sql`(${typed(row.step_id, 'text')}, ${typed(row.attempt, 'int')}, ${typed(row.actor, 'text')}, ${typed(row.status, 'text')}, ${typed(row.started_at, 'bigint')}, ${typed(row.ended_at, 'bigint')}, ${typed(row.duration_ms, 'bigint')}, ${typed(row.outputs, 'text')}, ${typed(row.error, 'text')}, ${typed(row.cache_key, 'text')})`,
      );
    parts.push(sql`new_step_runs as (
      insert into step_runs (run_id, step_id, attempt, actor, status, started_at, ended_at, duration_ms, outputs, error, cache_key)
      select ${runId}, step.* from bumped cross join
        (values ${sql.join(values)}) as step (step_id, attempt, actor, status, started_at, ended_at, duration_ms, outputs, error, cache_key)
      on conflict (run_id, step_id, attempt) do update set actor = excluded.actor, status = excluded.status,
        started_at = excluded.started_at, ended_at = excluded.ended_at, duration_ms = excluded.duration_ms,
        outputs = excluded.outputs, error = excluded.error, cache_key = excluded.cache_key)`);
  }
  if (rows.artifacts.length > 0) {
    const values = rows.artifacts
      .map(artifactToRow)
      .map(
        (row) =>
          sql`(${typed(row.path, 'text')}, ${typed(row.step_id, 'text')}, ${typed(row.size, 'bigint')}, ${typed(row.sha256, 'text')}, ${typed(row.created_at, 'bigint')})`,
      );
    parts.push(sql`new_artifacts as (
      insert into artifacts (run_id, path, step_id, size, sha256, created_at)
      select ${runId}, artifact.* from bumped cross join
        (values ${sql.join(values)}) as artifact (path, step_id, size, sha256, created_at)
      on conflict (run_id, path) do update set step_id = excluded.step_id, size = excluded.size,
        sha256 = excluded.sha256, created_at = excluded.created_at)`);
  }
  const result = await sql<{
    last_sequence: number;
  }>`with ${sql.join(parts)} select last_sequence from bumped`.execute(database);
  const lastSequence = result.rows[0]?.last_sequence;
  if (lastSequence === undefined) throw new OuroError('OURO_RUN_NOT_FOUND', { runId });
  const shift = Number(lastSequence) - events.length;
  return rows.events.map((event) => ({ ...event, sequence: event.sequence + shift }));
}
