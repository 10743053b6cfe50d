import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseUrl, type StoreDialectName } from '../../../test/support/database.js';
import { openSharedStores, type SharedStores } from '../../../test/support/shared-stores.js';
import { OuroError } from '../../errors/index.js';
import { appendAudit, auditGenesisHash, computeAuditHash, verifyAuditChain } from './index.js';

const dialects: StoreDialectName[] = testDatabaseUrl() === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

let shared: SharedStores | undefined;

afterEach(async () => {
  await shared?.close();
  shared = undefined;
});

/** Runs SQL on the database behind the stores, bypassing Ouro, as an attacker with write access would. */
async function tamper(stores: SharedStores, statement: string): Promise<void> {
  if (stores.url === undefined) {
    const database = new BetterSqlite3(path.join(stores.projectDir, '.ouro', 'ouro.db'));
    try {
      database.exec(statement);
    } finally {
      database.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: stores.url });
  await client.connect();
  try {
    await client.query(`set search_path to ${stores.schema}`);
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function appendSome(count: number, start = 1_700_000_000_000): Promise<void> {
  const store = shared!.stores[0]!;
  for (let index = 0; index < count; index += 1) {
    await appendAudit(store, {
      createdAt: start + index * 60_000,
      actor: 'guard:protected-paths',
      action: 'guard.evaluate',
      subject: `pr:${index + 1}`,
      decision: index % 2 === 0 ? 'allow' : 'deny',
      reasons: [`reason ${index + 1}`],
      details: { files: ['.github/workflows/ci.yml'], nested: { b: 1, a: [1, 2] } },
    });
  }
}

describe.each(dialects)('audit log on %s', (dialect) => {
  it('appends a gap-free chain that lists and verifies', async () => {
    shared = await openSharedStores(dialect, 1);
    const store = shared.stores[0]!;
    expect(await verifyAuditChain(store)).toEqual({ valid: true, entries: 0 });

    const first = await appendAudit(store, {
      createdAt: 1_700_000_000_000,
      actor: 'ouro',
      action: 'merge',
      subject: 'pr:7',
      details: { when: undefined, sha: 'abc' },
    });
    expect(first).toMatchObject({ sequence: 1, previousHash: auditGenesisHash, decision: null, reasons: [] });
    expect(first.details).toEqual({ sha: 'abc' });
    expect(first.hash).toBe(computeAuditHash(first));
    await appendSome(3, 1_700_000_060_000);

    const all = await store.audit.list();
    expect(all.map((entry) => entry.sequence)).toEqual([1, 2, 3, 4]);
    expect(all[1]!.previousHash).toBe(all[0]!.hash);
    expect(all[1]).toMatchObject({
      actor: 'guard:protected-paths',
      decision: 'allow',
      reasons: ['reason 1'],
    });
    expect(all[1]!.details).toEqual({ files: ['.github/workflows/ci.yml'], nested: { a: [1, 2], b: 1 } });
    expect((await store.audit.list({ limit: 2 })).map((entry) => entry.sequence)).toEqual([3, 4]);
    expect((await store.audit.list({ since: 1_700_000_120_000 })).map((entry) => entry.sequence)).toEqual([
      3, 4,
    ]);
    expect(await verifyAuditChain(store)).toEqual({ valid: true, entries: 4 });
  });

  it('rejects invalid entries before touching the chain', async () => {
    shared = await openSharedStores(dialect, 1);
    const store = shared.stores[0]!;
    const attempt = appendAudit(store, { actor: '', action: 'merge', subject: 'pr:1' });
    await expect(attempt).rejects.toBeInstanceOf(OuroError);
    await expect(attempt).rejects.toMatchObject({ code: 'OURO_AUDIT_ENTRY_INVALID' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(
      appendAudit(store, { actor: 'ouro', action: 'merge', subject: 'pr:1', details: cyclic }),
    ).rejects.toMatchObject({ code: 'OURO_AUDIT_ENTRY_INVALID' });
    expect(await verifyAuditChain(store)).toEqual({ valid: true, entries: 0 });
  });

  it('keeps one chain under 50 concurrent appends from two store instances', async () => {
    shared = await openSharedStores(dialect, 2);
    const [left, right] = shared.stores as [never, never];
    const appends = Array.from({ length: 50 }, (_unused, index) =>
      appendAudit(index % 2 === 0 ? left : right, {
        actor: `worker:${index % 2}`,
        action: 'budget.reserve',
        subject: `call:${index}`,
        decision: 'allow',
      }),
    );
    const records = await Promise.all(appends);
    expect(records.map((record) => record.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_unused, index) => index + 1),
    );
    expect(await verifyAuditChain(left)).toEqual({ valid: true, entries: 50 });
    expect(await verifyAuditChain(right)).toEqual({ valid: true, entries: 50 });
  });

  it('names an altered row', async () => {
    shared = await openSharedStores(dialect, 1);
    await appendSome(5);
    await tamper(shared, `update audit_log set decision = 'allow' where sequence = 4`);
    expect(await verifyAuditChain(shared.stores[0]!)).toEqual({
      valid: false,
      firstBroken: { sequence: 4, reason: 'altered' },
    });
  });

  it('names a row altered together with a recomputed hash by the break in the next link', async () => {
    shared = await openSharedStores(dialect, 1);
    await appendSome(4);
    const store = shared.stores[0]!;
    const [, second] = await store.audit.list();
    const forged = { ...second!, details: { forged: true } };
    await tamper(
      shared,
      `update audit_log set details = '{"forged":true}', hash = '${computeAuditHash(forged)}' where sequence = 2`,
    );
    expect(await verifyAuditChain(store)).toEqual({
      valid: false,
      firstBroken: { sequence: 3, reason: 'inserted' },
    });
  });

  it('names a removed row in the middle and at the end', async () => {
    shared = await openSharedStores(dialect, 1);
    await appendSome(5);
    const store = shared.stores[0]!;
    await tamper(shared, 'delete from audit_log where sequence = 5');
    expect(await verifyAuditChain(store)).toEqual({
      valid: false,
      firstBroken: { sequence: 5, reason: 'removed' },
    });
    await tamper(shared, 'delete from audit_log where sequence = 2');
    expect(await verifyAuditChain(store)).toEqual({
      valid: false,
      firstBroken: { sequence: 2, reason: 'removed' },
    });
  });

  it('names a forged row inserted after the chain head', async () => {
    shared = await openSharedStores(dialect, 1);
    await appendSome(3);
    const store = shared.stores[0]!;
    const last = (await store.audit.list()).at(-1)!;
    const forged = {
      sequence: 4,
      createdAt: last.createdAt + 1,
      actor: 'user:mallory',
      action: 'approve',
      subject: 'pr:3',
      decision: 'allow',
      reasons: [],
      details: {},
      previousHash: last.hash,
    };
    await tamper(
      shared,
      `insert into audit_log (sequence, created_at, actor, action, subject, decision, reasons, details, previous_hash, hash)
       values (4, ${forged.createdAt}, 'user:mallory', 'approve', 'pr:3', 'allow', '[]', '{}', '${last.hash}', '${computeAuditHash(forged)}')`,
    );
    expect(await verifyAuditChain(store)).toEqual({
      valid: false,
      firstBroken: { sequence: 4, reason: 'inserted' },
    });
  });
});
