/**
 * Several Store instances over ONE database, as several workers would open it: for SQLite separate
 * connections to the same file, for PostgreSQL separate pools on the same fresh schema. Used by the
 * concurrency tests of budgets. The first store runs the migrations; close() closes them all and
 * removes the data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/types.js';
import { testDatabaseUrl, type StoreDialectName } from './database.js';

export interface SharedStores {
  stores: Store[];
  /** Where the stores are, for opening more from child processes. */
  projectDir: string;
  url: string | undefined;
  schema: string | undefined;
  close(): Promise<void>;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function openSharedStores(dialect: StoreDialectName, count: number): Promise<SharedStores> {
  const directory = mkdtempSync(path.join(tmpdir(), 'ouro-shared-store-'));
  const url = testDatabaseUrl();
  const schema = `ouro_test_${randomBytes(6).toString('hex')}`;
  if (dialect === 'postgres') {
    if (url === undefined) throw new Error('OURO_TEST_DATABASE_URL is not set');
    await adminQuery(url, `create schema ${schema}`);
  }
  const stores: Store[] = [];
  const close = async () => {
    await Promise.all(stores.map((store) => store.close()));
    if (dialect === 'postgres' && url !== undefined)
      await adminQuery(url, `drop schema if exists ${schema} cascade`);
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    for (let index = 0; index < count; index += 1) {
      const store =
        dialect === 'postgres'
          ? await openStore({ url, projectDir: directory, schema })
          : await openStore({ projectDir: directory });
      stores.push(store);
      if (index === 0) await store.migrate();
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    stores,
    projectDir: directory,
    url: dialect === 'postgres' ? url : undefined,
    schema: dialect === 'postgres' ? schema : undefined,
    close,
  };
}
