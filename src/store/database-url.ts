/**
 * Decides which database a URL names. `postgres://` / `postgresql://` select PostgreSQL; `sqlite:<path>`
 * (relative to the project directory, `sqlite::memory:` for a throw-away database) or no URL at all
 * select the embedded SQLite file `<projectDir>/<workDir>/ouro.db`. The returned `location` never holds
 * a password, so it is safe in messages, logs and `ouro db status`.
 */
import path from 'node:path';
import { OuroError } from '../errors/index.js';

export type DatabaseTarget =
  | { dialect: 'sqlite'; /** Absolute file path, or ':memory:'. */ file: string; location: string }
  | { dialect: 'postgres'; connectionString: string; location: string };

export interface DatabaseTargetOptions {
  url?: string | undefined;
  projectDir: string;
  /** Work directory relative to the project (default `.ouro`). */
  workDir?: string | undefined;
}

export const defaultWorkDir = '.ouro';
export const sqliteFileName = 'ouro.db';

/** The URL with its password (and any password-like query parameter) removed. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '';
    for (const name of [...parsed.searchParams.keys()]) {
      if (/pass|secret|token|key/i.test(name)) parsed.searchParams.set(name, 'REDACTED');
    }
    return parsed.toString();
  } catch {
    // Not parseable as a URL: show only the scheme, the rest may hold anything.
    return `${url.split(':')[0] ?? ''}:…`;
  }
}

export function resolveDatabaseTarget(options: DatabaseTargetOptions): DatabaseTarget {
  const url = options.url?.trim();
  if (url === undefined || url === '') {
    const file = path.resolve(options.projectDir, options.workDir ?? defaultWorkDir, sqliteFileName);
    return { dialect: 'sqlite', file, location: file };
  }
  if (/^postgres(ql)?:\/\//i.test(url)) {
    try {
      new URL(url);
    } catch (error) {
      throw new OuroError(
        'OURO_STORE_URL_INVALID',
        { database: redactDatabaseUrl(url), reason: 'the URL cannot be parsed' },
        { cause: error },
      );
    }
    return { dialect: 'postgres', connectionString: url, location: redactDatabaseUrl(url) };
  }
  if (/^sqlite:/i.test(url)) {
    // sqlite:relative.db, sqlite:/absolute.db and sqlite:///absolute.db are all accepted.
    const rest = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (rest === '') {
      throw new OuroError('OURO_STORE_URL_INVALID', {
        database: url,
        reason: 'the sqlite: URL names no file',
      });
    }
    if (rest === ':memory:') return { dialect: 'sqlite', file: ':memory:', location: ':memory:' };
    const file = path.resolve(options.projectDir, rest);
    return { dialect: 'sqlite', file, location: file };
  }
  throw new OuroError('OURO_STORE_URL_INVALID', {
    database: redactDatabaseUrl(url),
    reason: 'only postgres://, postgresql:// and sqlite: URLs are supported',
  });
}
