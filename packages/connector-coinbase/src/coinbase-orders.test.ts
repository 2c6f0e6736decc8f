import { isTickwireError, OrderError, type OrderRequest } from '@tickwire/core';
import { createTestHost, type TestHost } from '@tickwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCoinbaseOrderConfiguration } from './coinbase-order-configuration';
import coinbasePlugin from './index';
import { CoinbaseFakeBroker } from './testing/index';

let counter = 0;
const worlds: Array<{ broker: CoinbaseFakeBroker; host: TestHost }> = [];
afterEach(async () => {
  for (const { broker, host } of worlds.splice(0)) {
    await host.stop();
    await broker.stop();
  }
});

async function connected() {
  const broker = new CoinbaseFakeBroker();
  await broker.start();
  const host = createTestHost(coinbasePlugin, broker.connectorConfig());
  worlds.push({ broker, host });
  await host.connector.connect();
  return { broker, host };
}

function order(overrides: Partial<OrderRequest>): OrderRequest {
  counter++;
  return {
    clientOrderId: `cb-test-${Date.now().toString(36)}-${counter}`,
    symbol: 'BTC-USD',
    side: 'buy',
    type: 'limit',
    timeInForce: 'gtc',
    quantity: 1,
    limitPrice: 30_000,
    ...overrides,
  };
}

describe('order configurations', () => {
  it('maps every order kind to the configuration the reference names', () => {
    const expireAtMs = Date.parse('2030-01-02T03:04:05.000Z');
    expect(
      buildCoinbaseOrderConfiguration(
        order({ type: 'market', timeInForce: 'ioc', quantity: 0.0000001, limitPrice: undefined }),
      ),
    ).toEqual({
      market_market_ioc: { base_size: '0.0000001' },
    });
    expect(
      buildCoinbaseOrderConfiguration(
        order({ type: 'market', timeInForce: 'ioc', quantity: undefined, notional: 250.5, limitPrice: undefined }),
      ),
    ).toEqual({
      market_market_ioc: { quote_size: '250.5' },
    });
    expect(buildCoinbaseOrderConfiguration(order({ postOnly: true, quantity: 0.1 + 0.2 }))).toEqual({
      limit_limit_gtc: { base_size: '0.3', limit_price: '30000', post_only: true },
    });
    expect(buildCoinbaseOrderConfiguration(order({ timeInForce: 'gtd', expireAtMs }))).toEqual({
      limit_limit_gtd: { base_size: '1', limit_price: '30000', end_time: '2030-01-02T03:04:05.000Z', post_only: false },
    });
    expect(buildCoinbaseOrderConfiguration(order({ timeInForce: 'fok' }))).toEqual({
      limit_limit_fok: { base_size: '1', limit_price: '30000' },
    });
    expect(buildCoinbaseOrderConfiguration(order({ timeInForce: 'ioc' }))).toEqual({
      sor_limit_ioc: { base_size: '1', limit_price: '30000' },
    });
    expect(
      buildCoinbaseOrderConfiguration(
        order({ type: 'stop_limit', side: 'sell', stopPrice: 29_000, limitPrice: 28_900 }),
      ),
    ).toEqual({
      stop_limit_stop_limit_gtc: {
        base_size: '1',
        limit_price: '28900',
        stop_price: '29000',
        stop_direction: 'STOP_DIRECTION_STOP_DOWN',
      },
    });
  });

  it('refuses what Coinbase has no configuration for, before sending anything', () => {
    const refusals: Array<[Partial<OrderRequest>, string]> = [
      [{ type: 'market', timeInForce: 'gtc' }, 'NOT_SUPPORTED'],
      [{ timeInForce: 'day' }, 'NOT_SUPPORTED'],
      [{ timeInForce: 'fok', postOnly: true }, 'NOT_SUPPORTED'],
      [{ notional: 100, quantity: undefined }, 'NOT_SUPPORTED'],
      [{ type: 'stop', stopPrice: 1 }, 'NOT_SUPPORTED'],
      [{ timeInForce: 'gtd' }, 'ORDER_REJECTED'],
      [{ limitPrice: undefined }, 'ORDER_REJECTED'],
      [{ quantity: -1 }, 'ORDER_REJECTED'],
    ];
    for (const [overrides, code] of refusals) {
      expect(() => buildCoinbaseOrderConfiguration(order(overrides)), JSON.stringify(overrides)).toThrow(
        expect.objectContaining({ code }),
      );
    }
  });
});

