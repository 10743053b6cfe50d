/**
 * Step cache entries keyed by the cache key the engine computes. `put` replaces an entry whole
 * (a fresh result resets its hit counter); `recordHit` counts restores for `ouro cache list`.
 */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';
import { cacheEntryFromRow, toJson } from './row-mappers.js';
import type { CacheEntryRecord, CacheRepository } from './types.js';

export class KyselyCacheRepository implements CacheRepository {
  constructor(private readonly database: Kysely<DatabaseSchema>) {}

  async get(key: string): Promise<CacheEntryRecord | undefined> {
    const row = await this.database
      .selectFrom('cache_entries')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : cacheEntryFromRow(row);
  }

  async put(entry: Omit<CacheEntryRecord, 'hits' | 'lastHitAt'>): Promise<void> {
    const row = {
      key: entry.key,
      actor: entry.actor,
      workflow_name: entry.workflowName,
      step_id: entry.stepId,
      outputs: toJson(entry.outputs),
      artifacts: toJson(entry.artifacts),
      summary: entry.summary,
      created_at: entry.createdAt,
      last_hit_at: null,
      hits: 0,
    };
    await this.database
      .insertInto('cache_entries')
      .values(row)
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({
          actor: row.actor,
          workflow_name: row.workflow_name,
          step_id: row.step_id,
          outputs: row.outputs,
          artifacts: row.artifacts,
          summary: row.summary,
          created_at: row.created_at,
          last_hit_at: null,
          hits: 0,
        }),
      )
      .execute();
  }

  async recordHit(key: string, now: number): Promise<void> {
    await this.database
      .updateTable('cache_entries')
      .set((expression) => ({ hits: expression('hits', '+', 1), last_hit_at: now }))
      .where('key', '=', key)
      .execute();
  }

  async list(): Promise<CacheEntryRecord[]> {
    const rows = await this.database
      .selectFrom('cache_entries')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('key')
      .execute();
    return rows.map(cacheEntryFromRow);
  }

  async clear(filter: { workflowName?: string } = {}): Promise<number> {
    let query = this.database.deleteFrom('cache_entries');
    if (filter.workflowName !== undefined) query = query.where('workflow_name', '=', filter.workflowName);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
