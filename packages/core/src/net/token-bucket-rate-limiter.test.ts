import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isTickwireError } from '../errors/tickwire-error';
import { parseRateLimitReset, parseRetryAfter, readRateLimitHeaders } from './rate-limit-headers';
import { TokenBucketRateLimiter } from './token-bucket-rate-limiter';

const START = Date.UTC(2026, 0, 5, 14, 30, 0);

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

function response(status: number, headers: Record<string, string> = {}) {
  return { status, headers: new Headers(headers) };
}

describe('TokenBucketRateLimiter', () => {
  it('allows a burst of capacity, then refills at the stated rate', () => {
    const limiter = new TokenBucketRateLimiter({ name: 'rest', capacity: 3, refillPerSecond: 2 });
    expect([limiter.tryTake(), limiter.tryTake(), limiter.tryTake(), limiter.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(limiter.msUntilAvailable()).toBe(500);
    vi.advanceTimersByTime(499);
    expect(limiter.tryTake()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(limiter.tryTake()).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(limiter.availableTokens).toBe(3);
  });

  it('serves waiting takes in order, as tokens refill', async () => {
    const limiter = new TokenBucketRateLimiter({ name: 'orders', capacity: 1, refillPerSecond: 10 });
    const served: number[] = [];
    const takes = [1, 2, 3].map((id) => limiter.take().then(() => served.push(id)));
    await vi.advanceTimersByTimeAsync(0);
    expect(served).toEqual([1]);
    expect(limiter.tryTake()).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(served).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(100);
    expect(served).toEqual([1, 2, 3]);
    await Promise.all(takes);
  });

  it('rejects a take larger than the capacity and an aborted wait', async () => {
    const limiter = new TokenBucketRateLimiter({ name: 'rest', capacity: 2, refillPerSecond: 1, initialTokens: 0 });
    await expect(limiter.take(3)).rejects.toSatisfy((error) => isTickwireError(error, 'INVALID_ARGUMENT'));
    const controller = new AbortController();
    const waiting = limiter.take(1, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toSatisfy((error) => isTickwireError(error, 'ABORTED'));
  });

  it('honours a 429 with Retry-After in seconds: nothing until then, exactly one at the time given', () => {
    const limiter = new TokenBucketRateLimiter({ name: 'rest', capacity: 200, refillPerSecond: 200 / 60 });
    limiter.noteResponse(response(429, { 'Retry-After': '3' }));
    expect(limiter.tryTake()).toBe(false);
    expect(limiter.msUntilAvailable()).toBe(3_000);
    vi.advanceTimersByTime(2_999);
    expect(limiter.tryTake()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(limiter.tryTake()).toBe(true);
    expect(limiter.tryTake()).toBe(false);
  });

  it('honours a 429 with an HTTP-date Retry-After, and an epoch-seconds X-Ratelimit-Reset', () => {
    const limiter = new TokenBucketRateLimiter({ name: 'rest', capacity: 10, refillPerSecond: 10 });
    limiter.noteResponse(response(429, { 'Retry-After': new Date(START + 5_000).toUTCString() }));
    expect(limiter.penaltyUntilMs).toBe(START + 5_000);

    const other = new TokenBucketRateLimiter({ name: 'rest', capacity: 10, refillPerSecond: 10 });
    other.noteResponse(response(429, { 'X-Ratelimit-Reset': String(START / 1000 + 7) }));
    expect(other.penaltyUntilMs).toBe(START + 7_000);
  });

  it('backs off for the default penalty after a bare 429', () => {
    const limiter = new TokenBucketRateLimiter({
      name: 'rest',
      capacity: 10,
      refillPerSecond: 10,
      defaultPenaltyMs: 800,
    });
    limiter.noteResponse(response(429));
    expect(limiter.msUntilAvailable()).toBe(800);
  });

  it('trusts the venue remaining count when it is lower, and waits for the reset when it is zero', () => {
    const limiter = new TokenBucketRateLimiter({ name: 'rest', capacity: 200, refillPerSecond: 1 });
    limiter.noteResponse(response(200, { 'X-Ratelimit-Remaining': '2' }));
    expect(limiter.availableTokens).toBe(2);
    limiter.noteResponse(response(200, { 'X-Ratelimit-Remaining': '150' }));
    expect(limiter.availableTokens).toBe(2);
    limiter.noteResponse(
      response(200, { 'X-Ratelimit-Remaining': '0', 'X-Ratelimit-Reset': String(START / 1000 + 30) }),
    );
    expect(limiter.tryTake()).toBe(false);
    expect(limiter.msUntilAvailable()).toBe(30_000);
  });

  it('a penalty also holds back waiters, who then go in order', async () => {
    const limiter = new TokenBucketRateLimiter({ name: 'rest', capacity: 5, refillPerSecond: 100 });
    limiter.penalize(START + 1_000);
    let done = false;
    const waiting = limiter.take().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    await waiting;
  });
});

describe('rate-limit headers', () => {
  it('parses Retry-After in seconds and as an HTTP-date', () => {
    expect(parseRetryAfter('120', START)).toBe(START + 120_000);
    expect(parseRetryAfter('1.5', START)).toBe(START + 1_500);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', START)).toBe(Date.UTC(2015, 9, 21, 7, 28, 0));
    expect(parseRetryAfter('soon', START)).toBeUndefined();
    expect(parseRetryAfter(null, START)).toBeUndefined();
  });

  it('tells epoch milliseconds, epoch seconds and delta seconds apart in reset headers', () => {
    expect(parseRateLimitReset(String(START), START)).toBe(START);
    expect(parseRateLimitReset(String(START / 1000 + 60), START)).toBe(START + 60_000);
    expect(parseRateLimitReset('60', START)).toBe(START + 60_000);
  });

  it("reads Tradier's available/expiry and the IETF draft names", () => {
    expect(
      readRateLimitHeaders(
        new Headers({ 'X-Ratelimit-Available': '7', 'X-Ratelimit-Expiry': String(START + 9_000) }),
        START,
      ),
    ).toEqual({ remaining: 7, resetAtMs: START + 9_000 });
    expect(readRateLimitHeaders(new Headers({ 'RateLimit-Remaining': '0', 'RateLimit-Reset': '4' }), START)).toEqual({
      remaining: 0,
      resetAtMs: START + 4_000,
    });
    expect(readRateLimitHeaders(new Headers({ 'X-Ratelimit-Remaining': 'lots' }), START)).toEqual({});
  });
});
