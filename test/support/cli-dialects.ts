/**
 * The databases a CLI test runs the real binary against: SQLite always, PostgreSQL (a fresh schema,
 * given to the binary through OURO_DATABASE_URL's search_path) when OURO_TEST_DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl } from './database.js';

export interface CliDialect {
  name: string;
  env(): Promise<NodeJS.ProcessEnv>;
  cleanup(): Promise<void>;
}

export function cliDialects(): CliDialect[] {
  const list: CliDialect[] = [
    {
      name: 'sqlite',
      env: () => Promise.resolve({ OURO_DATABASE_URL: '' }),
      cleanup: () => Promise.resolve(),
    },
  ];
  const url = testDatabaseUrl();
  if (url) {
    const schema = `ouro_cli_${randomBytes(4).toString('hex')}`;
    list.push({
      name: 'postgres',
      async env() {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`create schema ${schema}`);
        await client.end();
        const separator = url.includes('?') ? '&' : '?';
        return {
          OURO_DATABASE_URL: `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        };
      },
      async cleanup() {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      },
    });
  }
  return list;
}
