/**
 * Answers of GET requests by URL with their ETag, so that polling sends `If-None-Match` and a 304
 * (which GitHub does not count against the rate limit) is answered from here. Bounded: the oldest
 * entry goes first, since polling touches the same few URLs over and over.
 */
export interface CachedResponse {
  etag: string;
  status: number;
  url: string;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

export class EtagCache {
  readonly #entries = new Map<string, CachedResponse>();
  #hits = 0;

  constructor(private readonly capacity = 500) {}

  get(url: string): CachedResponse | undefined {
    return this.#entries.get(url);
  }

  remember(url: string, response: CachedResponse): void {
    this.#entries.delete(url);
    this.#entries.set(url, response);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  recordHit(): void {
    this.#hits += 1;
  }

  /** How many answers came from the cache after a 304 (tests and metrics). */
  get hits(): number {
    return this.#hits;
  }
}
