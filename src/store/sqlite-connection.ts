/**
 * Opens the embedded SQLite database with the settings the engine relies on: WAL (readers never
 * block the writer), synchronous NORMAL (durable across process crashes, fast commits), a busy
 * timeout for a second process such as `ouro runs list` during a run, and foreign keys on.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { OuroError } from '../errors/index.js';

export const sqliteBusyTimeoutMs = 5000;

export function openSqliteDatabase(file: string): BetterSqlite3.Database {
  let database: BetterSqlite3.Database | undefined;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    database = new BetterSqlite3(file);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma(`busy_timeout = ${sqliteBusyTimeoutMs}`);
    database.pragma('foreign_keys = ON');
    return database;
  } catch (error) {
    database?.close();
    throw new OuroError(
      'OURO_STORE_UNAVAILABLE',
      { database: file, reason: error instanceof Error ? error.message : String(error) },
      {
        cause: error,
        remedy: `Check that ${path.dirname(file)} is writable and the file is an Ouro SQLite database, or set database.url / OURO_DATABASE_URL.`,
      },
    );
  }
}
