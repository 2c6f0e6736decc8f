import {
  createConnectorContext,
  createTickDraft,
  isTickwireError,
  OrderError,
  TokenBucketRateLimiter,
} from '@tickwire/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CoinbaseOrderEntry } from './coinbase-order-entry';
import { CoinbaseOrderHistory } from './coinbase-order-history';
import { CoinbaseRestClient } from './coinbase-rest-client';
import { parseCoinbaseSigningKey } from './coinbase-signing-key';
import { CoinbaseVenueClock } from './coinbase-venue-clock';
import { createCoinbaseTestKey, verifyCoinbaseJwt } from './testing/index';

// Port 9 (discard) on loopback: should msw ever let a request through, it goes nowhere but this machine.
const BASE = 'http://127.0.0.1:9';
const ORDERS = `${BASE}/api/v3/brokerage/orders`;
const mockCoinbase = setupServer();
beforeAll(() => mockCoinbase.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mockCoinbase.resetHandlers());
afterAll(() => mockCoinbase.close());

const key = createCoinbaseTestKey('ES256');

function orderEntry(): CoinbaseOrderEntry {
  const context = createConnectorContext({
    connectorId: 'msw',
    tickSourceId: 6,
    tickWriter: { draft: createTickDraft(), publish: () => true },
    orderEvents: { emit: () => {} },
    logLevel: 'silent',
  });
  const venueClock = new CoinbaseVenueClock(context.clock);
  const limiter = () => new TokenBucketRateLimiter({ name: 'test', capacity: 30, refillPerSecond: 30 });
  const rest = new CoinbaseRestClient({
    baseUrl: BASE,
    context,
    requestTimeoutMs: 2_000,
    privateLimiter: limiter(),
    publicLimiter: limiter(),
    venueClock,
    signingKey: () => parseCoinbaseSigningKey(key.keyName, key.privateKeyPem),
  });
  return new CoinbaseOrderEntry(rest, new CoinbaseOrderHistory(rest, context), context, venueClock);
}

const limitBuy = {
  clientOrderId: 'msw-1',
  symbol: 'BTC-USD',
  side: 'buy' as const,
  type: 'limit' as const,
  timeInForce: 'gtc' as const,
  quantity: 0.5,
  limitPrice: 50_000,
};

