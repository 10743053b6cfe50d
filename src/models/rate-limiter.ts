/**
 * Client-side rate limits per provider: two token buckets (requests per minute, tokens per minute)
 * that refill continuously, plus a pause set when the provider answers 429 with Retry-After. Waiters
 * are served in arrival order so a large request is not starved by a stream of small ones. Counts are
 * per process; across workers the provider's own 429s (honoured here) are the backstop.
 */
import type { OuroConfig } from '../config/index.js';
import type { Timing } from './timing.js';

export interface RateLimits {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

export interface RateLimiter {
  /** Waits until one request of `tokens` tokens fits, then takes it from the buckets. */
  acquire(tokens: number, signal?: AbortSignal): Promise<void>;
  /** Holds every caller until `untilEpochMs` (a 429's Retry-After). */
  pauseUntil(untilEpochMs: number): void;
}

/** Conservative defaults for hosted APIs (Anthropic's first tier allows 50 requests a minute); local servers are unlimited. */
const defaultRequestsPerMinute: Record<string, number> = { anthropic: 50, openai: 50, google: 50 };

export function rateLimitsFor(provider: string, config: Pick<OuroConfig, 'models'>): RateLimits {
  const configured = config.models.providers[provider]?.rate_limits;
  const limits: RateLimits = {};
  const requests = configured?.requests_per_minute ?? defaultRequestsPerMinute[provider];
  if (requests !== undefined) limits.requestsPerMinute = requests;
  if (configured?.tokens_per_minute !== undefined) limits.tokensPerMinute = configured.tokens_per_minute;
  return limits;
}

const minute = 60_000;

class Bucket {
  private level: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    now: number,
  ) {
    this.level = capacity;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.level = Math.min(this.capacity, this.level + (elapsed * this.capacity) / minute);
    this.updatedAt = now;
  }

  /** Milliseconds until `amount` fits (0 when it fits now). More than the capacity waits for a full bucket. */
  waitFor(amount: number, now: number): number {
    this.refill(now);
    const needed = Math.min(amount, this.capacity);
    if (this.level >= needed) return 0;
    return Math.ceil(((needed - this.level) * minute) / this.capacity);
  }

  take(amount: number): void {
    this.level -= Math.min(amount, this.capacity);
  }
}

export function createRateLimiter(limits: RateLimits, timing: Timing): RateLimiter {
  const start = timing.now();
  const requests =
    limits.requestsPerMinute === undefined ? undefined : new Bucket(limits.requestsPerMinute, start);
  const tokenBucket =
    limits.tokensPerMinute === undefined ? undefined : new Bucket(limits.tokensPerMinute, start);
  let pausedUntil = 0;
  let tail: Promise<void> = Promise.resolve();

  async function take(tokens: number, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = timing.now();
      const wait = Math.max(
        pausedUntil - now,
        requests?.waitFor(1, now) ?? 0,
        tokenBucket?.waitFor(tokens, now) ?? 0,
      );
      if (wait <= 0) {
        requests?.take(1);
        tokenBucket?.take(tokens);
        return;
      }
      await timing.sleep(wait, signal);
    }
  }

  return {
    acquire(tokens, signal) {
      const turn = tail.then(() => take(tokens, signal));
      // The next waiter starts after this one, whether it got its turn or was cancelled.
      tail = turn.catch(() => undefined);
      return turn;
    },
    pauseUntil(untilEpochMs) {
      pausedUntil = Math.max(pausedUntil, untilEpochMs);
    },
  };
}
