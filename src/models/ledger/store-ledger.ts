/**
 * The model-call ledger over the store: the gateway records every call (succeeded, failed or refused
 * by a budget) here, and `ouro metrics cost` reads totals by UTC day, model, run or task.
 */
import type { ModelCallGrouping, ModelCallSummaryRow, Store } from '../../store/types.js';
import type { ModelCallRecord, ModelLedger } from '../accounting-types.js';

export function createStoreLedger(store: Pick<Store, 'modelCalls'>): ModelLedger {
  return {
    record: (call: ModelCallRecord) => store.modelCalls.record(call),
  };
}

export interface ModelCallSummaryOptions {
  /** Inclusive, epoch milliseconds. */
  since?: number;
  /** Exclusive, epoch milliseconds. */
  until?: number;
  groupBy: ModelCallGrouping;
}

export interface ModelCallSummary {
  groupBy: ModelCallGrouping;
  rows: ModelCallSummaryRow[];
  total: Omit<ModelCallSummaryRow, 'key'>;
}

/** Totals per group plus the grand total; costs are rounded to the micro-dollar (float sums drift). */
export async function summarizeModelCalls(
  store: Pick<Store, 'modelCalls'>,
  options: ModelCallSummaryOptions,
): Promise<ModelCallSummary> {
  const rows = (await store.modelCalls.summarize(options)).map((row) => ({
    ...row,
    costUsd: roundToMicro(row.costUsd),
  }));
  const total = {
    calls: 0,
    failedCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0,
  };
  for (const row of rows) {
    total.calls += row.calls;
    total.failedCalls += row.failedCalls;
    total.inputTokens += row.inputTokens;
    total.outputTokens += row.outputTokens;
    total.cachedInputTokens += row.cachedInputTokens;
    total.cacheWriteTokens += row.cacheWriteTokens;
    total.costUsd += row.costUsd;
  }
  total.costUsd = roundToMicro(total.costUsd);
  return { groupBy: options.groupBy, rows, total };
}

function roundToMicro(usd: number): number {
  return Math.round(usd * 1_000_000) / 1_000_000;
}
