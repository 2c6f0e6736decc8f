import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Timers } from '../connector/clock';
import { isTickwireError } from '../errors/tickwire-error';
import { fetchWithRateLimit } from './fetch-with-rate-limit';
import { TokenBucketRateLimiter } from './token-bucket-rate-limiter';

const BASE = 'http://127.0.0.1:9/v2';
const mockBroker = setupServer();

beforeAll(() => mockBroker.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mockBroker.resetHandlers());
afterAll(() => mockBroker.close());

/** Timers that record each requested delay and then fire at once, so waits are checked without sleeping. */
function recordingTimers(): { timers: Timers; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    timers: {
      setTimeout: (callback, delayMs) => {
        delays.push(delayMs);
        return setTimeout(callback, 0);
      },
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
  };
}

const viaGlobalFetch: typeof fetch = (input, init) => fetch(input, init);

/** Answers with the scripted responses in turn, counting calls. */
function scripted(path: string, method: 'get' | 'post', responses: (() => Response)[]): { calls: () => number } {
  let calls = 0;
  mockBroker.use(
    http[method](`${BASE}${path}`, () => {
      const next = responses[Math.min(calls, responses.length - 1)]!;
      calls++;
      return next();
    }),
  );
  return { calls: () => calls };
}

describe('fetchWithRateLimit', () => {
  it('waits out a 429 for its Retry-After seconds, then succeeds', async () => {
    const broker = scripted('/account', 'get', [
      () => HttpResponse.json({ message: 'too many requests' }, { status: 429, headers: { 'Retry-After': '2' } }),
      () => HttpResponse.json({ cash: '100' }),
    ]);
    const { timers, delays } = recordingTimers();
    const response = await fetchWithRateLimit(`${BASE}/account`, undefined, { fetch: viaGlobalFetch, timers });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ cash: '100' });
    expect(broker.calls()).toBe(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(1_990);
    expect(delays[0]).toBeLessThanOrEqual(2_000);
  });

  it('retries 503 with backoff for a GET, up to the attempt limit, and returns the last response', async () => {
    const broker = scripted('/positions', 'get', [() => new HttpResponse('down', { status: 503 })]);
    const { timers, delays } = recordingTimers();
    const response = await fetchWithRateLimit(`${BASE}/positions`, undefined, {
      fetch: viaGlobalFetch,
      timers,
      random: () => 0.5,
      retry: { maxAttempts: 4, backoff: { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2 } },
    });
    expect(response.status).toBe(503);
    expect(broker.calls()).toBe(4);
    expect(delays).toEqual([50, 100, 200]);
  });

  it('never repeats a POST after a 5xx unless told it is idempotent', async () => {
    const broker = scripted('/orders', 'post', [() => new HttpResponse(null, { status: 502 })]);
    const { timers } = recordingTimers();
    const init = { method: 'POST', body: JSON.stringify({ symbol: 'AAPL', qty: '1' }) };
    const once = await fetchWithRateLimit(`${BASE}/orders`, init, { fetch: viaGlobalFetch, timers });
    expect(once.status).toBe(502);
    expect(broker.calls()).toBe(1);
    await fetchWithRateLimit(`${BASE}/orders`, init, { fetch: viaGlobalFetch, timers, idempotent: true });
    expect(broker.calls()).toBe(4);
  });

  it('retries a POST after a 429: the venue did not act on it', async () => {
    const received: string[] = [];
    let calls = 0;
    mockBroker.use(
      http.post(`${BASE}/orders`, async ({ request }) => {
        received.push(await request.text());
        calls++;
        return calls === 1
          ? new HttpResponse(null, {
              status: 429,
              headers: { 'X-Ratelimit-Reset': String(Math.floor(Date.now() / 1000) + 5) },
            })
          : HttpResponse.json({ id: 'b-1', client_order_id: 'c-1' });
      }),
    );
    const { timers, delays } = recordingTimers();
    const response = await fetchWithRateLimit(
      `${BASE}/orders`,
      { method: 'POST', body: '{"client_order_id":"c-1"}' },
      { fetch: viaGlobalFetch, timers },
    );
    expect(response.status).toBe(200);
    expect(received).toEqual(['{"client_order_id":"c-1"}', '{"client_order_id":"c-1"}']);
    // Reset is 4-5 s away in epoch seconds; the wait must follow it, not a default backoff.
    expect(delays[0]).toBeGreaterThan(3_000);
    expect(delays[0]).toBeLessThanOrEqual(5_000);
  });

  it('returns a 429 whose Retry-After is longer than the policy allows instead of sleeping', async () => {
    const broker = scripted('/clock', 'get', [
      () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3600' } }),
    ]);
    const { timers, delays } = recordingTimers();
    const response = await fetchWithRateLimit(`${BASE}/clock`, undefined, { fetch: viaGlobalFetch, timers });
    expect(response.status).toBe(429);
    expect(broker.calls()).toBe(1);
    expect(delays).toEqual([]);
  });

  it('feeds a shared limiter, which then holds back other callers until the venue reset', async () => {
    scripted('/account', 'get', [
      () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '30' } }),
      () => HttpResponse.json({}),
    ]);
    const limiter = new TokenBucketRateLimiter({ name: 'rest', capacity: 200, refillPerSecond: 200 / 60 });
    const { timers } = recordingTimers();
    await fetchWithRateLimit(`${BASE}/account`, undefined, {
      fetch: viaGlobalFetch,
      timers,
      limiter,
      retry: { maxAttempts: 1 },
    });
    expect(limiter.tryTake()).toBe(false);
    expect(limiter.msUntilAvailable()).toBeGreaterThan(29_000);
  });

  it('turns a network failure into CONNECTION_FAILED, retryable only when the request cannot have been processed', async () => {
    mockBroker.use(http.post(`${BASE}/orders`, () => HttpResponse.error()));
    const { timers } = recordingTimers();
    const failure = await fetchWithRateLimit(
      `${BASE}/orders`,
      { method: 'POST', body: '{}' },
      { fetch: viaGlobalFetch, timers },
    ).catch((error: unknown) => error);
    expect(isTickwireError(failure, 'CONNECTION_FAILED')).toBe(true);
    expect((failure as { retryable: boolean }).retryable).toBe(false);
    expect((failure as Error).message).toContain('POST http://127.0.0.1:9/v2/orders');
    expect((failure as Error).message).toContain('may or may not have been processed');

    let attempts = 0;
    const refused: typeof fetch = async () => {
      attempts++;
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    };
    const refusedFailure = await fetchWithRateLimit(
      `${BASE}/orders`,
      { method: 'POST' },
      { fetch: refused, timers },
    ).catch((error: unknown) => error);
    expect(attempts).toBe(3);
    expect((refusedFailure as { retryable: boolean }).retryable).toBe(true);
  });

  it('stops waiting and rejects with ABORTED when its signal aborts', async () => {
    scripted('/account', 'get', [() => new HttpResponse(null, { status: 503 })]);
    const controller = new AbortController();
    const pending = fetchWithRateLimit(`${BASE}/account`, undefined, {
      fetch: viaGlobalFetch,
      signal: controller.signal,
      retry: { backoff: { initialDelayMs: 60_000, maxDelayMs: 60_000, multiplier: 1 } },
      random: () => 0.9,
      onRetry: () => controller.abort(),
    });
    await expect(pending).rejects.toSatisfy((error) => isTickwireError(error, 'ABORTED'));
  });
});
