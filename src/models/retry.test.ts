import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyFailure, parseRetryAfter, withRetries } from './retry.js';
import { ManualTiming } from './test-support/manual-timing.js';

const target = { provider: 'anthropic', model: 'm', baseUrl: 'http://127.0.0.1:1/v1', keyVariable: 'K' };
const policy = { maxAttempts: 4, initialDelayMs: 1000, maxDelayMs: 60_000 };

function apiError(statusCode: number | undefined, headers: Record<string, string> = {}): APICallError {
  return new APICallError({
    message: `status ${statusCode}`,
    url: 'http://127.0.0.1/v1/messages',
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    isRetryable: statusCode === undefined,
  });
}

describe('parseRetryAfter', () => {
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter({ 'Retry-After-Ms': '1500' }, now)).toBe(1500);
    expect(parseRetryAfter({ 'retry-after': '3' }, now)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, now)).toBe(10_000);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('classifyFailure', () => {
  it('sorts statuses and network errors', () => {
    expect(classifyFailure(apiError(429, { 'retry-after': '2' }), 0)).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 2000,
    });
    expect(classifyFailure(apiError(502), 0).kind).toBe('server');
    expect(classifyFailure(apiError(401), 0).kind).toBe('auth');
    expect(classifyFailure(apiError(404), 0).kind).toBe('rejected');
    expect(classifyFailure(apiError(undefined), 0).kind).toBe('network');
    expect(classifyFailure(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 0).kind).toBe('network');
    expect(classifyFailure(new Error('bug'), 0).kind).toBe('other');
  });
});

describe('withRetries', () => {
  it('never waits longer than the capped exponential step', () => {
    expect(backoffDelay(1, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(10, policy, () => 0.999)).toBe(59_940);
  });

  it('retries retryable failures and reports the Retry-After to the limiter', async () => {
    const timing = new ManualTiming();
    const pauses: number[] = [];
    const failures = [apiError(503), apiError(429, { 'retry-after': '4' })];
    const result = await withRetries(
      (attempt) => {
        const failure = failures.shift();
        return failure === undefined ? Promise.resolve(attempt) : Promise.reject(failure);
      },
      {
        policy,
        timing,
        target,
        random: () => 0.25,
        onRetryAfter: (until) => pauses.push(until - timing.now()),
      },
    );
    expect(result).toBe(3);
    expect(timing.sleeps).toEqual([250, 4000]);
    expect(pauses).toEqual([4000]);
  });

  it('gives up at once when Retry-After is longer than the longest backoff', async () => {
    const timing = new ManualTiming();
    let attempts = 0;
    const error = await withRetries(
      () => {
        attempts += 1;
        return Promise.reject(apiError(429, { 'retry-after': '3600' }));
      },
      { policy, timing, target },
    ).catch((caught: unknown) => caught);
    expect(attempts).toBe(1);
    expect(error).toMatchObject({ code: 'OURO_MODEL_RATE_LIMITED', retryable: true });
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    const timing = new ManualTiming();
    const error = await withRetries(
      () => {
        controller.abort();
        return Promise.reject(apiError(500));
      },
      { policy, timing, target, signal: controller.signal },
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'OURO_CANCELLED' });
    expect(timing.sleeps).toEqual([]);
  });
});
