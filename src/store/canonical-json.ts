/**
 * Canonical JSON: object keys sorted, so equal values always serialize (and hash) the same. Lives
 * in the store layer because both the engine (cache keys) and policy (the audit hash chain) use it
 * and neither may import the other.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(item).sort()) sorted[key] = (item as Record<string, unknown>)[key];
    return sorted;
  });
}
