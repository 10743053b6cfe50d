/**
 * Fresh stores for tests, one factory per dialect. SQLite lives in a new temp directory; PostgreSQL
 * gets a new schema `ouro_test_<random>` in the database of OURO_TEST_DATABASE_URL, used as
 * search_path and dropped when the store closes. Without OURO_TEST_DATABASE_URL the PostgreSQL
 * factory is left out (CI sets it, see .ci/run); when it is set and the server is unreachable,
 * `create()` throws, so the tests fail instead of silently skipping.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type OpenStoreOptions } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/types.js';

export type StoreDialectName = 'sqlite' | 'postgres';

export interface StoreFactory {
  name: StoreDialectName;
  /** A migrated, empty store; closing it removes its data. */
  create(): Promise<Store>;
  /** The same, without running migrations. */
  createUnmigrated(): Promise<Store>;
}

export function testDatabaseUrl(): string | undefined {
  const url = process.env.OURO_TEST_DATABASE_URL?.trim();
  return url === undefined || url === '' ? undefined : url;
}

/** Wraps a store so that close() also runs `cleanup` (drop the schema, remove the directory). */
function withCleanup(store: Store, cleanup: () => Promise<void>): Store {
  let closing: Promise<void> | undefined;
  return {
    get dialect() {
      return store.dialect;
    },
    get location() {
      return store.location;
    },
    runs: store.runs,
    cache: store.cache,
    workflows: store.workflows,
    modelCalls: store.modelCalls,
    budgets: store.budgets,
    audit: store.audit,
    approvals: store.approvals,
    rollbackPoints: store.rollbackPoints,
    control: store.control,
    forge: store.forge,
    migrate: () => store.migrate(),
    migrationStatus: () => store.migrationStatus(),
    close() {
      closing ??= store.close().finally(cleanup);
      return closing;
    },
  };
}

export async function createSqliteTestStore(
  migrate = true,
  options: Pick<OpenStoreOptions, 'sqliteJournal'> = {},
): Promise<Store> {
  const directory = mkdtempSync(path.join(tmpdir(), 'ouro-store-'));
  const store = await openStore({ projectDir: directory, ...options });
  if (migrate) await store.migrate();
  return withCleanup(store, () => {
    rmSync(directory, { recursive: true, force: true });
    return Promise.resolve();
  });
}

async function withAdminClient<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

export async function createPostgresTestStore(url: string, migrate = true): Promise<Store> {
  const schema = `ouro_test_${randomBytes(6).toString('hex')}`;
  const directory = mkdtempSync(path.join(tmpdir(), 'ouro-store-'));
  await withAdminClient(url, (client) => client.query(`create schema ${schema}`));
  const dropSchema = async () => {
    await withAdminClient(url, (client) => client.query(`drop schema if exists ${schema} cascade`));
    rmSync(directory, { recursive: true, force: true });
  };
  let store: Store;
  try {
    store = await openStore({ url, projectDir: directory, schema });
    if (migrate) await store.migrate();
  } catch (error) {
    await dropSchema();
    throw error;
  }
  return withCleanup(store, dropSchema);
}

export function storeFactories(): StoreFactory[] {
  const factories: StoreFactory[] = [
    {
      name: 'sqlite',
      create: () => createSqliteTestStore(),
      createUnmigrated: () => createSqliteTestStore(false),
    },
  ];
  const url = testDatabaseUrl();
  if (url !== undefined) {
    factories.push({
      name: 'postgres',
      create: () => createPostgresTestStore(url),
      createUnmigrated: () => createPostgresTestStore(url, false),
    });
  }
  return factories;
}
