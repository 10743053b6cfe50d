/**
 * The accounting schema: `model_calls` (the ledger of every model call) and the budget tables —
 * `budget_usage`, one counter row per (level, scope key) that reservations add to atomically, and
 * `budget_reservations`, what each reservation added to each counter so that settling or releasing
 * it can take exactly that back. Money is integer micro-dollars in the budget tables: limit checks
 * on sums of doubles would drift. Portable types only, so the migration runs on both dialects.
 */
import { SqliteAdapter, sql, type Kysely, type Migration } from 'kysely';

export const modelCallsAndBudgets: Migration = {
  async up(database: Kysely<unknown>): Promise<void> {
    await database.schema
      .createTable('model_calls')
      .addColumn('id', 'text', (column) => column.primaryKey())
      // No foreign key to runs: the ledger is the money trail and outlives deleted runs; tasks and
      // ad-hoc calls (`ouro context`, roadmap) have no run at all.
      .addColumn('run_id', 'text')
      .addColumn('step_id', 'text')
      .addColumn('task_id', 'text')
      .addColumn('provider', 'text', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('purpose', 'text', (column) => column.notNull())
      .addColumn('input_tokens', 'bigint', (column) => column.notNull())
      .addColumn('output_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cached_input_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cache_write_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cost_usd', 'double precision', (column) => column.notNull())
      .addColumn('latency_ms', 'bigint', (column) => column.notNull())
      .addColumn('outcome', 'text', (column) => column.notNull())
      .addColumn('error_code', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    // `ouro metrics cost` scans a time window; run pages list the calls of one run.
    await database.schema
      .createIndex('model_calls_created_at_index')
      .on('model_calls')
      .column('created_at')
      .execute();
    await database.schema
      .createIndex('model_calls_run_id_index')
      .on('model_calls')
      .columns(['run_id', 'created_at'])
      .execute();

    // Keyed by a composite primary key; on SQLite stored WITHOUT ROWID (the row lives in the key's
    // b-tree: one page touched per counter update instead of two). PostgreSQL needs no hint.
    const withoutRowIdOnSqlite = database.getExecutor().adapter instanceof SqliteAdapter;
    const usage = database.schema
      .createTable('budget_usage')
      .addColumn('level', 'text', (column) => column.notNull())
      .addColumn('scope_key', 'text', (column) => column.notNull())
      .addColumn('cost_micro_usd', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('tokens', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('budget_usage_primary_key', ['level', 'scope_key']);
    await (withoutRowIdOnSqlite ? usage.modifyEnd(sql`without rowid`) : usage).execute();

    const reservations = database.schema
      .createTable('budget_reservations')
      .addColumn('id', 'text', (column) => column.notNull())
      .addColumn('level', 'text', (column) => column.notNull())
      .addColumn('scope_key', 'text', (column) => column.notNull())
      .addColumn('cost_micro_usd', 'bigint', (column) => column.notNull())
      .addColumn('tokens', 'bigint', (column) => column.notNull())
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('settled_at', 'bigint')
      .addPrimaryKeyConstraint('budget_reservations_primary_key', ['id', 'level']);
    await (withoutRowIdOnSqlite ? reservations.modifyEnd(sql`without rowid`) : reservations).execute();
    // Finding reservations left open by a crashed worker (releaseStale) scans by state and age.
    await database.schema
      .createIndex('budget_reservations_state_created_at_index')
      .on('budget_reservations')
      .columns(['state', 'created_at'])
      .execute();
  },

  async down(database: Kysely<unknown>): Promise<void> {
    for (const table of ['budget_reservations', 'budget_usage', 'model_calls']) {
      await database.schema.dropTable(table).ifExists().execute();
    }
  },
};
