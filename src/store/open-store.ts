/**
 * Opens the store the configuration names: PostgreSQL for postgres:// URLs, otherwise the embedded
 * SQLite file. Connectivity is checked here so a wrong URL fails at start with
 * OURO_STORE_UNAVAILABLE rather than at the first query. Migrations are not run: callers call
 * `migrate()` (the app does on start; `ouro db migrate` does explicitly).
 */
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { OuroError } from '../errors/index.js';
import type { DatabaseSchema } from './database-schema.js';
import { resolveDatabaseTarget } from './database-url.js';
import { appendInTransaction } from './kysely-run-repository.js';
import { KyselyStore } from './kysely-store.js';
import { appendEventsInOneStatement, fitsOneStatement } from './postgres-journal-writer.js';
import { createPostgresPool } from './postgres-connection.js';
import { openSqliteDatabase } from './sqlite-connection.js';
import { SqliteJournalWriter } from './sqlite-journal-writer.js';
import { sqlitePlanRunner } from './statement-plan.js';
import type { Store } from './types.js';

export interface OpenStoreOptions {
  /** database.url / OURO_DATABASE_URL; undefined selects `<projectDir>/<workDir>/ouro.db`. */
  url?: string | undefined;
  projectDir: string;
  /** Default `.ouro`. */
  workDir?: string | undefined;
  /** PostgreSQL only: use this schema as search_path (it must exist). Tests use a fresh one each. */
  schema?: string | undefined;
  /**
   * SQLite only: `synchronous` (default) writes the journal through prepared better-sqlite3
   * statements; `kysely` uses the same async transaction path as PostgreSQL (tests compare the two).
   */
  sqliteJournal?: 'synchronous' | 'kysely';
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const target = resolveDatabaseTarget(options);
  if (target.dialect === 'sqlite') {
    const raw = openSqliteDatabase(target.file);
    const database = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: raw }) });
    // Budget transactions always run synchronously on SQLite (see statement-plan.ts for why).
    const runPlan = sqlitePlanRunner(raw);
    if (options.sqliteJournal === 'kysely') {
      return new KyselyStore({ dialect: 'sqlite', location: target.location, database, runPlan });
    }
    const writer = new SqliteJournalWriter(raw);
    return new KyselyStore({
      dialect: 'sqlite',
      location: target.location,
      database,
      runPlan,
      appendEvents: (runId, events, projection, now) => {
        try {
          return Promise.resolve(writer.appendEvents(runId, events, projection, now));
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    });
  }

  const pool = createPostgresPool({
    connectionString: target.connectionString,
    location: target.location,
    schema: options.schema,
  });
  const database = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  let currentSchema: string;
  try {
    const result = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(database);
    currentSchema = options.schema ?? result.rows[0]?.schema ?? 'public';
  } catch (error) {
    await database.destroy().catch(() => undefined);
    throw new OuroError(
      'OURO_STORE_UNAVAILABLE',
      { database: target.location, reason: error instanceof Error ? error.message : String(error) },
      {
        cause: error,
        remedy: `Start PostgreSQL or fix database.url / OURO_DATABASE_URL (now ${target.location}); check host, port, user, database name and password.`,
      },
    );
  }
  return new KyselyStore({
    dialect: 'postgres',
    location: target.location,
    database,
    migrationTableSchema: currentSchema,
    appendEvents: (runId, events, projection, now) =>
      fitsOneStatement(events, projection)
        ? appendEventsInOneStatement(database, runId, events, projection, now)
        : database
            .transaction()
            .execute((transaction) => appendInTransaction(transaction, runId, events, projection, now)),
  });
}
