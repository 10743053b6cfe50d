/** Helpers shared by the migrations; they must never change what an applied migration created. */
import { SqliteAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * On SQLite, tables keyed by a composite primary key are stored WITHOUT ROWID: the row lives in the
 * key's b-tree, so each journal write touches one page per table instead of two (table + key
 * index). The hot path writes run_events and step_runs on every step. PostgreSQL needs no hint.
 */
export function clusteredOnSqlite<Name extends string, Columns extends string>(
  database: Kysely<unknown>,
  table: CreateTableBuilder<Name, Columns>,
): CreateTableBuilder<Name, Columns> {
  return database.getExecutor().adapter instanceof SqliteAdapter
    ? table.modifyEnd(sql`without rowid`)
    : table;
}
