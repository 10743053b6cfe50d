/**
 * "Did you mean" for a mistyped key or value: the closest candidate by edit distance, offered only when
 * it is close enough to be a plausible typo (so `colour` suggests nothing among unrelated keys).
 */
import { distance } from 'fastest-levenshtein';

export function suggestClosest(input: string, candidates: readonly string[]): string | undefined {
  const lowered = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const candidateLowered = candidate.toLowerCase();
    const score =
      candidateLowered === lowered || candidateLowered.replace(/[-_]/g, '') === lowered.replace(/[-_]/g, '')
        ? 0
        : distance(lowered, candidateLowered);
    if (score < bestDistance) {
      best = candidate;
      bestDistance = score;
    }
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(2, Math.floor(Math.max(input.length, best.length) / 3));
  return bestDistance <= allowed ? best : undefined;
}
