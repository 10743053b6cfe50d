import { describe, expect, it } from 'vitest';
import { ouroConfigSchema } from '../config/index.js';
import { createRateLimiter, rateLimitsFor } from './rate-limiter.js';
import { ManualTiming } from './test-support/manual-timing.js';

describe('rate limiter', () => {
  it('lets a full bucket of requests through, then waits for the refill', async () => {
    const timing = new ManualTiming();
    const limiter = createRateLimiter({ requestsPerMinute: 2 }, timing);
    await limiter.acquire(0);
    await limiter.acquire(0);
    expect(timing.sleeps).toEqual([]);
    await limiter.acquire(0);
    // One request refills in 60 s / 2.
    expect(timing.sleeps).toEqual([30_000]);
  });

  it('counts tokens per minute and caps a request larger than the bucket', async () => {
    const timing = new ManualTiming();
    const limiter = createRateLimiter({ tokensPerMinute: 1000 }, timing);
    await limiter.acquire(800);
    await limiter.acquire(400);
    // 200 left, 400 needed: 200 tokens at 1000/min take 12 s.
    expect(timing.sleeps).toEqual([12_000]);
    timing.advance(60_000);
    await limiter.acquire(5000);
    expect(timing.sleeps).toEqual([12_000]);
  });

  it('holds callers until a Retry-After pause ends', async () => {
    const timing = new ManualTiming();
    const limiter = createRateLimiter({}, timing);
    limiter.pauseUntil(timing.now() + 7_000);
    await limiter.acquire(10);
    expect(timing.sleeps).toEqual([7_000]);
    await limiter.acquire(10);
    expect(timing.sleeps).toEqual([7_000]);
  });

  it('serves waiters in arrival order', async () => {
    const timing = new ManualTiming();
    const limiter = createRateLimiter({ requestsPerMinute: 1 }, timing);
    const order: string[] = [];
    await Promise.all(['a', 'b', 'c'].map((name) => limiter.acquire(0).then(() => order.push(name))));
    expect(order).toEqual(['a', 'b', 'c']);
    expect(timing.sleeps).toEqual([60_000, 60_000]);
  });

  it('stops waiting when the signal aborts', async () => {
    const timing = new ManualTiming();
    const limiter = createRateLimiter({ requestsPerMinute: 1 }, timing);
    await limiter.acquire(0);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(limiter.acquire(0, controller.signal)).rejects.toThrow('stop');
    // The queue keeps working after a cancelled waiter.
    await limiter.acquire(0);
  });

  it('reads limits from config, with defaults for hosted providers only', () => {
    const config = ouroConfigSchema.parse({
      models: {
        providers: { anthropic: { rate_limits: { requests_per_minute: 5, tokens_per_minute: 9000 } } },
      },
    });
    expect(rateLimitsFor('anthropic', config)).toEqual({ requestsPerMinute: 5, tokensPerMinute: 9000 });
    expect(rateLimitsFor('openai', config)).toEqual({ requestsPerMinute: 50 });
    expect(rateLimitsFor('ollama', config)).toEqual({});
  });
});
