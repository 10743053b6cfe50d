/**
 * Retries of model calls. Ouro owns them (the SDK's `maxRetries` is 0): exponential backoff with full
 * jitter on 429, 5xx and network errors, the provider's Retry-After honoured (and shared with the rate
 * limiter so concurrent calls pause too), no retry on any other 4xx. Failures become OuroErrors whose
 * retryable flag says whether trying again later can help.
 */
import { AISDKError, APICallError } from 'ai';
import { OuroError, isOuroError } from '../errors/index.js';
import type { Timing } from './timing.js';

export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** What the error messages name: the provider, model, endpoint and key variable of the call. */
export interface CallTarget {
  provider: string;
  model: string;
  baseUrl: string;
  keyVariable: string | undefined;
}

export type FailureKind = 'rate_limited' | 'server' | 'network' | 'auth' | 'rejected' | 'cancelled' | 'other';

export interface FailureClass {
  kind: FailureKind;
  status?: number;
  /** The wait the provider asked for, in milliseconds. */
  retryAfterMs?: number;
  reason: string;
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** `retry-after-ms` (OpenAI), then `retry-after` in seconds or as an HTTP date. */
export function parseRetryAfter(
  headers: Record<string, string> | undefined,
  now: number,
): number | undefined {
  if (headers === undefined) return undefined;
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const milliseconds = Number(lower['retry-after-ms']);
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0) {
    return milliseconds;
  }
  const value = lower['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && networkCodes.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

export function classifyFailure(error: unknown, now: number): FailureClass {
  if (isAbort(error))
    return { kind: 'cancelled', reason: error instanceof Error ? error.message : 'aborted' };
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const reason = error.message;
    if (status === undefined) {
      return error.isRetryable ? { kind: 'network', reason } : { kind: 'other', reason };
    }
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(error.responseHeaders, now);
      return retryAfterMs === undefined
        ? { kind: 'rate_limited', status, reason }
        : { kind: 'rate_limited', status, reason, retryAfterMs };
    }
    if (status >= 500) return { kind: 'server', status, reason };
    if (status === 401 || status === 403) return { kind: 'auth', status, reason };
    return { kind: 'rejected', status, reason };
  }
  const code = errorCode(error);
  if (code !== undefined || (error instanceof TypeError && error.message === 'fetch failed')) {
    return { kind: 'network', reason: code ?? (error as Error).message };
  }
  return { kind: 'other', reason: error instanceof Error ? error.message : String(error) };
}

function isRetryable(kind: FailureKind): boolean {
  return kind === 'rate_limited' || kind === 'server' || kind === 'network';
}

export function toModelError(
  error: unknown,
  failure: FailureClass,
  target: CallTarget,
  attempts: number,
): OuroError {
  if (isOuroError(error)) return error;
  const common = { provider: target.provider, model: target.model, attempts, reason: failure.reason };
  const details = { status: failure.status, retryAfterMs: failure.retryAfterMs };
  switch (failure.kind) {
    case 'cancelled':
      return new OuroError('OURO_CANCELLED', { reason: failure.reason }, { cause: error });
    case 'rate_limited':
      return new OuroError('OURO_MODEL_RATE_LIMITED', common, { cause: error, details });
    case 'network':
      return new OuroError('OURO_MODEL_NETWORK', { ...common, baseUrl: target.baseUrl }, { cause: error });
    case 'auth':
      return new OuroError(
        'OURO_MODEL_KEY_REJECTED',
        { ...common, status: failure.status, variable: target.keyVariable ?? 'the API key variable' },
        { cause: error, details },
      );
    case 'rejected':
      return new OuroError(
        'OURO_MODEL_REQUEST_REJECTED',
        { ...common, status: failure.status },
        { cause: error, details },
      );
    case 'server':
      return new OuroError(
        'OURO_MODEL_PROVIDER_ERROR',
        { ...common, status: failure.status },
        { cause: error, details },
      );
    default:
      // An SDK error without a status is a reply Ouro could not use; anything else is a bug of ours.
      if (!AISDKError.isInstance(error)) {
        return new OuroError('OURO_INTERNAL', { message: failure.reason }, { cause: error });
      }
      return new OuroError('OURO_MODEL_PROVIDER_ERROR', { ...common, status: 'none' }, { cause: error });
  }
}

export interface RetryOptions {
  policy: RetryPolicy;
  timing: Timing;
  target: CallTarget;
  signal?: AbortSignal;
  /** Uniform in [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
  /** Called with the epoch time a 429's Retry-After ends (the rate limiter pauses every caller). */
  onRetryAfter?: (untilEpochMs: number) => void;
  onRetry?: (event: { attempt: number; delayMs: number; failure: FailureClass }) => void;
}

/** Full-jitter backoff: a random wait up to the capped exponential step spreads concurrent retries out. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Runs `operation` (given the 1-based attempt number) until it succeeds or a failure is final. */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (isOuroError(error)) throw error;
      const failure = classifyFailure(error, options.timing.now());
      if (options.signal?.aborted === true) {
        throw toModelError(
          error,
          { kind: 'cancelled', reason: 'the call was cancelled' },
          options.target,
          attempt,
        );
      }
      const last = attempt >= options.policy.maxAttempts;
      // A Retry-After longer than the longest backoff means the quota is spent for a while: give up now.
      const tooLong = failure.retryAfterMs !== undefined && failure.retryAfterMs > options.policy.maxDelayMs;
      if (!isRetryable(failure.kind) || last || tooLong) {
        throw toModelError(error, failure, options.target, attempt);
      }
      let delayMs = backoffDelay(attempt, options.policy, random);
      if (failure.retryAfterMs !== undefined) {
        delayMs = failure.retryAfterMs;
        options.onRetryAfter?.(options.timing.now() + failure.retryAfterMs);
      }
      options.onRetry?.({ attempt, delayMs, failure });
      await options.timing.sleep(delayMs, options.signal);
    }
  }
}
