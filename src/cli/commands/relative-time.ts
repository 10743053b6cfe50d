/**
 * Times as people read them in the runbook's output: `2 hours ago`, `30 minutes ago`, and spans
 * like `22 hours` or `23.5 hours` for what is still ahead. Hours keep one decimal below two days
 * because approvals expire in hours (24 by default) and a rounded `23 hours` would lie by up to 59 minutes.
 */
function plural(value: number, unit: string): string {
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/** A span of time in words: `45 seconds`, `30 minutes`, `23.5 hours`, `3 days`. */
export function formatSpan(milliseconds: number): string {
  const span = Math.abs(milliseconds);
  if (span < 60_000) return plural(Math.floor(span / 1000), 'second');
  if (span < 3_600_000) return plural(Math.floor(span / 60_000), 'minute');
  if (span < 48 * 3_600_000) return plural(Math.floor(span / 360_000) / 10, 'hour');
  return plural(Math.floor(span / 8_640_000) / 10, 'day');
}

/** `2 hours ago` for a past time; `in 5 minutes` for a future one; `just now` within 5 seconds. */
export function formatRelative(timestamp: number, now: number): string {
  if (Math.abs(now - timestamp) < 5000) return 'just now';
  return timestamp <= now ? `${formatSpan(now - timestamp)} ago` : `in ${formatSpan(timestamp - now)}`;
}
