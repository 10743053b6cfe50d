/**
 * In-process `noop` steps through the real executor with the durable journal (two journal
 * transactions per step): steps per second on SQLite and, when a URL is given, PostgreSQL.
 * Reference in the same run: raw better-sqlite3 doing the same number of write transactions (two
 * single-row inserts per step, same pragmas), the floor any SQLite journal pays. Goal: ≥ 5,000
 * steps/s on SQLite.
 */
import { ouroConfigSchema } from '../src/config/index.js';
import { createPolicyGate } from '../src/policy/policy-gate.js';
import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { noopAdapter } from '../src/adapters/deterministic/noop.js';
import type { AnyAdapter } from '../src/adapters/types.js';
import { BlobStore } from '../src/engine/execution/blob-store.js';
import { RunExecutor } from '../src/engine/execution/run-executor.js';
import { workflowSchema } from '../src/engine/workflow/workflow-schema.js';
import { silentLogger } from '../src/observability/silent-logger.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/types.js';
import { timeIt, type BenchmarkResult } from './measure.js';

const defaultConfig = ouroConfigSchema.parse({});

/** Steps per second of `steps` steps of `adapter` (default: noop) through the real executor. */
export async function stepsPerSecond(
  store: Store,
  directory: string,
  steps: number,
  parallel: boolean,
  adapter: AnyAdapter = noopAdapter,
): Promise<number> {
  const workflow = workflowSchema.parse({
    name: 'noop-bench',
    policy: { parallel_execution: parallel, max_parallel: 4 },
    steps: Array.from({ length: steps }, (_, index) => ({ id: `1.${index + 1}`, actor: adapter.id })),
  });
  const runId = `run_bench_${Date.now().toString(36)}_${parallel ? 'p' : 's'}`;
  const run = await store.runs.createRun(
    {
      id: runId,
      workflowName: 'noop-bench',
      workflowPath: 'bench',
      workflowHash: 'h',
      inputs: {},
      options: {},
    },
    Date.now(),
  );
  const executor = new RunExecutor({
    runs: store.runs,
    cache: store.cache,
    adapters: { get: (id) => (id === adapter.id ? adapter : undefined), ids: () => [adapter.id] },
    blobs: new BlobStore(path.join(directory, 'blobs')),
    logger: silentLogger,
    owner: `bench:${process.pid}`,
    isOwnerAlive: () => true,
  });
  const elapsed = await timeIt(async () => {
    const outcome = await executor.execute({
      run,
      workflow,
      projectDir: directory,
      runDir: path.join(directory, 'runs', runId),
      inputs: {},
      env: {},
      caching: false,
      maxParallel: 4,
      policy: (scope) =>
        createPolicyGate({
          store,
          config: defaultConfig,
          actor: 'ouro',
          logger: silentLogger,
          scope,
        }),
    });
    if (outcome.status !== 'succeeded') throw new Error(`bench run ${outcome.status}`);
  });
  return steps / (elapsed / 1000);
}

/** Two one-row write transactions per step on a bare table: what SQLite itself costs. */
function rawSqliteStepsPerSecond(directory: string, steps: number): number {
  const database = new Database(path.join(directory, 'raw.db'));
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.exec(
    'create table events (run_id text, sequence integer, payload text, primary key (run_id, sequence))',
  );
  const insert = database.prepare('insert into events values (?, ?, ?)');
  const write = database.transaction((sequence: number) =>
    insert.run('run', sequence, '{"status":"succeeded"}'),
  );
  const start = process.hrtime.bigint();
  for (let sequence = 0; sequence < steps * 2; sequence += 1) write(sequence);
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  database.close();
  return steps / (elapsed / 1000);
}

export async function journalThroughput(
  postgresUrl: string | undefined,
  steps = 5000,
): Promise<BenchmarkResult> {
  const directory = mkdtempSync(path.join(tmpdir(), 'ouro-bench-journal-'));
  const lines = ['| store | steps | sequential steps/s | parallel (4) steps/s |', '|---|---|---|---|'];
  const floor = rawSqliteStepsPerSecond(directory, steps);
  try {
    const sqlite = await openStore({ projectDir: directory });
    await sqlite.migrate();
    await stepsPerSecond(sqlite, directory, 500, false); // warm-up: JIT and prepared statements
    const sqliteSequential = await stepsPerSecond(sqlite, directory, steps, false);
    const sqliteParallel = await stepsPerSecond(sqlite, directory, steps, true);
    await sqlite.close();
    lines.push(
      `| reference: bare better-sqlite3, 2 transactions/step | ${steps} | ${floor.toFixed(0)} | — |`,
    );
    lines.push(
      `| Ouro on SQLite (WAL, synchronous=NORMAL) | ${steps} | ${sqliteSequential.toFixed(0)} (${(sqliteSequential / floor).toFixed(2)}× the reference) | ${sqliteParallel.toFixed(0)} |`,
    );
    if (postgresUrl) {
      const postgres = await openStore({ projectDir: directory, url: postgresUrl });
      await postgres.migrate();
      await stepsPerSecond(postgres, directory, 200, false);
      const pgSequential = await stepsPerSecond(postgres, directory, Math.min(steps, 2000), false);
      const pgParallel = await stepsPerSecond(postgres, directory, Math.min(steps, 2000), true);
      await postgres.close();
      lines.push(
        `| PostgreSQL (local, trust) | ${Math.min(steps, 2000)} | ${pgSequential.toFixed(0)} | ${pgParallel.toFixed(0)} |`,
      );
    } else {
      lines.push('| PostgreSQL | — | not measured (set OURO_BENCH_DATABASE_URL) | — |');
    }
    lines.push(
      '',
      "Goal on SQLite: ≥ 5,000 steps/s. Each step appends two journal events (start, end) with their projection rows; group commit puts one step's end and the next step's start in one transaction, and the steps of a parallel group share commits.",
    );
    return { name: 'noop steps with the durable journal', lines };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
