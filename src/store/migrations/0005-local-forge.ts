/**
 * The local forge's tracker (issue 5 §1): issues and pull requests in `forge_items` (one number
 * sequence for both, as on GitHub), their labels and comments (a comment's `marker` is unique per
 * item, so `ensureComment` edits instead of posting twice), the pull-request side in
 * `forge_pull_requests` (`open_head` is the head branch while the PR is open and null afterwards: its
 * unique constraint allows one open PR per branch on both dialects), reviews, review threads with
 * their comments, and check runs by head commit. Portable types only (SQLite and PostgreSQL).
 */
import { clusteredOnSqlite } from './migration-helpers.js';
import type { Kysely, Migration } from 'kysely';

export const localForge: Migration = {
  async up(database: Kysely<unknown>): Promise<void> {
    await database.schema
      .createTable('forge_items')
      .addColumn('number', 'integer', (column) => column.primaryKey())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('title', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('author', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
    // Listing is by kind and state, newest first.
    await database.schema
      .createIndex('forge_items_kind_state_index')
      .on('forge_items')
      .columns(['kind', 'state', 'number'])
      .execute();

    await clusteredOnSqlite(
      database,
      database.schema
        .createTable('forge_labels')
        .addColumn('item_number', 'integer', (column) =>
          column.notNull().references('forge_items.number').onDelete('cascade'),
        )
        .addColumn('name', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('forge_labels_primary_key', ['item_number', 'name']),
    ).execute();
    // Label filters look items up by label.
    await database.schema.createIndex('forge_labels_name_index').on('forge_labels').column('name').execute();

    await database.schema
      .createTable('forge_comments')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('item_number', 'integer', (column) =>
        column.notNull().references('forge_items.number').onDelete('cascade'),
      )
      .addColumn('marker', 'text')
      .addColumn('author', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      // NULL markers (plain comments) never collide; a marker exists once per item.
      .addUniqueConstraint('forge_comments_marker_unique', ['item_number', 'marker'])
      .execute();
    await database.schema
      .createIndex('forge_comments_item_index')
      .on('forge_comments')
      .columns(['item_number', 'created_at'])
      .execute();

    await database.schema
      .createTable('forge_pull_requests')
      .addColumn('number', 'integer', (column) =>
        column.primaryKey().references('forge_items.number').onDelete('cascade'),
      )
      .addColumn('head', 'text', (column) => column.notNull())
      .addColumn('base', 'text', (column) => column.notNull())
      .addColumn('head_sha', 'text', (column) => column.notNull())
      .addColumn('open_head', 'text', (column) => column.unique())
      .addColumn('merge_sha', 'text')
      .addColumn('merge_method', 'text')
      .addColumn('revert_sha', 'text')
      .execute();

    await database.schema
      .createTable('forge_reviews')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('pr_number', 'integer', (column) =>
        column.notNull().references('forge_items.number').onDelete('cascade'),
      )
      .addColumn('author', 'text', (column) => column.notNull())
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .addColumn('submitted_at', 'bigint', (column) => column.notNull())
      .execute();
    await database.schema
      .createIndex('forge_reviews_pr_index')
      .on('forge_reviews')
      .columns(['pr_number', 'submitted_at'])
      .execute();

    await database.schema
      .createTable('forge_review_threads')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('pr_number', 'integer', (column) =>
        column.notNull().references('forge_items.number').onDelete('cascade'),
      )
      .addColumn('path', 'text', (column) => column.notNull())
      .addColumn('line', 'integer')
      .addColumn('resolved', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await database.schema
      .createIndex('forge_review_threads_pr_index')
      .on('forge_review_threads')
      .columns(['pr_number', 'created_at'])
      .execute();

    await database.schema
      .createTable('forge_thread_comments')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('thread_id', 'text', (column) =>
        column.notNull().references('forge_review_threads.id').onDelete('cascade'),
      )
      .addColumn('author', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
    await database.schema
      .createIndex('forge_thread_comments_thread_index')
      .on('forge_thread_comments')
      .columns(['thread_id', 'created_at'])
      .execute();

    await database.schema
      .createTable('forge_check_runs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('head_sha', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('conclusion', 'text')
      .addColumn('url', 'text')
      .addColumn('failed_step', 'text')
      .addColumn('log', 'text')
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      // A re-run of the same check on the same commit replaces the earlier result.
      .addUniqueConstraint('forge_check_runs_head_name_unique', ['head_sha', 'name'])
      .execute();
  },

  async down(database: Kysely<unknown>): Promise<void> {
    for (const table of [
      'forge_check_runs',
      'forge_thread_comments',
      'forge_review_threads',
      'forge_reviews',
      'forge_pull_requests',
      'forge_comments',
      'forge_labels',
      'forge_items',
    ]) {
      await database.schema.dropTable(table).ifExists().execute();
    }
  },
};
