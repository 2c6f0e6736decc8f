import type { RateLimitBucketSpec } from '../connector/capabilities';

/** The headers of an HTTP response, as `fetch`'s `Headers` exposes them. */
export interface HeadersLike {
  get(name: string): string | null;
}

/** The parts of an HTTP response a rate limiter reads. A `fetch` `Response` fits. */
export interface ResponseLike {
  readonly status: number;
  readonly headers: HeadersLike;
}

/**
 * A limiter for one venue rate limit. Connectors take a token before each request (or message) the venue counts,
 * and feed every response back through {@link RateLimiter.noteResponse} so the venue's own view wins.
 */
export interface RateLimiter {
  /** The bucket's name, as in the capabilities. */
  readonly name: string;
  /** Takes `tokens` (default 1) if available now; returns false without waiting otherwise. */
  tryTake(tokens?: number): boolean;
  /**
   * Waits until `tokens` (default 1) are available, then takes them. Waiters are served first come, first served.
   * Rejects with `ABORTED` when `signal` aborts, and with `INVALID_ARGUMENT` when `tokens` exceeds the capacity.
   */
  take(tokens?: number, signal?: AbortSignal): Promise<void>;
  /** Milliseconds until `tokens` (default 1) could be taken; 0 when they are available now. */
  msUntilAvailable(tokens?: number): number;
  /** Refuses every take until `untilMs` (epoch milliseconds): the venue said to back off. */
  penalize(untilMs: number): void;
  /**
   * Reads a response: a 429 with `Retry-After` (seconds or HTTP-date) or `X-Ratelimit-Reset` penalizes until then;
   * `X-Ratelimit-Remaining` lowers the local count when the venue has seen more requests than we counted.
   */
  noteResponse(response: ResponseLike): void;
}

/** Creates the limiter for one of the connector's declared buckets. The host may share buckets across connectors. */
export type RateLimiterFactory = (bucket: RateLimitBucketSpec) => RateLimiter;
