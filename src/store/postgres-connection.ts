/**
 * The PostgreSQL pool. bigint (int8) columns hold epoch milliseconds and counts, which fit in a
 * double, so they are parsed as numbers — through this pool's own `types`, never the process-wide
 * pg.types, which other code (a queue library) may rely on.
 */
import pg from 'pg';
import { OuroError } from '../errors/index.js';

const int8Oid = 20;

type ValueParser = (value: string) => unknown;

const numberInt8Types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): ValueParser => {
    if (oid === int8Oid && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text') as ValueParser;
  }) as pg.CustomTypesConfig['getTypeParser'],
};

const schemaNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface PostgresPoolOptions {
  connectionString: string;
  location: string;
  /** Schema to use as search_path (tests use a fresh one); default: the server's search_path. */
  schema?: string | undefined;
  maxConnections?: number;
}

export function createPostgresPool(options: PostgresPoolOptions): pg.Pool {
  if (options.schema !== undefined && !schemaNamePattern.test(options.schema)) {
    throw new OuroError('OURO_STORE_URL_INVALID', {
      database: options.location,
      reason: `schema name ${JSON.stringify(options.schema)} must be a plain identifier`,
    });
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    types: numberInt8Types,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, that would crash the
  // process. The next query gets a fresh connection or fails with a proper error, so ignore it here.
  pool.on('error', () => undefined);
  return pool;
}
