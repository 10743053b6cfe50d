import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../policy/audit/index.js';
import { openStore } from '../../store/open-store.js';

const mainModule = fileURLToPath(new URL('../main.ts', import.meta.url));
const runner = `import { main } from ${JSON.stringify(mainModule)}; process.exitCode = await main(['node', 'ouro', ...process.argv.slice(1)]);`;

let projectDir: string;

function ouro(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', runner, '--', '-C', projectDir, ...args],
    { encoding: 'utf8', env: { ...process.env, OURO_DATABASE_URL: '', NO_COLOR: '1' } },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Three entries: one 3 days old, two from the last hour. */
async function seed(): Promise<void> {
  const store = await openStore({ projectDir });
  try {
    await store.migrate();
    const now = Date.now();
    for (const [index, age] of [3 * 86_400_000, 1_800_000, 60_000].entries()) {
      await appendAudit(store, {
        createdAt: now - age,
        actor: 'guard:secrets',
        action: 'guard.evaluate',
        subject: `pr:${index + 1}`,
        decision: 'deny',
        reasons: [`secret in diff ${index + 1}`],
      });
    }
  } finally {
    await store.close();
  }
}

beforeEach(async () => {
  projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-audit-cli-'));
  await seed();
});

afterEach(() => {
  fs.rmSync(projectDir, { recursive: true, force: true });
});

describe('ouro audit (SQLite)', () => {
  it('lists entries as a table and as JSON, filtered by --since and --limit', () => {
    const table = ouro(['audit', 'list']);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/SEQ\s+TIME\s+ACTOR\s+ACTION\s+SUBJECT\s+DECISION\s+REASONS/);
    expect(table.stdout).toContain('secret in diff 3');

    const recent = ouro(['--json', 'audit', 'list', '--since', '24h']);
    expect(recent.status, recent.stderr).toBe(0);
    const document = JSON.parse(recent.stdout) as { entries: Array<{ sequence: number; createdAt: string }> };
    expect(document.entries.map((entry) => entry.sequence)).toEqual([2, 3]);
    expect(Number.isNaN(Date.parse(document.entries[0]!.createdAt))).toBe(false);

    const limited = ouro(['--json', 'audit', 'list', '--limit', '1']);
    const limitedDocument = JSON.parse(limited.stdout) as { entries: Array<{ subject: string }> };
    expect(limitedDocument.entries.map((entry) => entry.subject)).toEqual(['pr:3']);

    const invalid = ouro(['audit', 'list', '--since', 'yesterday']);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('expected an ISO date or time');
  });

  it('verifies an intact chain and exits 1 naming the first broken entry after tampering', () => {
    const intact = ouro(['audit', 'verify']);
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toContain('audit log intact: 3 entries');

    const database = new BetterSqlite3(path.join(projectDir, '.ouro', 'ouro.db'));
    database.exec(`update audit_log set decision = 'allow' where sequence = 2`);
    database.close();

    const human = ouro(['audit', 'verify']);
    expect(human.status).toBe(1);
    expect(human.stderr).toContain('OURO_AUDIT_CHAIN_BROKEN');
    expect(human.stderr).toContain('broken at entry 2');

    const json = ouro(['--json', 'audit', 'verify']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      valid: false,
      firstBroken: { sequence: 2, reason: 'altered' },
    });
  });
});
