import type { ForgeRateLimit } from '../types.js';

/**
 * The REST budget as GitHub last reported it (`x-ratelimit-limit|remaining|reset` on every answer,
 * 304s included). Kept from headers instead of asking `GET /rate_limit`, which would itself cost a
 * request each time the loop wants to know.
 */
export class RateLimitTracker {
  #last: ForgeRateLimit | undefined;

  observe(headers: Record<string, string | number | undefined>): void {
    const limit = Number(headers['x-ratelimit-limit']);
    const remaining = Number(headers['x-ratelimit-remaining']);
    const reset = Number(headers['x-ratelimit-reset']);
    if (headers['x-ratelimit-remaining'] === undefined || !Number.isFinite(remaining)) return;
    // GraphQL and REST have separate budgets; the REST one is what polling spends.
    if (headers['x-ratelimit-resource'] !== undefined && headers['x-ratelimit-resource'] !== 'core') return;
    this.#last = {
      limit: Number.isFinite(limit) ? limit : remaining,
      remaining,
      resetAt: Number.isFinite(reset) ? reset * 1000 : Date.now(),
    };
  }

  current(): ForgeRateLimit | undefined {
    return this.#last === undefined ? undefined : { ...this.#last };
  }
}
