import {
  isTickwireError,
  OrderError,
  RateLimitedError,
  type RateLimiter,
  TokenBucketRateLimiter,
} from '@tickwire/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { MSW_BASE, wireOrder } from './__fixtures__/msw-alpaca';
import { MSW_KEY_ID, MSW_SECRET, rejection, useMswAlpaca } from './__fixtures__/msw-alpaca-session';

const KEY_ID = MSW_KEY_ID;
const SECRET = MSW_SECRET;
const { server, created, connected } = useMswAlpaca();

describe('Alpaca REST (msw)', () => {
  it('sends the key headers, and reads account and positions whose numbers are strings', async () => {
    const seen: Headers[] = [];
    server.use(
      http.get(`${MSW_BASE}/v2/positions`, ({ request }) => {
        seen.push(request.headers);
        return HttpResponse.json([
          {
            symbol: 'AAPL',
            asset_class: 'us_equity',
            qty: '-5',
            side: 'short',
            avg_entry_price: '190.5',
            market_value: '-950',
            unrealized_pl: '2.5',
          },
          {
            symbol: 'BTCUSD',
            asset_class: 'crypto',
            qty: '0.25',
            side: 'long',
            avg_entry_price: '60000',
            market_value: '15000',
            unrealized_pl: '0',
          },
        ]);
      }),
    );
    const { connector } = await connected();
    expect(await connector.getAccount()).toEqual({
      accountId: 'PA3MSW',
      currency: 'USD',
      cash: 1000.5,
      equity: 1500.25,
      buyingPower: 2001,
      tradingBlocked: false,
    });
    expect(await connector.getPositions()).toEqual([
      { symbol: 'AAPL', quantity: -5, averagePrice: 190.5, marketValue: -950, unrealizedPnl: 2.5 },
      { symbol: 'BTC-USD', quantity: 0.25, averagePrice: 60_000, marketValue: 15_000, unrealizedPnl: 0 },
    ]);
    expect(seen[0]!.get('apca-api-key-id')).toBe(KEY_ID);
    expect(seen[0]!.get('apca-api-secret-key')).toBe(SECRET);
  });

  it('checks the keys on connect: 401 is AUTH_FAILED, state failed, not retried', async () => {
    let calls = 0;
    server.use(
      http.get(`${MSW_BASE}/v2/account`, () => {
        calls++;
        return HttpResponse.json({ code: 40110000, message: 'request is not authorized' }, { status: 401 });
      }),
    );
    const host = created();
    const error = await rejection(host.connector.connect());
    expect(isTickwireError(error, 'AUTH_FAILED')).toBe(true);
    expect(host.state).toBe('failed');
    expect(calls).toBe(1);
  });

  it('submits with the Alpaca body and maps the answer to an acknowledgement', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`${MSW_BASE}/v2/orders`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(wireOrder({ status: 'accepted' }));
      }),
    );
    const { connector } = await connected();
    const ack = await connector.submitOrder({
      clientOrderId: 'c-1',
      symbol: 'AAPL',
      side: 'buy',
      type: 'limit',
      timeInForce: 'day',
      quantity: 10,
      limitPrice: 50,
      extendedHours: true,
    });
    expect(bodies).toEqual([
      {
        symbol: 'AAPL',
        side: 'buy',
        type: 'limit',
        time_in_force: 'day',
        client_order_id: 'c-1',
        qty: '10',
        limit_price: '50',
        extended_hours: true,
      },
    ]);
    expect(ack).toEqual({
      clientOrderId: 'c-1',
      brokerOrderId: 'b-1',
      status: 'pending-new',
      acceptedAtMs: Date.parse('2024-03-01T14:30:00Z') + 0.001,
    });
  });

  it('maps refusals: 403 insufficient funds and 422 bad parameters, keeping Alpaca code and words', async () => {
    const answers = [
      HttpResponse.json({ code: 40310000, message: 'insufficient buying power' }, { status: 403 }),
      HttpResponse.json({ code: 40010001, message: 'qty must be a whole number' }, { status: 422 }),
    ];
    server.use(http.post(`${MSW_BASE}/v2/orders`, () => answers.shift()));
    const { connector } = await connected();
    const order = {
      clientOrderId: 'c-1',
      symbol: 'AAPL',
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      quantity: 10,
    } as const;
    const funds = await rejection(connector.submitOrder(order));
    expect(OrderError.isInstance(funds) && funds.code).toBe('INSUFFICIENT_FUNDS');
    const rejected = (await rejection(connector.submitOrder(order))) as OrderError;
    expect(rejected).toMatchObject({
      code: 'ORDER_REJECTED',
      brokerCode: 40010001,
      brokerMessage: 'qty must be a whole number',
    });
  });

  it('turns a duplicate client order id into the held order when the terms match, and refuses it when they do not', async () => {
    server.use(
      http.post(`${MSW_BASE}/v2/orders`, () =>
        HttpResponse.json({ code: 40010001, message: 'client_order_id must be unique' }, { status: 422 }),
      ),
      http.get(`${MSW_BASE}/v2/orders:by_client_order_id`, ({ request }) =>
        HttpResponse.json(wireOrder({ client_order_id: new URL(request.url).searchParams.get('client_order_id')! })),
      ),
    );
    const { connector } = await connected();
    const order = {
      clientOrderId: 'c-1',
      symbol: 'AAPL',
      side: 'buy',
      type: 'limit',
      timeInForce: 'day',
      quantity: 10,
      limitPrice: 50,
    } as const;
    expect(await connector.submitOrder(order)).toMatchObject({
      clientOrderId: 'c-1',
      brokerOrderId: 'b-1',
      status: 'new',
    });
    const error = (await rejection(connector.submitOrder({ ...order, quantity: 11 }))) as OrderError;
    expect(error.code).toBe('DUPLICATE_CLIENT_ORDER_ID');
    expect(error.message).toContain('qty 10 vs 11');
  });

  it('says ORDER_OUTCOME_UNKNOWN when a submit may have reached Alpaca, after the safe retries', async () => {
    let posts = 0;
    server.use(
      http.post(`${MSW_BASE}/v2/orders`, () => {
        posts++;
        return posts <= 2 ? new HttpResponse('bad gateway', { status: 502 }) : HttpResponse.error();
      }),
    );
    const { connector } = await connected({ restMaxAttempts: 2 });
    const order = {
      clientOrderId: 'c-1',
      symbol: 'AAPL',
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      quantity: 1,
    } as const;
    expect(((await rejection(connector.submitOrder(order))) as OrderError).code).toBe('ORDER_OUTCOME_UNKNOWN');
    expect(posts).toBe(2);
    const network = (await rejection(connector.submitOrder(order))) as OrderError;
    expect(network.code).toBe('ORDER_OUTCOME_UNKNOWN');
    expect(network.message).toContain('Reconcile');
  });

  it('waits out a 429 until X-Ratelimit-Reset, and reports a lasting one as RATE_LIMITED with the wait', async () => {
    let calls = 0;
    const resets: number[] = [];
    const resetSeconds = () => {
      resets.push(Math.ceil(Date.now() / 1000) + 1);
      return String(resets.at(-1));
    };
    server.use(
      http.get(`${MSW_BASE}/v2/positions`, () => {
        calls++;
        if (calls === 1)
          return HttpResponse.json(
            { code: 42910000, message: 'rate limit exceeded' },
            { status: 429, headers: { 'X-Ratelimit-Reset': resetSeconds() } },
          );
        return HttpResponse.json([]);
      }),
      http.get(`${MSW_BASE}/v2/orders`, () =>
        HttpResponse.json(
          { code: 42910000, message: 'rate limit exceeded' },
          { status: 429, headers: { 'X-Ratelimit-Remaining': '0', 'X-Ratelimit-Reset': resetSeconds() } },
        ),
      ),
    );
    const { connector } = await connected({ restMaxAttempts: 2 });
    expect(await connector.getPositions()).toEqual([]);
    expect(calls).toBe(2);
    // The retry waited until the reset the venue named (epoch seconds), not less.
    expect(Date.now()).toBeGreaterThanOrEqual(resets[0]! * 1000 - 5);
    const limited = await rejection(connector.getOpenOrders());
    expect(RateLimitedError.isInstance(limited)).toBe(true);
    expect((limited as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(0);
    expect((limited as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(2_000);
  });

  it('paces requests with the 200/min bucket it declares, one token per request', async () => {
    const taken: string[] = [];
    server.use(http.get(`${MSW_BASE}/v2/positions`, () => HttpResponse.json([])));
    const host = created(
      {},
      {
        createRateLimiter: (bucket) => {
          taken.push(`${bucket.name}:${bucket.capacity}:${bucket.refillPerSecond.toFixed(4)}`);
          const limiter = new TokenBucketRateLimiter({
            name: bucket.name,
            capacity: bucket.capacity,
            refillPerSecond: bucket.refillPerSecond,
          });
          const counting: RateLimiter = {
            name: limiter.name,
            tryTake: (tokens) => limiter.tryTake(tokens),
            take: (tokens, signal) => {
              taken.push('take');
              return limiter.take(tokens, signal);
            },
            msUntilAvailable: (tokens) => limiter.msUntilAvailable(tokens),
            penalize: (untilMs) => limiter.penalize(untilMs),
            noteResponse: (response) => limiter.noteResponse(response),
          };
          return counting;
        },
      },
    );
    await host.connector.connect();
    await host.connector.getPositions();
    await host.connector.getPositions();
    expect(taken).toEqual(['rest:200:3.3333', 'take', 'take', 'take']);
  });
});