describe('orders against the fake Coinbase', () => {
  it('each configuration reaches the venue with its terms; marketable orders fill across levels', async () => {
    const { broker, host } = await connected();
    const resting = [
      order({ timeInForce: 'gtc', postOnly: true }),
      order({ timeInForce: 'gtd', expireAtMs: Date.now() + 3_600_000 }),
      order({ type: 'stop_limit', side: 'buy', stopPrice: 90_000, limitPrice: 90_100 }),
    ];
    for (const each of resting) {
      const ack = await host.connector.submitOrder(each);
      expect(ack.status).toBe('pending-new');
      expect(broker.order(each.clientOrderId)).toMatchObject({ status: 'new', brokerOrderId: ack.brokerOrderId });
    }
    expect(broker.received.orders.map((record) => [record.type, record.timeInForce, record.outcome])).toEqual([
      ['limit', 'gtc', 'accepted'],
      ['limit', 'gtd', 'accepted'],
      ['stop_limit', 'gtc', 'accepted'],
    ]);

    // A market buy larger than the best ask level trades through several levels: several executions.
    const market = order({ type: 'market', timeInForce: 'ioc', quantity: 8, limitPrice: undefined });
    await host.connector.submitOrder(market);
    await host.waitForOrderEvent(
      'market order filled',
      (event) => event.clientOrderId === market.clientOrderId && event.status === 'filled',
    );
    const fills = broker.exchange
      .fills()
      .filter((fill) => fill.orderId === broker.order(market.clientOrderId)!.brokerOrderId);
    expect(fills.length).toBeGreaterThan(1);
    const events = host.orderEvents.filter((event) => event.clientOrderId === market.clientOrderId);
    expect(events.some((event) => event.status === 'partially-filled')).toBe(true);
    // Coinbase sends the running total: it travels as cumulativeQuantity, never as an incremental fill.
    expect(events.every((event) => event.fill === undefined)).toBe(true);
    expect(events.at(-1)?.cumulativeQuantity).toBeCloseTo(8, 9);
    expect(host.fills.filledQuantity(market.clientOrderId)).toBeCloseTo(8, 9);

    // Fill-or-kill far below the market: nothing trades, the order is canceled whole.
    const kill = order({ timeInForce: 'fok', limitPrice: 1_000 });
    await host.connector.submitOrder(kill);
    await host.waitForOrderEvent(
      'fok canceled',
      (event) => event.clientOrderId === kill.clientOrderId && event.status === 'canceled',
    );
    expect(broker.order(kill.clientOrderId)?.filledQuantity).toBe(0);

    await host.connector.cancelAllOrders!();
    await host.waitFor('every resting order canceled', () =>
      resting.every((each) => broker.order(each.clientOrderId)?.status === 'canceled'),
    );
    expect(await host.connector.getOpenOrders()).toEqual([]);
  });

  it('maps success:false answers to order errors with the venue code and words', async () => {
    const { broker, host } = await connected();
    const tooBig = order({ quantity: 1_000, limitPrice: 50_000 });
    const funds = await host.connector.submitOrder(tooBig).catch((error: unknown) => error);
    expect(OrderError.isInstance(funds)).toBe(true);
    expect(funds).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      brokerCode: 'INSUFFICIENT_FUND',
      clientOrderId: tooBig.clientOrderId,
    });

    const crossing = order({ postOnly: true, limitPrice: 90_000 });
    const postOnly = await host.connector.submitOrder(crossing).catch((error: unknown) => error);
    expect(postOnly).toMatchObject({ code: 'ORDER_REJECTED', brokerCode: 'INVALID_LIMIT_PRICE_POST_ONLY' });
    expect((postOnly as Error).message).toContain(crossing.clientOrderId);

    broker.failNextOrder({ error: 'ORDER_ENTRY_DISABLED', message: 'order entry is disabled for this product' });
    const disabled = await host.connector.submitOrder(order({})).catch((error: unknown) => error);
    expect(disabled).toMatchObject({
      code: 'ORDER_REJECTED',
      brokerCode: 'ORDER_ENTRY_DISABLED',
      brokerMessage: expect.stringContaining('disabled'),
    });

    const unknownProduct = await host.connector
      .submitOrder(order({ symbol: 'NOPE-USD' }))
      .catch((error: unknown) => error);
    expect(unknownProduct).toMatchObject({ code: 'ORDER_REJECTED', brokerCode: 'INVALID_PRODUCT_ID' });
    expect(broker.received.orders.map((record) => record.outcome)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(host.orderEvents).toEqual([]);
  });

  it('subscribing to a product the venue does not list is refused with SUBSCRIPTION_FAILED', async () => {
    const { host } = await connected();
    const error = await host.connector
      .subscribe({ symbols: ['NOPE-USD'], kinds: ['quotes'] })
      .catch((caught: unknown) => caught);
    expect(isTickwireError(error, 'SUBSCRIPTION_FAILED')).toBe(true);
    expect((error as Error).message).toContain('NOPE-USD');
    await host.connector.subscribe({ symbols: ['ETH-USD'], kinds: ['quotes', 'trades'] });
    await host.waitFor(
      'ETH-USD quotes and trades',
      () =>
        host.ticksOf('ETH-USD').some((tick) => (tick.flags & 1) === 1) &&
        host.ticksOf('ETH-USD').some((tick) => (tick.flags & 1) === 0),
    );
  });
});
