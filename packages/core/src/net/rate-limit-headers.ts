import type { HeadersLike } from './rate-limiter';

/** What a response's headers say about the venue's rate limit. Every field is absent when no header says it. */
export interface RateLimitHeaderInfo {
  /** `Retry-After`, as an absolute time, epoch milliseconds. */
  readonly retryAtMs?: number;
  /** When the venue's window resets, epoch milliseconds (`X-Ratelimit-Reset`, `X-Ratelimit-Expiry`, `RateLimit-Reset`). */
  readonly resetAtMs?: number;
  /** Requests left in the window (`X-Ratelimit-Remaining`, Tradier's `X-Ratelimit-Available`, `RateLimit-Remaining`). */
  readonly remaining?: number;
}

/**
 * Parses a `Retry-After` value into an absolute epoch-millisecond time: either delay-seconds (`"120"`, `"1.5"`) or
 * an HTTP-date (`"Wed, 21 Oct 2015 07:28:00 GMT"`). Returns undefined for a missing or unreadable value.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return nowMs + Number(trimmed) * 1000;
  const dateMs = Date.parse(trimmed);
  return Number.isNaN(dateMs) ? undefined : dateMs;
}

/**
 * Parses a rate-limit reset value into an absolute epoch-millisecond time. Venues disagree on the unit, so the
 * magnitude decides: above 10^12 it is epoch milliseconds (Tradier's expiry), above 10^9 epoch seconds (Alpaca,
 * Coinbase), otherwise seconds from now (the IETF `RateLimit-Reset` draft). Dates are accepted too.
 */
export function parseRateLimitReset(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const number = Number(trimmed);
    if (number > 1e12) return number;
    if (number > 1e9) return number * 1000;
    return nowMs + number * 1000;
  }
  const dateMs = Date.parse(trimmed);
  return Number.isNaN(dateMs) ? undefined : dateMs;
}

/** Reads every rate-limit header tickwire knows from a response's headers. */
export function readRateLimitHeaders(headers: HeadersLike, nowMs: number): RateLimitHeaderInfo {
  const retryAtMs = parseRetryAfter(headers.get('retry-after'), nowMs);
  const resetAtMs = parseRateLimitReset(
    headers.get('x-ratelimit-reset') ?? headers.get('x-ratelimit-expiry') ?? headers.get('ratelimit-reset'),
    nowMs,
  );
  const remainingText =
    headers.get('x-ratelimit-remaining') ?? headers.get('x-ratelimit-available') ?? headers.get('ratelimit-remaining');
  const remaining = remainingText === null ? Number.NaN : Number(remainingText.trim());
  return {
    ...(retryAtMs === undefined ? {} : { retryAtMs }),
    ...(resetAtMs === undefined ? {} : { resetAtMs }),
    ...(Number.isFinite(remaining) && remaining >= 0 ? { remaining } : {}),
  };
}
