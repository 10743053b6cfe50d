import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteTestStore, storeFactories, type StoreFactory } from '../../test/support/database.js';
import { isOuroError } from '../errors/index.js';
import { migrations } from './migrations/migration-list.js';
import type { NewRun, StepRunRecord, Store } from './types.js';

function newRun(id: string, overrides: Partial<NewRun> = {}): NewRun {
  return {
    id,
    workflowName: 'quality',
    workflowPath: '.ai/workflows/quality.yaml',
    workflowHash: 'a'.repeat(64),
    inputs: { files: 'src/**/*.ts' },
    options: { noCache: false },
    ...overrides,
  };
}

function stepRun(runId: string, stepId: string, overrides: Partial<StepRunRecord> = {}): StepRunRecord {
  return {
    runId,
    stepId,
    attempt: 1,
    actor: 'shell',
    status: 'running',
    startedAt: 1000,
    endedAt: null,
    durationMs: null,
    outputs: null,
    error: null,
    cacheKey: null,
    ...overrides,
  };
}

async function expectOuroError(promise: Promise<unknown>, code: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(isOuroError(error), `expected ${code}, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

// The SQLite store's async Kysely journal path (the one PostgreSQL uses) runs the contract too, so
// it stays covered where no PostgreSQL is configured.
const sqliteKyselyJournal: StoreFactory = {
  name: 'sqlite',
  create: () => createSqliteTestStore(true, { sqliteJournal: 'kysely' }),
  createUnmigrated: () => createSqliteTestStore(false, { sqliteJournal: 'kysely' }),
};
const cases = [
  ...storeFactories().map((factory) => [factory.name, factory] as const),
  ['sqlite, kysely journal path', sqliteKyselyJournal] as const,
];

describe.each(cases)('store contract (%s)', (_name: string, factory: StoreFactory) => {
  let store: Store;

  beforeEach(async () => {
    store = await factory.create();
  });

  afterEach(async () => {
    await store.close();
  });

  describe('migrations', () => {
    it('are applied and a second migrate applies nothing', async () => {
      const status = await store.migrationStatus();
      expect(status.map((migration) => migration.name)).toEqual(Object.keys(migrations));
      expect(status.every((migration) => typeof migration.executedAt === 'number')).toBe(true);
      expect(await store.migrate()).toEqual({ applied: [] });
    });

    it('report pending migrations on a fresh database, then apply them in order', async () => {
      const fresh = await factory.createUnmigrated();
      try {
        expect(await fresh.migrationStatus()).toEqual(
          Object.keys(migrations).map((name) => ({ name, executedAt: null })),
        );
        expect(await fresh.migrate()).toEqual({ applied: Object.keys(migrations) });
        expect(await fresh.migrate()).toEqual({ applied: [] });
      } finally {
        await fresh.close();
      }
    });

    it('names its dialect and a location without a password', () => {
      expect(store.dialect).toBe(factory.name);
      expect(store.location).not.toMatch(/:[^/@:]+@/);
    });
  });

  describe('runs', () => {
    it('creates a pending run and reads it back', async () => {
      const created = await store.runs.createRun(newRun('run_1'), 5000);
      expect(created).toMatchObject({ id: 'run_1', status: 'pending', createdAt: 5000, updatedAt: 5000 });
      expect(await store.runs.getRun('run_1')).toEqual({
        ...newRun('run_1'),
        status: 'pending',
        createdAt: 5000,
        updatedAt: 5000,
        endedAt: null,
        owner: null,
        leaseExpiresAt: null,
        cancelRequestedAt: null,
        summary: null,
      });
      expect(await store.runs.getRun('run_missing')).toBeUndefined();
    });

    it('refuses a duplicate run id with OURO_STORE_CONFLICT', async () => {
      await store.runs.createRun(newRun('run_1'), 1);
      await expectOuroError(store.runs.createRun(newRun('run_1'), 2), 'OURO_STORE_CONFLICT');
    });

    it('lists newest first with status and workflow filters', async () => {
      await store.runs.createRun(newRun('run_a', { workflowName: 'lint' }), 100);
      await store.runs.createRun(newRun('run_b'), 200);
      await store.runs.createRun(newRun('run_c'), 300);
      await store.runs.appendEvents('run_b', [], { run: { status: 'failed', endedAt: 250 } }, 250);

      expect((await store.runs.listRuns()).map((run) => run.id)).toEqual(['run_c', 'run_b', 'run_a']);
      expect((await store.runs.listRuns({ status: ['failed'] })).map((run) => run.id)).toEqual(['run_b']);
      expect((await store.runs.listRuns({ status: ['pending', 'failed'] })).map((run) => run.id)).toEqual([
        'run_c',
        'run_b',
        'run_a',
      ]);
      expect((await store.runs.listRuns({ workflowName: 'lint' })).map((run) => run.id)).toEqual(['run_a']);
      expect((await store.runs.listRuns({ limit: 1 })).map((run) => run.id)).toEqual(['run_c']);
    });

    it('pages with a keyset cursor, ties on createdAt broken by id', async () => {
      const ids = ['run_01', 'run_02', 'run_03', 'run_04', 'run_05', 'run_06', 'run_07'];
      for (const [index, id] of ids.entries()) {
        // Pairs share a creation time so the id tie-break matters.
        await store.runs.createRun(newRun(id), 1000 + Math.floor(index / 2));
      }
      const seen: string[] = [];
      let before: { createdAt: number; id: string } | undefined;
      for (;;) {
        const page = await store.runs.listRuns({ limit: 3, ...(before ? { before } : {}) });
        if (page.length === 0) break;
        seen.push(...page.map((run) => run.id));
        const last = page[page.length - 1]!;
        before = { createdAt: last.createdAt, id: last.id };
      }
      expect(seen).toEqual([...ids].reverse());
    });
  });

  describe('journal', () => {
    it('numbers events from 1 without gaps and applies the projection', async () => {
      await store.runs.createRun(newRun('run_1'), 1000);
      const first = await store.runs.appendEvents(
        'run_1',
        [{ type: 'run-started', payload: { inputs: {} } }],
        { run: { status: 'running', owner: 'host:1', leaseExpiresAt: 31_000 } },
        1001,
      );
      expect(first).toEqual([
        {
          runId: 'run_1',
          sequence: 1,
          type: 'run-started',
          stepId: null,
          attempt: null,
          payload: { inputs: {} },
          createdAt: 1001,
        },
      ]);
      const second = await store.runs.appendEvents(
        'run_1',
        [
          { type: 'step-started', stepId: '1.001', attempt: 1, payload: {} },
          { type: 'step-ended', stepId: '1.001', attempt: 1, payload: { status: 'succeeded' } },
        ],
        {
          stepRuns: [
            stepRun('run_1', '1.001', {
              status: 'succeeded',
              endedAt: 1010,
              durationMs: 8,
              outputs: { code: 0 },
            }),
          ],
          artifacts: [
            {
              runId: 'run_1',
              stepId: '1.001',
              path: 'artifacts/lint.json',
              size: 12,
              sha256: 'b'.repeat(64),
              createdAt: 1010,
            },
          ],
        },
        1010,
      );
      expect(second.map((event) => event.sequence)).toEqual([2, 3]);
      await store.runs.appendEvents(
        'run_1',
        [{ type: 'run-ended', payload: {} }],
        {
          run: {
            status: 'succeeded',
            endedAt: 1020,
            summary: { succeeded: 1 },
            owner: null,
            leaseExpiresAt: null,
          },
        },
        1020,
      );

      const events = await store.runs.listEvents('run_1');
      expect(events.map((event) => [event.sequence, event.type])).toEqual([
        [1, 'run-started'],
        [2, 'step-started'],
        [3, 'step-ended'],
        [4, 'run-ended'],
      ]);
      expect(events[2]).toMatchObject({ stepId: '1.001', attempt: 1, payload: { status: 'succeeded' } });
      expect((await store.runs.listEvents('run_1', 2)).map((event) => event.sequence)).toEqual([3, 4]);

      expect(await store.runs.getRun('run_1')).toMatchObject({
        status: 'succeeded',
        endedAt: 1020,
        summary: { succeeded: 1 },
        owner: null,
        leaseExpiresAt: null,
        updatedAt: 1020,
      });
      expect(await store.runs.listStepRuns('run_1')).toEqual([
        stepRun('run_1', '1.001', {
          status: 'succeeded',
          endedAt: 1010,
          durationMs: 8,
          outputs: { code: 0 },
        }),
      ]);
      expect(await store.runs.listArtifacts('run_1')).toEqual([
        {
          runId: 'run_1',
          stepId: '1.001',
          path: 'artifacts/lint.json',
          size: 12,
          sha256: 'b'.repeat(64),
          createdAt: 1010,
        },
      ]);
    });

    it('keeps sequences per run', async () => {
      await store.runs.createRun(newRun('run_1'), 1);
      await store.runs.createRun(newRun('run_2'), 1);
      await store.runs.appendEvents('run_1', [{ type: 'a', payload: {} }], {}, 2);
      const other = await store.runs.appendEvents('run_2', [{ type: 'b', payload: {} }], {}, 2);
      expect(other[0]?.sequence).toBe(1);
    });

    it('upserts step runs by (run, step, attempt) and artifacts by path', async () => {
      await store.runs.createRun(newRun('run_1'), 1);
      await store.runs.appendEvents('run_1', [], { stepRuns: [stepRun('run_1', '1.001')] }, 2);
      await store.runs.appendEvents(
        'run_1',
        [],
        {
          stepRuns: [
            stepRun('run_1', '1.001', {
              status: 'failed',
              endedAt: 1500,
              durationMs: 500,
              error: { code: 'X' },
            }),
            stepRun('run_1', '1.001', { attempt: 2, startedAt: 1600 }),
          ],
          artifacts: [
            {
              runId: 'run_1',
              stepId: '1.001',
              path: 'artifacts/a.txt',
              size: 1,
              sha256: 'c',
              createdAt: 3,
            },
          ],
        },
        3,
      );
      await store.runs.appendEvents(
        'run_1',
        [],
        {
          stepRuns: [
            stepRun('run_1', '1.001', { attempt: 2, startedAt: 1600, status: 'cached', cacheKey: 'k1' }),
          ],
          artifacts: [
            {
              runId: 'run_1',
              stepId: '1.001',
              path: 'artifacts/a.txt',
              size: 2,
              sha256: 'd',
              createdAt: 4,
            },
          ],
        },
        4,
      );
      const stepRuns = await store.runs.listStepRuns('run_1');
      expect(stepRuns.map((record) => [record.attempt, record.status, record.cacheKey])).toEqual([
        [1, 'failed', null],
        [2, 'cached', 'k1'],
      ]);
      expect(stepRuns[0]?.error).toEqual({ code: 'X' });
      expect(await store.runs.listArtifacts('run_1')).toEqual([
        { runId: 'run_1', stepId: '1.001', path: 'artifacts/a.txt', size: 2, sha256: 'd', createdAt: 4 },
      ]);
    });

    it('is atomic: a failing projection leaves no events and no run change', async () => {
      await store.runs.createRun(newRun('run_1'), 1);
      await store.runs.appendEvents('run_1', [{ type: 'run-started', payload: {} }], {}, 2);
      const broken = stepRun('run_1', '1.001', { actor: null as unknown as string });
      await expect(
        store.runs.appendEvents(
          'run_1',
          [{ type: 'step-started', stepId: '1.001', attempt: 1, payload: {} }],
          { run: { status: 'running' }, stepRuns: [broken] },
          3,
        ),
      ).rejects.toThrow();
      expect((await store.runs.listEvents('run_1')).map((event) => event.sequence)).toEqual([1]);
      expect(await store.runs.listStepRuns('run_1')).toEqual([]);
      expect(await store.runs.getRun('run_1')).toMatchObject({ status: 'pending', updatedAt: 2 });
      // The failed attempt did not consume a sequence number.
      const next = await store.runs.appendEvents('run_1', [{ type: 'x', payload: {} }], {}, 4);
      expect(next[0]?.sequence).toBe(2);
    });

    it('appends a batch larger than one statement can bind (8,000 events)', async () => {
      await store.runs.createRun(newRun('run_1'), 1);
      await store.runs.appendEvents('run_1', [{ type: 'first', payload: {} }], {}, 2);
      const batch = Array.from({ length: 8000 }, (_, index) => ({ type: 'bulk', payload: { index } }));
      const appended = await store.runs.appendEvents('run_1', batch, {}, 3);
      expect(appended[0]?.sequence).toBe(2);
      expect(appended[7999]?.sequence).toBe(8001);
      const events = await store.runs.listEvents('run_1', 7990);
      expect(events.map((event) => event.payload.index)).toEqual([
        7989, 7990, 7991, 7992, 7993, 7994, 7995, 7996, 7997, 7998, 7999,
      ]);
    });

    it('refuses to append to an unknown run with OURO_RUN_NOT_FOUND', async () => {
      await expectOuroError(
        store.runs.appendEvents('run_missing', [{ type: 'x', payload: {} }], {}, 1),
        'OURO_RUN_NOT_FOUND',
      );
    });

    it('gives 50 concurrent appenders gap-free, unique sequences', async () => {
      await store.runs.createRun(newRun('run_1'), 1);
      const appenders = Array.from({ length: 50 }, (_, index) =>
        store.runs.appendEvents(
          'run_1',
          [
            {
              type: 'step-started',
              stepId: `1.${String(index).padStart(3, '0')}`,
              attempt: 1,
              payload: { index },
            },
            {
              type: 'step-ended',
              stepId: `1.${String(index).padStart(3, '0')}`,
              attempt: 1,
              payload: { index },
            },
          ],
          { stepRuns: [stepRun('run_1', `1.${String(index).padStart(3, '0')}`)] },
          10 + index,
        ),
      );
      const results = await Promise.all(appenders);
      for (const result of results) {
        // Each call's events are consecutive.
        expect(result[1]!.sequence).toBe(result[0]!.sequence + 1);
      }
      const events = await store.runs.listEvents('run_1');
      expect(events.map((event) => event.sequence)).toEqual(
        Array.from({ length: 100 }, (_, index) => index + 1),
      );
      expect(new Set(results.flat().map((event) => event.sequence)).size).toBe(100);
      expect(await store.runs.listStepRuns('run_1')).toHaveLength(50);
    });
  });

  describe('leases and cancel', () => {
    beforeEach(async () => {
      await store.runs.createRun(newRun('run_1'), 1000);
    });

    it('acquires a free run, refuses another live owner, re-acquires for the same owner', async () => {
      expect(await store.runs.acquireLease('run_1', 'host:1', 30_000, 2000)).toBe(true);
      expect(await store.runs.getRun('run_1')).toMatchObject({ owner: 'host:1', leaseExpiresAt: 32_000 });
      expect(await store.runs.acquireLease('run_1', 'host:2', 30_000, 3000)).toBe(false);
      expect(await store.runs.acquireLease('run_1', 'host:1', 30_000, 3000)).toBe(true);
      expect(await store.runs.getRun('run_1')).toMatchObject({ owner: 'host:1', leaseExpiresAt: 33_000 });
    });

    it('lets another owner take an expired lease, and force takes a live one', async () => {
      await store.runs.acquireLease('run_1', 'host:1', 1000, 2000);
      expect(await store.runs.acquireLease('run_1', 'host:2', 1000, 2999)).toBe(false);
      expect(await store.runs.acquireLease('run_1', 'host:2', 1000, 3000)).toBe(true);
      expect((await store.runs.getRun('run_1'))?.owner).toBe('host:2');
      expect(await store.runs.acquireLease('run_1', 'host:3', 1000, 3100, true)).toBe(true);
      expect(await store.runs.getRun('run_1')).toMatchObject({ owner: 'host:3', leaseExpiresAt: 4100 });
    });

    it('renews only for the owner', async () => {
      await store.runs.acquireLease('run_1', 'host:1', 1000, 2000);
      expect(await store.runs.renewLease('run_1', 'host:2', 1000, 2500)).toBe(false);
      expect(await store.runs.renewLease('run_1', 'host:1', 5000, 2500)).toBe(true);
      expect((await store.runs.getRun('run_1'))?.leaseExpiresAt).toBe(7500);
      expect(await store.runs.renewLease('run_missing', 'host:1', 1000, 2500)).toBe(false);
    });

    it('releases only for the owner', async () => {
      await store.runs.acquireLease('run_1', 'host:1', 1000, 2000);
      await store.runs.releaseLease('run_1', 'host:2');
      expect((await store.runs.getRun('run_1'))?.owner).toBe('host:1');
      await store.runs.releaseLease('run_1', 'host:1');
      expect(await store.runs.getRun('run_1')).toMatchObject({ owner: null, leaseExpiresAt: null });
      expect(await store.runs.acquireLease('run_1', 'host:2', 1000, 2001)).toBe(true);
    });

    it('lets exactly one of many concurrent acquirers win', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          store.runs.acquireLease('run_1', `host:${index}`, 30_000, 2000),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('records the first cancel request time', async () => {
      await store.runs.requestCancel('run_1', 5000);
      await store.runs.requestCancel('run_1', 6000);
      expect((await store.runs.getRun('run_1'))?.cancelRequestedAt).toBe(5000);
      await expectOuroError(store.runs.requestCancel('run_missing', 1), 'OURO_RUN_NOT_FOUND');
    });
  });

  describe('cache', () => {
    const entry = {
      key: 'key-1',
      actor: 'eslint',
      workflowName: 'quality',
      stepId: '1.001',
      outputs: { errors: 2 },
      artifacts: [{ path: 'artifacts/lint.json', sha256: 'e'.repeat(64), size: 40 }],
      summary: '2 errors',
      createdAt: 100,
    };

    it('puts, gets and counts hits', async () => {
      expect(await store.cache.get('key-1')).toBeUndefined();
      await store.cache.put(entry);
      expect(await store.cache.get('key-1')).toEqual({ ...entry, hits: 0, lastHitAt: null });
      await store.cache.recordHit('key-1', 200);
      await store.cache.recordHit('key-1', 300);
      expect(await store.cache.get('key-1')).toMatchObject({ hits: 2, lastHitAt: 300 });
    });

    it('replaces an entry on put and resets its hits', async () => {
      await store.cache.put(entry);
      await store.cache.recordHit('key-1', 200);
      await store.cache.put({ ...entry, outputs: { errors: 0 }, summary: null, createdAt: 400 });
      expect(await store.cache.get('key-1')).toEqual({
        ...entry,
        outputs: { errors: 0 },
        summary: null,
        createdAt: 400,
        hits: 0,
        lastHitAt: null,
      });
    });

    it('lists newest first and clears all or one workflow', async () => {
      await store.cache.put(entry);
      await store.cache.put({ ...entry, key: 'key-2', workflowName: 'other', createdAt: 200 });
      await store.cache.put({ ...entry, key: 'key-3', createdAt: 300 });
      expect((await store.cache.list()).map((item) => item.key)).toEqual(['key-3', 'key-2', 'key-1']);
      expect(await store.cache.clear({ workflowName: 'quality' })).toBe(2);
      expect((await store.cache.list()).map((item) => item.key)).toEqual(['key-2']);
      expect(await store.cache.clear()).toBe(1);
      expect(await store.cache.list()).toEqual([]);
    });
  });

  describe('workflows', () => {
    it('upserts by path and lists by path', async () => {
      await store.workflows.upsert({ path: 'b.yaml', name: 'B', hash: 'h1', updatedAt: 1 });
      await store.workflows.upsert({ path: 'a.yaml', name: 'A', hash: 'h2', updatedAt: 2 });
      await store.workflows.upsert({ path: 'b.yaml', name: 'B2', hash: 'h3', updatedAt: 3 });
      expect(await store.workflows.list()).toEqual([
        { path: 'a.yaml', name: 'A', hash: 'h2', updatedAt: 2 },
        { path: 'b.yaml', name: 'B2', hash: 'h3', updatedAt: 3 },
      ]);
    });
  });

  it('stores epoch-millisecond times beyond 32 bits as numbers', async () => {
    const now = 1_764_000_000_000;
    await store.runs.createRun(newRun('run_1'), now);
    const run = await store.runs.getRun('run_1');
    expect(run?.createdAt).toBe(now);
    expect(typeof run?.createdAt).toBe('number');
  });
});
