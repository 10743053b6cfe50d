/**
 * The audit log: `audit_log`, one row per decision or side effect, hash-chained (each row's hash
 * covers the previous row's hash), and `audit_chain_head`, a single row holding the last sequence
 * and hash. Appends lock the head row first, which serializes them on both dialects so the chain
 * can never fork; the head also lets verification notice rows removed from the end.
 */
import type { Kysely, Migration } from 'kysely';

/** The previous hash of the first entry. */
export const auditGenesisHash = '0'.repeat(64);

export const auditLog: Migration = {
  async up(database: Kysely<unknown>): Promise<void> {
    await database.schema
      .createTable('audit_log')
      .addColumn('sequence', 'bigint', (column) => column.primaryKey())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('action', 'text', (column) => column.notNull())
      .addColumn('subject', 'text', (column) => column.notNull())
      .addColumn('decision', 'text')
      .addColumn('reasons', 'text', (column) => column.notNull())
      .addColumn('details', 'text', (column) => column.notNull())
      .addColumn('previous_hash', 'text', (column) => column.notNull())
      .addColumn('hash', 'text', (column) => column.notNull())
      .execute();
    // `ouro audit list --since` scans a time window.
    await database.schema
      .createIndex('audit_log_created_at_index')
      .on('audit_log')
      .column('created_at')
      .execute();
    await database.schema
      .createTable('audit_chain_head')
      .addColumn('id', 'integer', (column) => column.primaryKey())
      .addColumn('sequence', 'bigint', (column) => column.notNull())
      .addColumn('hash', 'text', (column) => column.notNull())
      .execute();
    await (database as Kysely<{ audit_chain_head: { id: number; sequence: number; hash: string } }>)
      .insertInto('audit_chain_head')
      .values({ id: 1, sequence: 0, hash: auditGenesisHash })
      .execute();
  },

  async down(database: Kysely<unknown>): Promise<void> {
    for (const table of ['audit_chain_head', 'audit_log']) {
      await database.schema.dropTable(table).ifExists().execute();
    }
  },
};
