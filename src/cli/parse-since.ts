/**
 * `--since` values: an ISO 8601 date or time (`2026-11-21`, `2026-11-21T08:00:00Z`) or a duration
 * back from now (`90s`, `30m`, `24h`, `7d`, `2w`). Invalid values are usage errors (exit 2).
 */
import { InvalidArgumentError } from 'commander';

const unitMilliseconds: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Epoch milliseconds of the earliest time `value` includes. */
export function parseSince(value: string, now: number = Date.now()): number {
  const duration = /^(\d+)([smhdw])$/.exec(value.trim());
  if (duration !== null) return now - Number(duration[1]) * unitMilliseconds[duration[2]!]!;
  if (/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    const time = Date.parse(value.trim());
    if (!Number.isNaN(time)) return time;
  }
  throw new InvalidArgumentError(
    'expected an ISO date or time (2026-11-21T08:00:00Z) or a duration (30m, 24h, 7d).',
  );
}
