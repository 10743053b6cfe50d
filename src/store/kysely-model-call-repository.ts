/**
 * The ledger table `model_calls`: one row per model call, and the totals `ouro metrics cost` shows.
 * Days are grouped by integer division of the epoch-millisecond timestamp, which is UTC and portable
 * (no dialect date functions); the day label is formatted here.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DatabaseSchema, ModelCallsTable } from './database-schema.js';
import type {
  ModelCallEntry,
  ModelCallRepository,
  ModelCallSummaryFilter,
  ModelCallSummaryRow,
} from './types.js';

const dayMs = 86_400_000;

/** Sums of bigint come back as strings from PostgreSQL (numeric); counts and doubles as numbers. */
function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

function entryFromRow(row: Selectable<ModelCallsTable>): ModelCallEntry {
  return {
    id: row.id,
    runId: row.run_id,
    stepId: row.step_id,
    taskId: row.task_id,
    provider: row.provider,
    model: row.model,
    purpose: row.purpose,
    inputTokens: toNumber(row.input_tokens),
    outputTokens: toNumber(row.output_tokens),
    cachedInputTokens: toNumber(row.cached_input_tokens),
    cacheWriteTokens: toNumber(row.cache_write_tokens),
    costUsd: toNumber(row.cost_usd),
    latencyMs: toNumber(row.latency_ms),
    outcome: row.outcome as ModelCallEntry['outcome'],
    errorCode: row.error_code,
    createdAt: toNumber(row.created_at),
  };
}

function dayLabel(dayNumber: number): string {
  return new Date(dayNumber * dayMs).toISOString().slice(0, 10);
}

export class KyselyModelCallRepository implements ModelCallRepository {
  constructor(private readonly database: Kysely<DatabaseSchema>) {}

  async record(call: ModelCallEntry): Promise<void> {
    await this.database
      .insertInto('model_calls')
      .values({
        id: call.id,
        run_id: call.runId,
        step_id: call.stepId,
        task_id: call.taskId,
        provider: call.provider,
        model: call.model,
        purpose: call.purpose,
        input_tokens: call.inputTokens,
        output_tokens: call.outputTokens,
        cached_input_tokens: call.cachedInputTokens,
        cache_write_tokens: call.cacheWriteTokens,
        cost_usd: call.costUsd,
        latency_ms: call.latencyMs,
        outcome: call.outcome,
        error_code: call.errorCode,
        created_at: call.createdAt,
      })
      .execute();
  }

  async list(
    filter: { runId?: string; since?: number; until?: number; limit?: number } = {},
  ): Promise<ModelCallEntry[]> {
    let query = this.database.selectFrom('model_calls').selectAll();
    if (filter.runId !== undefined) query = query.where('run_id', '=', filter.runId);
    if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
    if (filter.until !== undefined) query = query.where('created_at', '<', filter.until);
    query = query.orderBy('created_at').orderBy('id');
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    const rows = await query.execute();
    return rows.map(entryFromRow);
  }

  async summarize(filter: ModelCallSummaryFilter): Promise<ModelCallSummaryRow[]> {
    const groupings: Record<ModelCallSummaryFilter['groupBy'], Array<RawBuilder<unknown>>> = {
      // Integer division on both dialects (bigint / integer); created_at is never negative.
      day: [sql`created_at / ${sql.lit(dayMs)}`],
      model: [sql`provider`, sql`model`],
      run: [sql`run_id`],
      task: [sql`task_id`],
    };
    const groupExpressions = groupings[filter.groupBy];
    let query = this.database
      .selectFrom('model_calls')
      .select((expression) => [
        ...groupExpressions.map((group, index) => group.as(`group_${index}`)),
        expression.fn.countAll<number | string>().as('calls'),
        sql<number | string>`sum(case when outcome = 'succeeded' then 0 else 1 end)`.as('failed_calls'),
        expression.fn.sum<number | string>('input_tokens').as('input_tokens'),
        expression.fn.sum<number | string>('output_tokens').as('output_tokens'),
        expression.fn.sum<number | string>('cached_input_tokens').as('cached_input_tokens'),
        expression.fn.sum<number | string>('cache_write_tokens').as('cache_write_tokens'),
        expression.fn.sum<number | string>('cost_usd').as('cost_usd'),
      ]);
    if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
    if (filter.until !== undefined) query = query.where('created_at', '<', filter.until);
    for (const group of groupExpressions) query = query.groupBy(group);
    const rows = (await query.execute()) as Array<Record<string, unknown>>;
    const summaries = rows.map((row) => ({
      key: this.groupKey(filter.groupBy, row),
      calls: toNumber(row.calls),
      failedCalls: toNumber(row.failed_calls),
      inputTokens: toNumber(row.input_tokens),
      outputTokens: toNumber(row.output_tokens),
      cachedInputTokens: toNumber(row.cached_input_tokens),
      cacheWriteTokens: toNumber(row.cache_write_tokens),
      costUsd: toNumber(row.cost_usd),
    }));
    // Sorted here: the dialects disagree on where NULL sorts. Day labels sort chronologically.
    return summaries.sort((left, right) => {
      if (left.key === right.key) return 0;
      if (left.key === null) return 1;
      if (right.key === null) return -1;
      return left.key < right.key ? -1 : 1;
    });
  }

  /** Group columns are text columns (provider, model, run_id, task_id) or the day number. */
  private groupKey(groupBy: ModelCallSummaryFilter['groupBy'], row: Record<string, unknown>): string | null {
    const first = row.group_0 as string | number | null;
    const second = row.group_1 as string | null;
    if (groupBy === 'day') return dayLabel(toNumber(first));
    if (groupBy === 'model') return `${String(first)}:${String(second)}`;
    return first === null ? null : String(first);
  }
}
