import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOuroError } from '../errors/index.js';
import { redactDatabaseUrl, resolveDatabaseTarget } from './database-url.js';

const projectDir = path.resolve('/srv/project');

describe('resolveDatabaseTarget', () => {
  it('defaults to <projectDir>/.ouro/ouro.db', () => {
    expect(resolveDatabaseTarget({ projectDir })).toEqual({
      dialect: 'sqlite',
      file: path.join(projectDir, '.ouro', 'ouro.db'),
      location: path.join(projectDir, '.ouro', 'ouro.db'),
    });
    expect(resolveDatabaseTarget({ projectDir, url: '  ' }).dialect).toBe('sqlite');
  });

  it('honours a custom work directory', () => {
    expect(resolveDatabaseTarget({ projectDir, workDir: 'state' })).toMatchObject({
      file: path.join(projectDir, 'state', 'ouro.db'),
    });
  });

  it('resolves sqlite: paths against the project directory', () => {
    expect(resolveDatabaseTarget({ projectDir, url: 'sqlite:data/x.db' })).toMatchObject({
      dialect: 'sqlite',
      file: path.join(projectDir, 'data', 'x.db'),
    });
    expect(resolveDatabaseTarget({ projectDir, url: 'sqlite:/var/lib/ouro.db' })).toMatchObject({
      file: '/var/lib/ouro.db',
    });
    expect(resolveDatabaseTarget({ projectDir, url: 'sqlite:///var/lib/ouro.db' })).toMatchObject({
      file: '/var/lib/ouro.db',
    });
    expect(resolveDatabaseTarget({ projectDir, url: 'sqlite::memory:' })).toMatchObject({ file: ':memory:' });
  });

  it('selects PostgreSQL for postgres:// and postgresql:// and hides the password', () => {
    const target = resolveDatabaseTarget({ projectDir, url: 'postgres://ouro:s3cret@db.example:5432/ouro' });
    expect(target).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://ouro:s3cret@db.example:5432/ouro',
      location: 'postgres://ouro@db.example:5432/ouro',
    });
    expect(resolveDatabaseTarget({ projectDir, url: 'postgresql://db/ouro' }).dialect).toBe('postgres');
  });

  it('rejects other schemes and an empty sqlite path with OURO_STORE_URL_INVALID', () => {
    for (const url of ['mysql://root:pw@localhost/x', 'sqlite:', 'db.sqlite']) {
      let caught: unknown;
      try {
        resolveDatabaseTarget({ projectDir, url });
      } catch (error) {
        caught = error;
      }
      expect(isOuroError(caught) && caught.code).toBe('OURO_STORE_URL_INVALID');
      expect(String((caught as Error).message)).not.toContain('pw');
    }
  });
});

describe('redactDatabaseUrl', () => {
  it('removes passwords and password-like parameters', () => {
    expect(redactDatabaseUrl('postgres://u:p@h/d?sslpassword=x&sslmode=require')).toBe(
      'postgres://u@h/d?sslpassword=REDACTED&sslmode=require',
    );
  });

  it('never returns the password of any postgres URL, and never throws', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{1,8}$/),
        fc.stringMatching(/^[A-Za-z0-9]{6,20}$/),
        fc.string(),
        (user, password, tail) => {
          const redacted = redactDatabaseUrl(`postgres://${user}:${password}@host:5432/db${tail}`);
          expect(redacted).not.toContain(`:${password}@`);
        },
      ),
    );
  });
});
