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

export async function applyMigrations(migrator: Migrator): Promise<{ applied: string[] }> {
  const { error, results = [] } = await migrator.migrateToLatest();
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
  const migrations = await migrator.getMigrations();
  return migrations.map((migration) => ({
    name: migration.name,
    executedAt: migration.executedAt === undefined ? null : migration.executedAt.getTime(),
  }));
}
