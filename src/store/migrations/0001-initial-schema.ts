/**
 * The first schema: workflows, runs with their journal (run_events) and projections (step_runs,
 * artifacts), and the step cache. Written with Kysely's schema builder and only portable types
 * (text, integer, bigint) so the same migration runs on SQLite and PostgreSQL.
 */
import { clusteredOnSqlite } from './migration-helpers.js';
import type { Kysely, Migration } from 'kysely';

export const initialSchema: Migration = {
  async up(database: Kysely<unknown>): Promise<void> {
    await database.schema
      .createTable('workflows')
      .addColumn('path', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('hash', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();

    await database.schema
      .createTable('runs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('workflow_name', 'text', (column) => column.notNull())
      .addColumn('workflow_path', 'text', (column) => column.notNull())
      .addColumn('workflow_hash', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('inputs', 'text', (column) => column.notNull())
      .addColumn('options', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addColumn('ended_at', 'bigint')
      .addColumn('owner', 'text')
      .addColumn('lease_expires_at', 'bigint')
      .addColumn('cancel_requested_at', 'bigint')
      .addColumn('summary', 'text')
      .addColumn('last_sequence', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
    // Listing is newest first, optionally by status or workflow; id breaks ties for keyset paging.
    await database.schema
      .createIndex('runs_created_at_index')
      .on('runs')
      .columns(['created_at', 'id'])
      .execute();
    await database.schema
      .createIndex('runs_status_created_at_index')
      .on('runs')
      .columns(['status', 'created_at', 'id'])
      .execute();
    await database.schema
      .createIndex('runs_workflow_name_created_at_index')
      .on('runs')
      .columns(['workflow_name', 'created_at', 'id'])
      .execute();

    await clusteredOnSqlite(
      database,
      database.schema
        .createTable('run_events')
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('sequence', 'integer', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('step_id', 'text')
        .addColumn('attempt', 'integer')
        .addColumn('payload', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('run_events_primary_key', ['run_id', 'sequence']),
    ).execute();

    await clusteredOnSqlite(
      database,
      database.schema
        .createTable('step_runs')
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('step_id', 'text', (column) => column.notNull())
        .addColumn('attempt', 'integer', (column) => column.notNull())
        .addColumn('actor', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('started_at', 'bigint', (column) => column.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('duration_ms', 'bigint')
        .addColumn('outputs', 'text')
        .addColumn('error', 'text')
        .addColumn('cache_key', 'text')
        .addPrimaryKeyConstraint('step_runs_primary_key', ['run_id', 'step_id', 'attempt']),
    ).execute();

    await clusteredOnSqlite(
      database,
      database.schema
        .createTable('artifacts')
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('path', 'text', (column) => column.notNull())
        .addColumn('step_id', 'text', (column) => column.notNull())
        .addColumn('size', 'bigint', (column) => column.notNull())
        .addColumn('sha256', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('artifacts_primary_key', ['run_id', 'path']),
    ).execute();

    await database.schema
      .createTable('cache_entries')
      .addColumn('key', 'text', (column) => column.primaryKey())
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('workflow_name', 'text', (column) => column.notNull())
      .addColumn('step_id', 'text', (column) => column.notNull())
      .addColumn('outputs', 'text', (column) => column.notNull())
      .addColumn('artifacts', 'text', (column) => column.notNull())
      .addColumn('summary', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('last_hit_at', 'bigint')
      .addColumn('hits', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
    await database.schema
      .createIndex('cache_entries_workflow_name_index')
      .on('cache_entries')
      .column('workflow_name')
      .execute();
  },

  async down(database: Kysely<unknown>): Promise<void> {
    for (const table of ['cache_entries', 'artifacts', 'step_runs', 'run_events', 'runs', 'workflows']) {
      await database.schema.dropTable(table).ifExists().execute();
    }
  },
};
