import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../test/support/database.js';

const mainModule = fileURLToPath(new URL('../main.ts', import.meta.url));
const runner = `import { main } from ${JSON.stringify(mainModule)}; process.exitCode = await main(['node', 'ouro', ...process.argv.slice(1)]);`;

let projectDir: string;

function ouro(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', runner, '--', '-C', projectDir, ...args],
    { encoding: 'utf8', env: { ...process.env, OURO_DATABASE_URL: '', NO_COLOR: '1', ...env } },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeEach(() => {
  projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-db-cli-'));
});

afterEach(() => {
  fs.rmSync(projectDir, { recursive: true, force: true });
});

describe('ouro db (SQLite)', () => {
  it('shows pending migrations, applies them once, then shows them applied', () => {
    const before = ouro(['db', 'status', '--json']);
    expect(before.status, before.stderr).toBe(0);
    const pending = JSON.parse(before.stdout);
    expect(pending).toMatchObject({
      dialect: 'sqlite',
      location: path.join(fs.realpathSync(projectDir), '.ouro', 'ouro.db'),
      pending: 5,
      migrations: [
        { name: '0001-initial-schema', status: 'pending', executedAt: null },
        { name: '0002-model-calls-and-budgets', status: 'pending', executedAt: null },
        { name: '0003-audit-log', status: 'pending', executedAt: null },
        { name: '0004-safety-state', status: 'pending', executedAt: null },
        { name: '0005-local-forge', status: 'pending', executedAt: null },
      ],
    });

    const migrate = ouro(['db', 'migrate']);
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('applied  0001-initial-schema');
    expect(migrate.stdout).toContain('applied  0002-model-calls-and-budgets');
    expect(migrate.stdout).toContain('applied  0003-audit-log');
    expect(migrate.stdout).toContain('applied  0004-safety-state');
    expect(migrate.stdout).toContain('applied  0005-local-forge');

    const again = ouro(['db', 'migrate', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ dialect: 'sqlite', applied: [] });

    const after = ouro(['db', 'status']);
    expect(after.status).toBe(0);
    expect(after.stdout).toMatch(/0001-initial-schema {2}applied {2}\d{4}-\d\d-\d\dT/);
    expect(after.stdout).toContain('Up to date.');
  });

  it('uses orchestrator.work_dir for the SQLite file', () => {
    fs.writeFileSync(path.join(projectDir, 'ouro.config.yaml'), 'orchestrator:\n  work_dir: state\n');
    const result = ouro(['db', 'migrate', '--json']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).location).toBe(
      path.join(fs.realpathSync(projectDir), 'state', 'ouro.db'),
    );
    expect(fs.existsSync(path.join(projectDir, 'state', 'ouro.db'))).toBe(true);
  });
});

describe('ouro db (PostgreSQL)', () => {
  it('reports an unreachable server with OURO_STORE_UNAVAILABLE, exit 1, and no password', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = ouro(['db', 'status'], {
      OURO_DATABASE_URL: `postgres://ouro:topsecretvalue@127.0.0.1:${address.port}/ouro`,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error OURO_STORE_UNAVAILABLE');
    expect(result.stderr).toContain('→');
    expect(result.stdout + result.stderr).not.toContain('topsecretvalue');
  });

  const url = testDatabaseUrl();
  it.skipIf(url === undefined)('migrates a schema named by the URL search_path option', async () => {
    const schema = `ouro_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const scoped = new URL(url!);
      scoped.searchParams.set('options', `-c search_path=${schema}`);
      const env = { OURO_DATABASE_URL: scoped.toString() };
      expect(JSON.parse(ouro(['db', 'status', '--json'], env).stdout)).toMatchObject({
        dialect: 'postgres',
        pending: 5,
      });
      const migrate = ouro(['db', 'migrate', '--json'], env);
      expect(migrate.status, migrate.stderr).toBe(0);
      expect(JSON.parse(migrate.stdout).applied).toEqual([
        '0001-initial-schema',
        '0002-model-calls-and-budgets',
        '0003-audit-log',
        '0004-safety-state',
        '0005-local-forge',
      ]);
      expect(JSON.parse(ouro(['db', 'status', '--json'], env).stdout)).toMatchObject({ pending: 0 });
      const tables = await admin.query<{ table_name: string }>(
        'select table_name from information_schema.tables where table_schema = $1 order by table_name',
        [schema],
      );
      expect(tables.rows.map((row) => row.table_name)).toContain('run_events');
    } finally {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  });
});
