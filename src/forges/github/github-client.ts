import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import type { Logger } from '../../observability/logger-types.js';
import { EtagCache } from './etag-cache.js';
import { RateLimitTracker } from './rate-limit-tracker.js';

/** Octokit with the retry and throttling plugins: the REST and GraphQL client of the GitHub forge. */
const GitHubOctokit = Octokit.plugin(throttling, retry);
export type GitHubOctokitClient = InstanceType<typeof GitHubOctokit>;

export interface GitHubClientOptions {
  token: string;
  apiUrl: string;
  logger: Logger;
  /**
   * Spacing of write requests. `github` (default) follows GitHub's guidance (one write a second,
   * three seconds between content-creating requests); `none` is for tests against a fake server.
   */
  pacing?: 'github' | 'none';
  /** Retries after a secondary rate limit or an exhausted budget (default 3). */
  maxRateLimitRetries?: number;
  /** Milliseconds per `retry-after` second (1000; tests make it small). */
  retryAfterUnitMs?: number;
}

export interface GitHubClient {
  octokit: GitHubOctokitClient;
  rateLimit: RateLimitTracker;
  etags: EtagCache;
}

interface HeaderCarrier {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const rateLimit = new RateLimitTracker();
  const etags = new EtagCache();
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const unit = options.retryAfterUnitMs ?? 1000;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      options.logger.warn(
        {
          event: 'github_rate_limited',
          kind,
          method: request.method,
          route: request.url,
          retryAfter,
          retryCount,
        },
        'GitHub %s rate limit: retrying in %d s',
        kind,
        retryAfter,
      );
      return retryCount < maxRetries;
    };
  const unpaced = options.pacing === 'none' ? unpacedGroups() : {};
  const octokit = new GitHubOctokit({
    auth: options.token,
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: 'ouro-orchestrator',
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => options.logger.warn({ event: 'github_client_warning' }, message),
      error: (message: string) => options.logger.error({ event: 'github_client_error' }, message),
    },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      retryAfterBaseValue: unit,
      ...unpaced,
    },
    // 304 is the ETag path, 409 a moved head or a conflict: neither gets better by asking again.
    retry: { doNotRetry: [304, 400, 401, 403, 404, 405, 409, 410, 422, 451], retryAfterBaseValue: unit },
  });

  octokit.hook.wrap('request', async (request, requestOptions) => {
    const endpoint = octokit.request.endpoint(requestOptions);
    const cacheable = endpoint.method === 'GET';
    const cached = cacheable ? etags.get(endpoint.url) : undefined;
    if (cached !== undefined) {
      requestOptions.headers = { ...requestOptions.headers, 'if-none-match': cached.etag };
    }
    try {
      const response = await request(requestOptions);
      rateLimit.observe(response.headers);
      const etag = response.headers.etag;
      if (cacheable && typeof etag === 'string') {
        etags.remember(endpoint.url, {
          etag,
          status: response.status,
          url: response.url,
          headers: response.headers,
          // Copies: pagination rewrites the answer it gets in place (check runs → an array).
          data: structuredClone(response.data),
        });
      }
      return response;
    } catch (error) {
      const carrier = error as HeaderCarrier;
      if (carrier.response?.headers !== undefined) rateLimit.observe(carrier.response.headers);
      if (carrier.status === 304 && cached !== undefined) {
        etags.recordHit();
        return {
          status: 200,
          url: cached.url,
          headers: cached.headers,
          data: structuredClone(cached.data),
        } as Awaited<ReturnType<typeof request>>;
      }
      throw error;
    }
  });
  return { octokit, rateLimit, etags };
}

/** Limiter groups without spacing (tests): the throttling plugin still handles 403/429 retries. */
function unpacedGroups(): {
  write: Bottleneck.Group;
  search: Bottleneck.Group;
  notifications: Bottleneck.Group;
} {
  return {
    write: new Bottleneck.Group({ maxConcurrent: 10 }),
    search: new Bottleneck.Group({ maxConcurrent: 10 }),
    notifications: new Bottleneck.Group({ maxConcurrent: 10 }),
  };
}
