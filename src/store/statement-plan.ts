/**
 * A transaction written once and run two ways. A plan is a generator that yields compiled Kysely
 * statements and receives their rows, so the same logic runs as an async PostgreSQL transaction and
 * as one synchronous better-sqlite3 `BEGIN IMMEDIATE` transaction. The synchronous form matters on
 * SQLite: an async transaction would yield to the event loop while holding the write lock, and a
 * second connection in the same process would then block the loop in its busy wait — a deadlock
 * until the busy timeout. Throwing inside a plan rolls the transaction back on both paths.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, Kysely } from 'kysely';
import { OuroError } from '../errors/index.js';

export type StatementRows = Array<Record<string, unknown>>;

export type StatementPlan<T> = Generator<CompiledQuery, T, StatementRows>;

export type PlanRunner = <T>(plan: () => StatementPlan<T>) => Promise<T>;

/**
 * Runs plans in a Kysely transaction (PostgreSQL; any dialect with a connection pool), at the
 * database's default isolation unless `isolationLevel` asks for more (e.g. one snapshot for reads).
 */
export function kyselyPlanRunner<Schema>(
  database: Kysely<Schema>,
  isolationLevel?: 'repeatable read' | 'serializable',
): PlanRunner {
  return (plan) => {
    const builder = database.transaction();
    return (isolationLevel === undefined ? builder : builder.setIsolationLevel(isolationLevel)).execute(
      async (transaction) => {
        const steps = plan();
        let step = steps.next();
        while (step.done !== true) {
          const result = await transaction.executeQuery(step.value);
          step = steps.next(result.rows as StatementRows);
        }
        return step.value;
      },
    );
  };
}

/**
 * Runs plans synchronously on the better-sqlite3 connection Kysely also uses. Like the journal
 * writer, it refuses to nest into a Kysely transaction open on that connection (only migrations
 * open one) instead of silently joining it.
 */
export function sqlitePlanRunner(database: BetterSqlite3.Database): PlanRunner {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const execute = (query: CompiledQuery): StatementRows => {
    let statement = statements.get(query.sql);
    if (statement === undefined) {
      statement = database.prepare(query.sql);
      statements.set(query.sql, statement);
    }
    const parameters = query.parameters as unknown[];
    if (statement.reader) return statement.all(...parameters) as StatementRows;
    statement.run(...parameters);
    return [];
  };
  const drive = database.transaction(<T>(plan: () => StatementPlan<T>): T => {
    const steps = plan();
    let step = steps.next();
    while (step.done !== true) step = steps.next(execute(step.value));
    return step.value;
  });
  return <T>(plan: () => StatementPlan<T>): Promise<T> => {
    if (database.inTransaction) {
      return Promise.reject(
        new OuroError('OURO_STORE_BUSY', { reason: 'a migration transaction is open on this connection' }),
      );
    }
    try {
      return Promise.resolve(drive.immediate(plan) as T);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
}
