/** Money and token totals of model calls, summed from the ledger's grouped rows. */
import type { ModelCallSummaryRow } from '../../store/types.js';

export interface CostTotals {
  calls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** Input plus output tokens (cached input is part of input). */
  tokens: number;
  costUsd: number;
}

/** Dollars to the micro-dollar: sums of doubles carry binary noise (0.1 + 0.2). */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1_000_000) / 1_000_000;
}

export function emptyCostTotals(): CostTotals {
  return {
    calls: 0,
    failedCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    tokens: 0,
    costUsd: 0,
  };
}

export function addCostRow(totals: CostTotals, row: ModelCallSummaryRow): CostTotals {
  return {
    calls: totals.calls + row.calls,
    failedCalls: totals.failedCalls + row.failedCalls,
    inputTokens: totals.inputTokens + row.inputTokens,
    outputTokens: totals.outputTokens + row.outputTokens,
    cachedInputTokens: totals.cachedInputTokens + row.cachedInputTokens,
    tokens: totals.tokens + row.inputTokens + row.outputTokens,
    costUsd: roundUsd(totals.costUsd + row.costUsd),
  };
}

export function sumCostRows(rows: readonly ModelCallSummaryRow[]): CostTotals {
  return rows.reduce(addCostRow, emptyCostTotals());
}
