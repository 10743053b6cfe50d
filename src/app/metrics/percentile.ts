/**
 * Nearest-rank percentiles: the smallest value with at least p % of the values at or below it. Always
 * one of the observed values (a run that took exactly that long), never an interpolation.
 */
export function percentile(values: readonly number[], percent: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[rank - 1]!;
}
