/**
 * The databases a CLI test runs the real binary against: SQLite always (the project's embedded
 * database), PostgreSQL when OURO_TEST_DATABASE_URL is set — a fresh schema each time, handed to the
 * binary as OURO_DATABASE_URL with that schema as search_path, and dropped by `cleanup`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/types.js';
import { testDatabaseUrl } from './database.js';

export interface CliDatabase {
  /** OURO_DATABASE_URL for the binary and for a seeding store; '' is the embedded SQLite database. */
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  cleanup: () => Promise<void>;
}

export interface CliDialect {
  name: 'sqlite' | 'postgres';
  /** A database of its own (for one test). */
  prepare(): Promise<CliDatabase>;
  /** One database shared by the tests of a describe block: `env()` in beforeAll, `cleanup()` in afterAll. */
  env(): Promise<NodeJS.ProcessEnv>;
  cleanup: () => Promise<void>;
}

async function run(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function dialect(name: CliDialect['name'], prepare: () => Promise<CliDatabase>): CliDialect {
  let shared: CliDatabase | undefined;
  return {
    name,
    prepare,
    async env() {
      shared ??= await prepare();
      return shared.env;
    },
    async cleanup() {
      const database = shared;
      shared = undefined;
      await database?.cleanup();
    },
  };
}

export function cliDialects(prefix = 'ouro_cli'): CliDialect[] {
  const list = [
    dialect('sqlite', () =>
      Promise.resolve({ databaseUrl: '', env: { OURO_DATABASE_URL: '' }, cleanup: () => Promise.resolve() }),
    ),
  ];
  const url = testDatabaseUrl();
  if (url) {
    list.push(
      dialect('postgres', async () => {
        const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
        await run(url, `create schema ${schema}`);
        const separator = url.includes('?') ? '&' : '?';
        const databaseUrl = `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
        return {
          databaseUrl,
          env: { OURO_DATABASE_URL: databaseUrl },
          cleanup: () => run(url, `drop schema if exists ${schema} cascade`),
        };
      }),
    );
  }
  return list;
}

/** Opens (and migrates) the store the binary uses for `projectDir`, runs `body`, closes it: for seeding and checking. */
export async function withCliStore<T>(
  databaseUrl: string,
  projectDir: string,
  body: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore({ url: databaseUrl === '' ? undefined : databaseUrl, projectDir });
  try {
    await store.migrate();
    return await body(store);
  } finally {
    await store.close();
  }
}
