/**
 * The safety layer's durable state: `approvals` with their `approval_decisions` (one row per person
 * and approval, numbered in the order they were recorded), `rollback_points` (a branch head taken
 * before each merge), `control_state` (operator switches such as pause, one JSON value per key) and
 * `budget_thresholds` (each 80/90/100 % crossing of a budget counter, recorded once so that only one
 * process sends its alert). Portable types only, so the migration runs on SQLite and PostgreSQL.
 */
import { clusteredOnSqlite } from './migration-helpers.js';
import type { Kysely, Migration } from 'kysely';

export const safetyState: Migration = {
  async up(database: Kysely<unknown>): Promise<void> {
    await database.schema
      .createTable('approvals')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('operation', 'text', (column) => column.notNull())
      .addColumn('subject_key', 'text', (column) => column.notNull())
      .addColumn('subject', 'text', (column) => column.notNull())
      // Copied out of `subject` so that marking requests for an old head stale is one indexed UPDATE.
      .addColumn('head_sha', 'text')
      .addColumn('risk', 'text', (column) => column.notNull())
      .addColumn('reasons', 'text', (column) => column.notNull())
      .addColumn('details', 'text', (column) => column.notNull())
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('requested_by', 'text', (column) => column.notNull())
      .addColumn('requested_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .addColumn('quorum', 'integer', (column) => column.notNull())
      .addColumn('decided_at', 'bigint')
      .execute();
    // Listing is newest first; expiry scans pending requests by deadline; staleness goes by subject.
    await database.schema
      .createIndex('approvals_requested_at_index')
      .on('approvals')
      .columns(['requested_at', 'id'])
      .execute();
    await database.schema
      .createIndex('approvals_state_expires_at_index')
      .on('approvals')
      .columns(['state', 'expires_at'])
      .execute();
    await database.schema
      .createIndex('approvals_subject_key_index')
      .on('approvals')
      .columns(['subject_key', 'state'])
      .execute();

    await clusteredOnSqlite(
      database,
      database.schema
        .createTable('approval_decisions')
        .addColumn('approval_id', 'text', (column) =>
          column.notNull().references('approvals.id').onDelete('cascade'),
        )
        // 1-based order of recording; decisions are written under the approval's lock, so it is gap-free.
        .addColumn('position', 'integer', (column) => column.notNull())
        .addColumn('decided_by', 'text', (column) => column.notNull())
        .addColumn('decision', 'text', (column) => column.notNull())
        .addColumn('comment', 'text')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('approval_decisions_primary_key', ['approval_id', 'position'])
        // Quorum counts distinct people: the same identity can decide an approval once.
        .addUniqueConstraint('approval_decisions_decided_by_unique', ['approval_id', 'decided_by']),
    ).execute();

    await database.schema
      .createTable('rollback_points')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('repository', 'text', (column) => column.notNull())
      .addColumn('branch', 'text', (column) => column.notNull())
      .addColumn('base_sha', 'text', (column) => column.notNull())
      .addColumn('head_sha', 'text')
      .addColumn('pr', 'integer')
      .addColumn('issue', 'integer')
      .addColumn('task_id', 'text')
      .addColumn('run_id', 'text')
      .addColumn('description', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('merge_sha', 'text')
      .addColumn('merge_method', 'text')
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('rolled_back_at', 'bigint')
      .addColumn('rollback_ref', 'text')
      .addColumn('rolled_back_by', 'text')
      .execute();
    // `ouro rollback` finds points by PR or merge commit; listing and pruning go by age.
    await database.schema
      .createIndex('rollback_points_created_at_index')
      .on('rollback_points')
      .columns(['created_at', 'id'])
      .execute();
    await database.schema
      .createIndex('rollback_points_pr_index')
      .on('rollback_points')
      .column('pr')
      .execute();
    await database.schema
      .createIndex('rollback_points_merge_sha_index')
      .on('rollback_points')
      .column('merge_sha')
      .execute();

    await database.schema
      .createTable('control_state')
      .addColumn('key', 'text', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();

    await clusteredOnSqlite(
      database,
      database.schema
        .createTable('budget_thresholds')
        .addColumn('level', 'text', (column) => column.notNull())
        .addColumn('scope_key', 'text', (column) => column.notNull())
        .addColumn('threshold', 'integer', (column) => column.notNull())
        .addColumn('used_micro_usd', 'bigint', (column) => column.notNull())
        .addColumn('limit_micro_usd', 'bigint', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('budget_thresholds_primary_key', ['level', 'scope_key', 'threshold']),
    ).execute();
    // `ouro metrics` lists recent crossings.
    await database.schema
      .createIndex('budget_thresholds_created_at_index')
      .on('budget_thresholds')
      .column('created_at')
      .execute();
  },

  async down(database: Kysely<unknown>): Promise<void> {
    for (const table of [
      'budget_thresholds',
      'control_state',
      'rollback_points',
      'approval_decisions',
      'approvals',
    ]) {
      await database.schema.dropTable(table).ifExists().execute();
    }
  },
};
