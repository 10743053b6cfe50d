/** Delay before the next attempt: linear or exponential growth with ±20 % jitter. */
export interface RetryPolicy {
  backoff: 'linear' | 'exponential';
  delay_seconds: number;
}

export function retryDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number): number {
  const base = policy.delay_seconds * 1000;
  const grown = policy.backoff === 'linear' ? base * failedAttempt : base * 2 ** (failedAttempt - 1);
  const capped = Math.min(grown, 10 * 60_000);
  const jitter = 0.8 + random() * 0.4;
  return Math.round(capped * jitter);
}
