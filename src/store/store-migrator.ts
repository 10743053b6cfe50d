/**
 * Applies and reports the compiled-in migrations with Kysely's Migrator (which serialises
 * concurrent `migrate` calls: a lock row on SQLite, an advisory lock on PostgreSQL).
 */
import { Migrator, type Kysely } from 'kysely';
import { OuroError } from '../errors/index.js';
import { staticMigrationProvider } from './migrations/migration-list.js';
import type { MigrationStatus } from './types.js';

export function createMigrator(database: Kysely<unknown>, migrationTableSchema?: string): Migrator {
  return new Migrator({
    db: database,
    provider: staticMigrationProvider,
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
}

/** PostgreSQL's invalid_schema_name. */
const schemaVanished = '3F000';
const maxTries = 5;

const vanished = (error: unknown): boolean =>
  (error as { code?: unknown } | undefined)?.code === schemaVanished;

/**
 * Kysely's Migrator looks for its table by listing the tables of every schema; when another process
 * drops a schema during that listing (parallel test databases, a tenant removed), PostgreSQL fails the
 * listing with invalid_schema_name although nothing is wrong with ours. Such a failure is retried.
 */
async function withVanishedSchemaRetry<T>(
  attempt: () => Promise<T>,
  errorOf: (value: T) => unknown,
): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    let value: T;
    try {
      value = await attempt();
    } catch (error) {
      if (tries >= maxTries || !vanished(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * tries));
      continue;
    }
    if (tries >= maxTries || !vanished(errorOf(value))) return value;
    await new Promise((resolve) => setTimeout(resolve, 20 * tries));
  }
}

export async function applyMigrations(migrator: Migrator): Promise<{ applied: string[] }> {
  const { error, results = [] } = await withVanishedSchemaRetry(
    () => migrator.migrateToLatest(),
    // Only a failure before any migration ran: a migration that failed half-way is not retried.
    (outcome) =>
      (outcome.results ?? []).some((result) => result.status !== 'NotExecuted') ? undefined : outcome.error,
  );
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new OuroError(
      'OURO_STORE_MIGRATION_FAILED',
      { migration: failed?.migrationName ?? '(before any migration ran)', reason },
      { cause: error },
    );
  }
  return {
    applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName),
  };
}

export async function readMigrationStatus(migrator: Migrator): Promise<MigrationStatus[]> {
  const migrations = await withVanishedSchemaRetry(
    () => migrator.getMigrations(),
    () => undefined,
  );
  return migrations.map((migration) => ({
    name: migration.name,
    executedAt: migration.executedAt === undefined ? null : migration.executedAt.getTime(),
  }));
}
