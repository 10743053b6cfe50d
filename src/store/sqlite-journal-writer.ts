/**
 * The SQLite hot path of appendEvents: one synchronous better-sqlite3 transaction with prepared
 * statements. Kysely's async path costs several promise hops per statement, and the engine writes
 * the journal before and after every step, so this is where steps per second are won or lost.
 * Limits: shares the connection with Kysely, so it must not run inside a Kysely transaction on the
 * same connection (only migrations open one); it refuses instead of nesting into it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { OuroError } from '../errors/index.js';
import { buildJournalRows } from './journal-rows.js';
import {
  runProjectionColumns,
  stepRunToRow,
  artifactToRow,
  type RunProjectionColumns,
} from './row-mappers.js';
import type { JournalProjection, RunEventInput, RunEventRecord } from './types.js';

interface PreparedStatements {
  insertEvent: BetterSqlite3.Statement;
  upsertStepRun: BetterSqlite3.Statement;
  upsertArtifact: BetterSqlite3.Statement;
}

const stepRunColumns = [
  'run_id',
  'step_id',
  'attempt',
  'actor',
  'status',
  'started_at',
  'ended_at',
  'duration_ms',
  'outputs',
  'error',
  'cache_key',
] as const;
const artifactColumns = ['run_id', 'path', 'step_id', 'size', 'sha256', 'created_at'] as const;

function upsertSql(table: string, columns: readonly string[], keyColumns: readonly string[]): string {
  const updates = columns
    .filter((column) => !keyColumns.includes(column))
    .map((column) => `${column} = excluded.${column}`)
    .join(', ');
  return (
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ` +
    `ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET ${updates}`
  );
}

export class SqliteJournalWriter {
  private statements: PreparedStatements | undefined;
  /** One UPDATE per combination of projected run columns, prepared on first use. */
  private readonly runUpdates = new Map<string, BetterSqlite3.Statement>();
  private readonly transaction: BetterSqlite3.Transaction<
    (
      runId: string,
      events: readonly RunEventInput[],
      projection: JournalProjection,
      now: number,
    ) => RunEventRecord[]
  >;

  constructor(private readonly database: BetterSqlite3.Database) {
    this.transaction = database.transaction(
      (runId: string, events: readonly RunEventInput[], projection: JournalProjection, now: number) =>
        this.write(runId, events, projection, now),
    );
  }

  appendEvents(
    runId: string,
    events: readonly RunEventInput[],
    projection: JournalProjection,
    now: number,
  ): RunEventRecord[] {
    if (this.database.inTransaction) {
      throw new OuroError('OURO_STORE_BUSY', {
        reason: 'a migration transaction is open on this connection',
      });
    }
    // IMMEDIATE takes the write lock up front, so another process cannot make us fail mid-upgrade.
    return this.transaction.immediate(runId, events, projection, now);
  }

  private prepared(): PreparedStatements {
    this.statements ??= {
      insertEvent: this.database.prepare(
        'INSERT INTO run_events (run_id, sequence, type, step_id, attempt, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      upsertStepRun: this.database.prepare(
        upsertSql('step_runs', stepRunColumns, ['run_id', 'step_id', 'attempt']),
      ),
      upsertArtifact: this.database.prepare(upsertSql('artifacts', artifactColumns, ['run_id', 'path'])),
    };
    return this.statements;
  }

  private runUpdate(columns: RunProjectionColumns): BetterSqlite3.Statement {
    const names = Object.keys(columns).sort();
    const cacheKey = names.join(',');
    let statement = this.runUpdates.get(cacheKey);
    if (statement === undefined) {
      const assignments = [
        'last_sequence = last_sequence + @count',
        'updated_at = @now',
        ...names.map((name) => `${name} = @${name}`),
      ];
      statement = this.database.prepare(
        `UPDATE runs SET ${assignments.join(', ')} WHERE id = @runId RETURNING last_sequence`,
      );
      this.runUpdates.set(cacheKey, statement);
    }
    return statement;
  }

  private write(
    runId: string,
    events: readonly RunEventInput[],
    projection: JournalProjection,
    now: number,
  ): RunEventRecord[] {
    const statements = this.prepared();
    const columns = runProjectionColumns(projection.run);
    const updated = this.runUpdate(columns).get({ ...columns, count: events.length, now, runId }) as
      { last_sequence: number } | undefined;
    if (updated === undefined) throw new OuroError('OURO_RUN_NOT_FOUND', { runId });
    const rows = buildJournalRows(runId, updated.last_sequence, events, projection, now);
    for (const row of rows.eventRows) {
      statements.insertEvent.run(
        row.run_id,
        row.sequence,
        row.type,
        row.step_id,
        row.attempt,
        row.payload,
        row.created_at,
      );
    }
    // Positional parameters: binding by name costs a property lookup per column on every call.
    for (const stepRun of rows.stepRuns) {
      const row = stepRunToRow(stepRun);
      statements.upsertStepRun.run(stepRunColumns.map((column) => row[column]));
    }
    for (const artifact of rows.artifacts) {
      const row = artifactToRow(artifact);
      statements.upsertArtifact.run(artifactColumns.map((column) => row[column]));
    }
    return rows.events;
  }
}
