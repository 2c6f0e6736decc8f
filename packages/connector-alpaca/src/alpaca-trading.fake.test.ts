import { isTickwireError, type OrderRequest } from '@tickwire/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSession, rejectionOf, startFakeSession } from './__fixtures__/fake-session';

let session: FakeSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const resting = (clientOrderId: string, quantity = 10): OrderRequest => ({
  clientOrderId,
  symbol: 'AAPL',
  side: 'buy',
  type: 'limit',
  timeInForce: 'day',
  quantity,
  limitPrice: 50,
});

async function connectedHost(config: Record<string, unknown> = {}, options = {}) {
  session = await startFakeSession(options);
  const host = session.host(config);
  await host.connector.connect();
  return host;
}

describe('Alpaca trading against the fake, over real sockets', () => {
  it('reports partial fills with cumulative quantities and Alpaca execution ids', async () => {
    const host = await connectedHost();
    await host.connector.submitOrder(resting('pf-1'));
    const executions = [3, 3, 4].map((quantity, index) => session!.broker.server.fill('pf-1', quantity, 50 + index));
    await host.waitForOrderEvent('pf-1 filled', (event) => event.clientOrderId === 'pf-1' && event.status === 'filled');
    const events = host.orderEvents.filter((event) => event.clientOrderId === 'pf-1');
    expect(
      events.map((event) => [event.status, event.cumulativeQuantity, event.fill?.quantity, event.fill?.price]),
    ).toEqual([
      ['new', 0, undefined, undefined],
      ['partially-filled', 3, 3, 50],
      ['partially-filled', 6, 3, 51],
      ['filled', 10, 4, 52],
    ]);
    expect(events.flatMap((event) => (event.fill === undefined ? [] : [event.fill.executionId]))).toEqual(
      executions.map((execution) => execution.executionId),
    );
    expect(events.at(-1)!.averageFillPrice).toBeCloseTo((3 * 50 + 3 * 51 + 4 * 52) / 10, 9);
    expect(host.fills.filledQuantity('pf-1')).toBe(10);
  });

  it('replaces an order: Alpaca answers with a new order, the old one is replaced and names it', async () => {
    const host = await connectedHost();
    await host.connector.submitOrder(resting('rp-1'));
    const ack = await host.connector.replaceOrder({
      clientOrderId: 'rp-1',
      newClientOrderId: 'rp-2',
      quantity: 12,
      limitPrice: 49,
    });
    const replacement = session!.broker.server.orderByClientOrderId('rp-2')!;
    expect(ack).toMatchObject({ clientOrderId: 'rp-2', brokerOrderId: replacement.id, status: 'new' });
    expect(replacement).toMatchObject({
      qty: '12',
      limit_price: '49',
      status: 'new',
      replaces: session!.broker.server.orderByClientOrderId('rp-1')!.id,
    });
    const replaced = await host.waitForOrderEvent(
      'rp-1 replaced',
      (event) => event.clientOrderId === 'rp-1' && event.status === 'replaced',
    );
    expect(replaced.replacedByClientOrderId).toBe('rp-2');
    await host.waitForOrderEvent('rp-2 new', (event) => event.clientOrderId === 'rp-2' && event.status === 'new');
    expect((await host.connector.getOpenOrders()).map((order) => order.clientOrderId)).toEqual(['rp-2']);
    const again = await rejectionOf(
      host.connector.replaceOrder({ clientOrderId: 'rp-1', newClientOrderId: 'rp-3', quantity: 1 }),
    );
    expect(isTickwireError(again, 'ORDER_NOT_CANCELABLE')).toBe(true);
  });

  it('cancels everything with one call and reads the 207: a refused order is named, the others are canceled', async () => {
    const host = await connectedHost();
    for (const id of ['ca-1', 'ca-2', 'ca-3']) await host.connector.submitOrder(resting(id));
    session!.broker.server.refuseCancelInCancelAll('ca-2');
    const error = await rejectionOf(host.connector.cancelAllOrders!());
    expect(isTickwireError(error, 'BROKER_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain('could not cancel 1 of 3 open orders: ca-2 (HTTP 500');
    for (const id of ['ca-1', 'ca-3']) {
      await host.waitForOrderEvent(
        `${id} canceled`,
        (event) => event.clientOrderId === id && event.status === 'canceled',
      );
    }
    expect((await host.connector.getOpenOrders()).map((order) => order.clientOrderId)).toEqual(['ca-2']);
  });

  it('fills marketable and notional orders at the touch through the fake matching engine', async () => {
    const host = await connectedHost();
    session!.broker.server.setQuote('AAPL', 99.99, 100.01);
    await host.connector.submitOrder({
      clientOrderId: 'mk-1',
      symbol: 'AAPL',
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      quantity: 2,
    });
    await host.connector.submitOrder({
      clientOrderId: 'nt-1',
      symbol: 'AAPL',
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      notional: 500.05,
    });
    const market = await host.waitForOrderEvent(
      'mk-1 filled',
      (event) => event.clientOrderId === 'mk-1' && event.status === 'filled',
    );
    expect(market.fill).toMatchObject({ quantity: 2, price: 100.01 });
    const notional = await host.waitForOrderEvent(
      'nt-1 filled',
      (event) => event.clientOrderId === 'nt-1' && event.status === 'filled',
    );
    expect(notional.fill!.quantity).toBeCloseTo(5, 9);
    expect((await host.connector.getPositions()).find((position) => position.symbol === 'AAPL')!.quantity).toBeCloseTo(
      7,
      9,
    );
  });

  it('sends a bracket order whose exits wait for the entry, then become live', async () => {
    const host = await connectedHost();
    await host.connector.submitOrder({
      ...resting('br-1'),
      orderClass: 'bracket',
      takeProfit: { limitPrice: 60 },
      stopLoss: { stopPrice: 40, limitPrice: 39.5 },
    });
    const legs = (await host.connector.getOpenOrders()).filter((order) => order.clientOrderId !== 'br-1');
    expect(legs.map((leg) => [leg.side, leg.type, leg.status, leg.brokerStatus])).toEqual([
      ['sell', 'limit', 'pending-new', 'held'],
      ['sell', 'stop_limit', 'pending-new', 'held'],
    ]);
    session!.broker.server.fill('br-1', 10, 50);
    for (const leg of legs) {
      await host.waitForOrderEvent(
        `${leg.clientOrderId} live`,
        (event) => event.clientOrderId === leg.clientOrderId && event.status === 'new',
      );
    }
    const body = session!.broker.received.orders[0]!.body;
    expect(body).toMatchObject({
      order_class: 'bracket',
      take_profit: { limit_price: '60' },
      stop_loss: { stop_price: '40', limit_price: '39.5' },
    });
  });

  it('tolerates unknown fields and events on trade_updates, text frames included, and reports the unknown', async () => {
    const host = await connectedHost({}, { tradeStreamFrames: 'text' });
    await host.connector.submitOrder(resting('uk-1'));
    await host.waitForOrderEvent('uk-1 new', (event) => event.clientOrderId === 'uk-1');
    const order = session!.broker.server.orderByClientOrderId('uk-1')!;
    session!.broker.server.sendTradeStreamPayload({
      stream: 'trade_updates',
      data: {
        event: 'pending_new',
        order: { ...order, status: 'pending_new', shiny_new_field: [1, 2] },
        timestamp: '2024-03-01T14:30:00Z',
        extra: { a: 1 },
      },
    });
    await host.waitForOrderEvent(
      'uk-1 pending-new',
      (event) => event.clientOrderId === 'uk-1' && event.status === 'pending-new',
    );
    expect(host.health.protocolErrors).toEqual([]);
    session!.broker.server.unknownTradeUpdate('uk-1', 'order_teleported');
    await host.waitFor('a protocol error for the unknown event', () => host.health.protocolErrors.length === 1);
    expect(host.health.protocolErrors[0]!.error.message).toContain('"order_teleported"');
    expect(host.orderEvents.at(-1)).toMatchObject({ clientOrderId: 'uk-1', status: 'new' });
    session!.broker.server.sendTradeStreamPayload({ stream: 'account_updates', data: {} });
    session!.broker.server.sendTradeStreamPayload({ stream: 'trade_updates', data: { event: 'new' } });
    await host.waitFor(
      'a protocol error for the event without an order',
      () => host.health.protocolErrors.length === 2,
    );
    expect(host.state).toBe('connected');
  });

  it('speaks MessagePack on trade_updates when asked', async () => {
    const host = await connectedHost({ streamEncoding: 'msgpack' });
    await host.connector.submitOrder(resting('mp-1'));
    session!.broker.server.fill('mp-1', 10, 50);
    await host.waitForOrderEvent('mp-1 filled', (event) => event.clientOrderId === 'mp-1' && event.status === 'filled');
    const auth = session!.broker.received.streamMessages.find((entry) => entry.path === 'stream');
    expect(auth?.message).toMatchObject({ action: 'authenticate', data: { key_id: expect.any(String) } });
    expect(host.health.protocolErrors).toEqual([]);
  });

  it('recovers what happened while away: an order canceled and one filled during an outage', async () => {
    const host = await connectedHost();
    await host.connector.submitOrder(resting('aw-1'));
    await host.connector.submitOrder(resting('aw-2'));
    session!.broker.server.drop();
    await host.waitForState('reconnecting');
    session!.broker.server.fill('aw-1', 10, 50);
    session!.broker.server.orders.cancel(session!.broker.server.orderByClientOrderId('aw-2')!.id as string);
    session!.broker.server.restore();
    await host.waitForState('connected', 10_000);
    await host.reconciled();
    const report = host.reconciliations.at(-1)!.report!;
    expect(report.closedOrders.map((order) => [order.clientOrderId, order.status]).sort()).toEqual([
      ['aw-1', 'filled'],
      ['aw-2', 'canceled'],
    ]);
    expect(report.fills.map((fill) => [fill.clientOrderId, fill.quantity, fill.price])).toEqual([['aw-1', 10, 50]]);
    expect(host.fills.filledQuantity('aw-1')).toBe(10);
  });

  it('reconciles on the venue clock: an order another client placed during the outage is found though Alpaca runs behind', async () => {
    session = await startFakeSession();
    // Alpaca's clock two minutes behind ours: its timestamps, Date headers and `after` filter all run behind.
    session.broker.server.clockSkew(-120_000);
    const host = session.host();
    await host.connector.connect();
    await host.connector.getAccount();
    const server = session.broker.server;
    server.drop();
    await host.waitForState('reconnecting');
    const placed = server.orders.submit({
      symbol: 'MSFT',
      side: 'buy',
      type: 'limit',
      time_in_force: 'day',
      qty: '1',
      limit_price: '10',
      client_order_id: 'dashboard-1',
    });
    server.orders.cancel(placed.order!.id);
    server.restore();
    await host.waitForState('connected', 10_000);
    await host.reconciled();
    const reconciliation = host.reconciliations.at(-1)!;
    expect(reconciliation.error).toBeUndefined();
    expect(reconciliation.report!.closedOrders.map((order) => [order.clientOrderId, order.status])).toEqual([
      ['dashboard-1', 'canceled'],
    ]);
    // On the connector's own clock the order is two minutes older than the outage: only the venue clock finds it.
    expect(placed.order!.createdAt.ms).toBeLessThan(reconciliation.sinceMs - 60_000);
    expect(reconciliation.report!.asOfMs).toBeLessThan(Date.now() - 100_000);
  });
});
