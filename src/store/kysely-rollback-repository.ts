/**
 * Rollback points: the target branch's head recorded before each merge, completed with the merge
 * commit once it exists. Marking one rolled back is a conditional UPDATE (`state = 'ready'`), so of
 * two racing rollbacks exactly one wins, on either dialect.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { OuroError } from '../errors/index.js';
import { isUniqueViolation } from './database-errors.js';
import type { DatabaseSchema, RollbackPointsTable } from './database-schema.js';
import type {
  NewRollbackPoint,
  RollbackListFilter,
  RollbackPointRecord,
  RollbackPointState,
  RollbackRepository,
} from './types.js';

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

function rollbackPointFromRow(row: Selectable<RollbackPointsTable>): RollbackPointRecord {
  return {
    id: row.id,
    repository: row.repository,
    branch: row.branch,
    baseSha: row.base_sha,
    headSha: row.head_sha,
    pr: nullableNumber(row.pr),
    issue: nullableNumber(row.issue),
    taskId: row.task_id,
    runId: row.run_id,
    description: row.description,
    createdAt: Number(row.created_at),
    mergeSha: row.merge_sha,
    mergeMethod: row.merge_method === 'merge' || row.merge_method === 'squash' ? row.merge_method : null,
    state: row.state as RollbackPointState,
    rolledBackAt: nullableNumber(row.rolled_back_at),
    rollbackRef: row.rollback_ref,
    rolledBackBy: row.rolled_back_by,
  };
}

export class KyselyRollbackRepository implements RollbackRepository {
  constructor(private readonly database: Kysely<DatabaseSchema>) {}

  async create(point: NewRollbackPoint): Promise<RollbackPointRecord> {
    const row: RollbackPointsTable = {
      id: point.id,
      repository: point.repository,
      branch: point.branch,
      base_sha: point.baseSha,
      head_sha: point.headSha,
      pr: point.pr,
      issue: point.issue,
      task_id: point.taskId,
      run_id: point.runId,
      description: point.description,
      created_at: point.createdAt,
      merge_sha: null,
      merge_method: null,
      state: 'ready',
      rolled_back_at: null,
      rollback_ref: null,
      rolled_back_by: null,
    };
    try {
      await this.database.insertInto('rollback_points').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new OuroError(
          'OURO_STORE_CONFLICT',
          { entity: 'Rollback point', id: point.id },
          { cause: error },
        );
      }
      throw error;
    }
    return rollbackPointFromRow(row);
  }

  async completeMerge(id: string, mergeSha: string, method: 'merge' | 'squash'): Promise<void> {
    await this.database
      .updateTable('rollback_points')
      .set({ merge_sha: mergeSha, merge_method: method })
      .where('id', '=', id)
      .execute();
  }

  async get(id: string): Promise<RollbackPointRecord | undefined> {
    const row = await this.database
      .selectFrom('rollback_points')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : rollbackPointFromRow(row);
  }

  async list(filter: RollbackListFilter = {}): Promise<RollbackPointRecord[]> {
    let query = this.database
      .selectFrom('rollback_points')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc');
    if (filter.state !== undefined) query = query.where('state', '=', filter.state);
    if (filter.pr !== undefined) query = query.where('pr', '=', filter.pr);
    if (filter.mergeSha !== undefined) query = query.where('merge_sha', '=', filter.mergeSha);
    const prefix = filter.mergeShaPrefix;
    if (prefix !== undefined) {
      // substr instead of LIKE: no wildcard escaping, and the same on both dialects.
      query = query.where(sql<string>`substr(merge_sha, 1, ${prefix.length})`, '=', prefix);
    }
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    return (await query.execute()).map(rollbackPointFromRow);
  }

  async markRolledBack(id: string, rollbackRef: string, by: string, now: number): Promise<boolean> {
    const changed = await this.database
      .updateTable('rollback_points')
      .set({ state: 'rolled_back', rolled_back_at: now, rollback_ref: rollbackRef, rolled_back_by: by })
      .where('id', '=', id)
      .where('state', '=', 'ready')
      .returning('id')
      .execute();
    return changed.length > 0;
  }

  async deleteOlderThan(before: number): Promise<string[]> {
    const deleted = await this.database
      .deleteFrom('rollback_points')
      .where('created_at', '<', before)
      .returning('id')
      .execute();
    return deleted.map((row) => row.id).sort();
  }
}
