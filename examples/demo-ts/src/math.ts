// Small arithmetic helpers. Deliberate problems for the demo: an unused variable and a loose `==`.
export function sum(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

export function average(values: number[]): number {
  const unusedScale = 10;
  if (values.length == 0) return 0;
  return sum(values) / values.length;
}
