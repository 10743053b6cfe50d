import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseUrl, createPostgresTestStore } from '../../test/support/database.js';
import { isOuroError } from '../errors/index.js';
import { openStore } from './open-store.js';

const directories: string[] = [];

function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'ouro-open-store-'));
  directories.push(directory);
  return directory;
}

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A loopback port with nothing listening: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('openStore on SQLite', () => {
  it('creates <projectDir>/.ouro/ouro.db in WAL mode with foreign keys on', async () => {
    const projectDir = temporaryDirectory();
    const store = await openStore({ projectDir });
    try {
      expect(store.dialect).toBe('sqlite');
      expect(store.location).toBe(path.join(projectDir, '.ouro', 'ouro.db'));
      expect(await store.migrate()).toEqual({
        applied: [
          '0001-initial-schema',
          '0002-model-calls-and-budgets',
          '0003-audit-log',
          '0004-safety-state',
          '0005-local-forge',
        ],
      });
    } finally {
      await store.close();
    }
    const raw = new BetterSqlite3(path.join(projectDir, '.ouro', 'ouro.db'));
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = raw
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like 'kysely%' order by name",
        )
        .all()
        .map((row) => (row as { name: string }).name);
      expect(tables).toEqual([
        'approval_decisions',
        'approvals',
        'artifacts',
        'audit_chain_head',
        'audit_log',
        'budget_reservations',
        'budget_thresholds',
        'budget_usage',
        'cache_entries',
        'control_state',
        'forge_check_runs',
        'forge_comments',
        'forge_items',
        'forge_labels',
        'forge_pull_requests',
        'forge_review_threads',
        'forge_reviews',
        'forge_thread_comments',
        'model_calls',
        'rollback_points',
        'run_events',
        'runs',
        'step_runs',
        'workflows',
      ]);
    } finally {
      raw.close();
    }
  });

  it('enforces foreign keys from the journal to runs', async () => {
    const store = await openStore({ projectDir: temporaryDirectory(), workDir: 'state' });
    try {
      await store.migrate();
      await store.runs.createRun(
        {
          id: 'run_1',
          workflowName: 'w',
          workflowPath: 'w.yaml',
          workflowHash: 'h',
          inputs: {},
          options: {},
        },
        1,
      );
      await expect(
        store.runs.appendEvents(
          'run_1',
          [],
          { artifacts: [{ runId: 'run_1', stepId: 's', path: 'a', size: 1, sha256: 'x', createdAt: 1 }] },
          2,
        ),
      ).resolves.toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('reports a path it cannot create as OURO_STORE_UNAVAILABLE', async () => {
    // A regular file where the directory should be: fails even for root, unlike permissions.
    const projectDir = temporaryDirectory();
    writeFileSync(path.join(projectDir, 'blocker'), '');
    const error = await openStore({ projectDir, url: 'sqlite:blocker/x.db' }).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(isOuroError(error) && error.code).toBe('OURO_STORE_UNAVAILABLE');
    expect((error as Error).message).toContain(path.join(projectDir, 'blocker', 'x.db'));
  });

  it('fails migrate with OURO_STORE_MIGRATION_FAILED when the database knows a newer migration', async () => {
    const projectDir = temporaryDirectory();
    const store = await openStore({ projectDir });
    try {
      await store.migrate();
    } finally {
      await store.close();
    }
    const raw = new BetterSqlite3(path.join(projectDir, '.ouro', 'ouro.db'));
    raw
      .prepare("insert into kysely_migration (name, timestamp) values ('9999-from-the-future', ?)")
      .run(new Date().toISOString());
    raw.close();
    const again = await openStore({ projectDir });
    try {
      const error = await again.migrate().then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      expect(isOuroError(error) && error.code).toBe('OURO_STORE_MIGRATION_FAILED');
    } finally {
      await again.close();
    }
  });
});

describe('openStore on PostgreSQL', () => {
  it('reports an unreachable server as OURO_STORE_UNAVAILABLE without the password', async () => {
    const port = await closedPort();
    const error = await openStore({
      projectDir: temporaryDirectory(),
      url: `postgres://ouro:hunter2secret@127.0.0.1:${port}/ouro`,
    }).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(isOuroError(error) && error.code).toBe('OURO_STORE_UNAVAILABLE');
    const text = JSON.stringify((error as { toJSON(): unknown }).toJSON());
    expect(text).toContain(`127.0.0.1:${port}`);
    expect(text).not.toContain('hunter2secret');
  });

  const url = testDatabaseUrl();
  it.skipIf(url === undefined)('parses int8 as number on its own pool only, not process-wide', async () => {
    const store = await createPostgresTestStore(url!);
    try {
      expect(store.dialect).toBe('postgres');
      await store.runs.createRun(
        {
          id: 'run_1',
          workflowName: 'w',
          workflowPath: 'w.yaml',
          workflowHash: 'h',
          inputs: {},
          options: {},
        },
        1_764_000_000_123,
      );
      expect((await store.runs.getRun('run_1'))?.createdAt).toBe(1_764_000_000_123);
      const globalParser = pg.types.getTypeParser(20, 'text') as (value: string) => unknown;
      expect(globalParser('42')).toBe('42');
    } finally {
      await store.close();
    }
  });
});