describe('Coinbase REST order entry (msw)', () => {
  it('signs each call with a uri claim for its method, host and path, and sends the create body', async () => {
    const seen: Array<{ uri: unknown; body: unknown }> = [];
    mockCoinbase.use(
      http.post(ORDERS, async ({ request }) => {
        const token = request.headers.get('authorization')?.replace('Bearer ', '') ?? '';
        const verdict = verifyCoinbaseJwt(token, {
          publicKey: key.publicKey,
          keyName: key.keyName,
          nowSeconds: Date.now() / 1000,
          uri: 'POST 127.0.0.1:9/api/v3/brokerage/orders',
        });
        seen.push({ uri: verdict.valid ? verdict.claims.uri : verdict.reason, body: await request.json() });
        return HttpResponse.json({
          success: true,
          success_response: { order_id: 'venue-1', client_order_id: 'msw-1' },
        });
      }),
    );
    const ack = await orderEntry().submit(limitBuy);
    expect(ack).toMatchObject({ clientOrderId: 'msw-1', brokerOrderId: 'venue-1', status: 'pending-new' });
    expect(seen).toEqual([
      {
        uri: 'POST 127.0.0.1:9/api/v3/brokerage/orders',
        body: {
          client_order_id: 'msw-1',
          product_id: 'BTC-USD',
          side: 'BUY',
          order_configuration: { limit_limit_gtc: { base_size: '0.5', limit_price: '50000', post_only: false } },
        },
      },
    ]);
  });

  it('waits out a 429 as Retry-After says and then succeeds, once', async () => {
    let calls = 0;
    mockCoinbase.use(
      http.post(ORDERS, () => {
        calls++;
        if (calls === 1)
          return HttpResponse.json(
            { error: 'RATE_LIMIT_EXCEEDED' },
            { status: 429, headers: { 'retry-after': '0.2' } },
          );
        return HttpResponse.json({ success: true, success_response: { order_id: 'venue-2' } });
      }),
    );
    const startedAt = Date.now();
    expect((await orderEntry().submit(limitBuy)).brokerOrderId).toBe('venue-2');
    expect(calls).toBe(2);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(150);
  });

  it('a 429 storm longer than the retries becomes RATE_LIMITED with the wait', async () => {
    mockCoinbase.use(
      http.post(ORDERS, () =>
        HttpResponse.json({ error: 'RATE_LIMIT_EXCEEDED' }, { status: 429, headers: { 'retry-after': '120' } }),
      ),
    );
    const error = await orderEntry()
      .submit(limitBuy)
      .catch((caught: unknown) => caught);
    expect(isTickwireError(error, 'RATE_LIMITED')).toBe(true);
    expect((error as { details: { retryAfterMs: number } }).details.retryAfterMs).toBeGreaterThan(100_000);
  });

  it('401 is AUTH_FAILED; a 500 on create is ORDER_OUTCOME_UNKNOWN; error_response keeps the venue reason', async () => {
    const entry = orderEntry();
    mockCoinbase.use(
      http.post(ORDERS, () => HttpResponse.json({ error: 'unauthorized', message: 'invalid jwt' }, { status: 401 })),
    );
    const refused = await entry.submit(limitBuy).catch((caught: unknown) => caught);
    expect(isTickwireError(refused, 'AUTH_FAILED')).toBe(true);
    expect((refused as Error).message).toContain('invalid jwt');
    expect((refused as Error).message).not.toContain(key.privateKeyPem.slice(40, 80));

    mockCoinbase.use(http.post(ORDERS, () => HttpResponse.json({ error: 'INTERNAL' }, { status: 500 })));
    const unknown = await entry.submit(limitBuy).catch((caught: unknown) => caught);
    expect(OrderError.isInstance(unknown) && unknown.code).toBe('ORDER_OUTCOME_UNKNOWN');

    mockCoinbase.use(
      http.post(ORDERS, () =>
        HttpResponse.json({
          success: false,
          failure_reason: 'UNKNOWN_FAILURE_REASON',
          error_response: {
            error: 'INSUFFICIENT_FUND',
            message: 'Insufficient balance in source account',
            preview_failure_reason: 'PREVIEW_INSUFFICIENT_FUND',
          },
        }),
      ),
    );
    const funds = await entry.submit(limitBuy).catch((caught: unknown) => caught);
    expect(funds).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      brokerCode: 'INSUFFICIENT_FUND',
      brokerMessage: 'Insufficient balance in source account',
    });
  });

  it('batch cancel: a failed result names the order and the reason; an unknown client id never reaches the venue', async () => {
    let cancels = 0;
    mockCoinbase.use(
      http.post(`${ORDERS}/batch_cancel`, async ({ request }) => {
        cancels++;
        const { order_ids: ids } = (await request.json()) as { order_ids: string[] };
        return HttpResponse.json({
          results: [{ success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER', order_id: ids[0] }],
        });
      }),
      http.get(`${ORDERS}/historical/batch`, () => HttpResponse.json({ orders: [], has_next: false, cursor: '' })),
    );
    const entry = orderEntry();
    const failed = await entry
      .cancel({ clientOrderId: 'c-1', brokerOrderId: 'venue-9' })
      .catch((caught: unknown) => caught);
    expect(failed).toMatchObject({
      code: 'ORDER_NOT_FOUND',
      brokerOrderId: 'venue-9',
      brokerCode: 'UNKNOWN_CANCEL_ORDER',
    });
    const missing = await entry.cancel({ clientOrderId: 'never-sent' }).catch((caught: unknown) => caught);
    expect(missing).toMatchObject({ code: 'ORDER_NOT_FOUND', clientOrderId: 'never-sent' });
    expect(cancels).toBe(1);
  });
});
