import { OrderError, symbolIdOf, TickFlags } from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import { appleMarket, createSimHarness, rejection } from './__fixtures__/sim-harness';

describe('SimConnector lifecycle', () => {
  it('connects, reports each state change, and disconnects leaving no timer behind', async () => {
    const { sim, clock } = createSimHarness({ latency: { connectMs: 5 } });
    const changes: string[] = [];
    sim.onStateChange((change) => changes.push(`${change.previous}->${change.current}`));
    const connecting = sim.connect();
    expect(sim.state).toBe('connecting');
    await clock.advance(5);
    await connecting;
    expect(sim.state).toBe('connected');
    await sim.connect();
    await clock.advance(100);
    await sim.disconnect();
    await sim.disconnect();
    expect(changes).toEqual(['disconnected->connecting', 'connecting->connected', 'connected->disconnected']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses requests while not connected, with a retryable NOT_CONNECTED', async () => {
    const { sim } = createSimHarness();
    const error = await rejection(sim.submitOrder(appleMarket('early', 1)), 'NOT_CONNECTED');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/submitOrder needs a live connection.*"disconnected".*connect\(\)/);
    await rejection(sim.subscribe({ symbols: ['SIM-AAPL'], kinds: ['quotes'] }), 'NOT_CONNECTED');
    await rejection(sim.reconcile(0), 'NOT_CONNECTED');
  });

  it('disconnects when the host aborts its signal', async () => {
    const { sim, abort, clock } = createSimHarness();
    await sim.connect();
    abort.abort();
    await clock.advance(1);
    expect(sim.state).toBe('disconnected');
    await rejection(sim.connect(), 'ABORTED');
  });
});

describe('SimConnector market data', () => {
  it('answers a subscription with a snapshot, then streams quotes and trades with contiguous timestamps', async () => {
    const { sim, clock, writer } = createSimHarness();
    await sim.connect();
    await clock.advance(50);
    expect(writer.count).toBe(0);
    await sim.subscribe({ symbols: ['SIM-AAPL'], kinds: ['quotes', 'trades'] });
    expect(writer.count).toBe(1);
    expect(writer.flags[0]).toBe(TickFlags.SNAPSHOT);
    await clock.advance(1_000);
    const apple = symbolIdOf('SIM-AAPL');
    let trades = 0;
    for (let index = 0; index < writer.count; index++) {
      expect(writer.symbolIds[index]).toBe(apple);
      if (index > 0) expect(writer.timestampMs(index)).toBeGreaterThanOrEqual(writer.timestampMs(index - 1) - 1e-3);
      if ((writer.flags[index]! & TickFlags.TRADE) !== 0) trades++;
    }
    // SIM-AAPL defaults: 800 quotes and 100 trades per second.
    expect(writer.count).toBeGreaterThan(700);
    expect(writer.count).toBeLessThan(1_100);
    expect(trades).toBeGreaterThan(60);
    await sim.unsubscribe({ symbols: ['SIM-AAPL'], kinds: ['quotes', 'trades'] });
    const afterUnsubscribe = writer.count;
    await clock.advance(200);
    expect(writer.count).toBe(afterUnsubscribe);
    await sim.disconnect();
  });

  it('delivers 200,000 ticks/s on a 1 ms timer when the rates are multiplied', async () => {
    const { sim, clock, writer } = createSimHarness({ rateMultiplier: 50 });
    await sim.connect();
    await sim.subscribe({ symbols: ['SIM-AAPL', 'SIM-MSFT', 'SIM-BTC', 'SIM-EUR/USD'], kinds: ['quotes', 'trades'] });
    const before = writer.count;
    await clock.advance(1_000);
    const perSecond = writer.count - before;
    const configured = sim.config.symbols.reduce((sum, spec) => sum + spec.quoteRate + spec.tradeRate, 0);
    expect(configured).toBe(201_500);
    expect(perSecond / configured).toBeGreaterThan(0.98);
    expect(perSecond / configured).toBeLessThan(1.02);
    expect(sim.stats.ticksPublished).toBe(writer.count);
    await sim.disconnect();
  });

  it('ends subscriptions on disconnect() but keeps orders and positions for the next connect()', async () => {
    const { sim, clock, writer } = createSimHarness();
    await sim.connect();
    await sim.subscribe({ symbols: ['SIM-AAPL'], kinds: ['quotes'] });
    const resting = sim.submitOrder({ ...appleMarket('kept', 3), type: 'limit', limitPrice: 100 });
    await clock.advance(10);
    await resting;
    await sim.disconnect();
    const atDisconnect = writer.count;
    await sim.connect();
    await clock.advance(100);
    expect(writer.count).toBe(atDisconnect);
    expect((await sim.getOpenOrders()).map((order) => order.clientOrderId)).toEqual(['kept']);
    await sim.disconnect();
  });

  it('replays the same market for the same seed and clock', async () => {
    const run = async (seed: number) => {
      const { sim, clock, writer } = createSimHarness({ seed });
      await sim.connect();
      await sim.subscribe({ symbols: ['SIM-BTC'], kinds: ['quotes'] });
      await clock.advance(300);
      await sim.disconnect();
      return Array.from(writer.bids.subarray(0, writer.count));
    };
    const first = await run(5);
    expect(await run(5)).toEqual(first);
    expect(await run(6)).not.toEqual(first);
  });

  it('refuses unknown symbols and data kinds it does not stream', async () => {
    const { sim, writer } = createSimHarness();
    await sim.connect();
    const unknown = await rejection(
      sim.subscribe({ symbols: ['SIM-AAPL', 'NOPE'], kinds: ['quotes'] }),
      'SUBSCRIPTION_FAILED',
    );
    expect(unknown.message).toMatch(/no symbol "NOPE".*SIM-AAPL, SIM-MSFT/);
    expect(writer.count).toBe(0);
    await rejection(sim.subscribe({ symbols: ['SIM-AAPL'], kinds: ['bars'] }), 'NOT_SUPPORTED');
    await sim.disconnect();
  });
});

describe('SimConnector orders', () => {
  it('acknowledges after the ack latency and reports events after the fill latency', async () => {
    const { sim, clock, events } = createSimHarness({ latency: { ackMs: 10, fillMs: 5 } });
    await sim.connect();
    let acknowledged = false;
    const ack = sim.submitOrder(appleMarket('m1', 10)).then((value) => {
      acknowledged = true;
      return value;
    });
    await clock.advance(9);
    expect(acknowledged).toBe(false);
    await clock.advance(1);
    expect(await ack).toMatchObject({ clientOrderId: 'm1', brokerOrderId: 'SIM-1', status: 'filled' });
    expect(events).toEqual([]);
    await clock.advance(5);
    expect(events.map((event) => event.status)).toEqual(['new', 'filled']);
    expect(events[1]!.fill).toMatchObject({ quantity: 10, side: 'buy', symbol: 'SIM-AAPL' });
    expect(await sim.getPositions()).toEqual([expect.objectContaining({ symbol: 'SIM-AAPL', quantity: 10 })]);
    await sim.disconnect();
  });

  it('rests a limit order, cancels it, and refuses to cancel it twice', async () => {
    const { sim, clock, events } = createSimHarness();
    await sim.connect();
    const pending = sim.submitOrder({ ...appleMarket('l1', 5), type: 'limit', limitPrice: 100 });
    await clock.advance(2);
    expect((await pending).status).toBe('new');
    expect((await sim.getOpenOrders()).map((order) => order.clientOrderId)).toEqual(['l1']);
    const cancel = sim.cancelOrder({ clientOrderId: 'l1' });
    await clock.advance(2);
    await cancel;
    await clock.advance(1);
    expect(events.map((event) => event.status)).toEqual(['new', 'canceled']);
    const again = rejection(sim.cancelOrder({ clientOrderId: 'l1' }), 'ORDER_NOT_CANCELABLE');
    await clock.advance(2);
    const error = await again;
    expect(OrderError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/"l1": it is already canceled/);
    const unknown = rejection(sim.cancelOrder({ clientOrderId: 'ghost' }), 'ORDER_NOT_FOUND');
    await clock.advance(2);
    await unknown;
    await sim.disconnect();
  });

  it('replaces an order: replaced on the old id, new on the new id', async () => {
    const { sim, clock, events } = createSimHarness();
    await sim.connect();
    const submitted = sim.submitOrder({ ...appleMarket('r1', 5), type: 'limit', limitPrice: 100 });
    await clock.advance(3);
    await submitted;
    const replaced = sim.replaceOrder({ clientOrderId: 'r1', newClientOrderId: 'r2', limitPrice: 101, quantity: 7 });
    await clock.advance(2);
    expect(await replaced).toMatchObject({ clientOrderId: 'r2', status: 'new' });
    await clock.advance(1);
    expect(events.map((event) => [event.clientOrderId, event.status])).toEqual([
      ['r1', 'new'],
      ['r1', 'replaced'],
      ['r2', 'new'],
    ]);
    expect(events[1]!.replacedByClientOrderId).toBe('r2');
    expect(await sim.getOpenOrders()).toEqual([
      expect.objectContaining({ clientOrderId: 'r2', quantity: 7, limitPrice: 101 }),
    ]);
    await sim.disconnect();
  });

  it('rejects an invalid order in the answer, not as an event', async () => {
    const { sim, clock, events } = createSimHarness();
    await sim.connect();
    const bad = rejection(sim.submitOrder({ ...appleMarket('bad', 0) }), 'ORDER_REJECTED');
    await clock.advance(2);
    const error = await bad;
    expect(error.message).toMatch(/"bad": quantity must be a positive number, got 0/);
    await clock.advance(5);
    expect(events).toEqual([]);
    await sim.disconnect();
  });

  it('treats a retry with the same client order id as the same order, and different terms as a conflict', async () => {
    const { sim, clock, events } = createSimHarness();
    await sim.connect();
    const first = sim.submitOrder({ ...appleMarket('same', 5), type: 'limit', limitPrice: 100 });
    await clock.advance(3);
    const retry = sim.submitOrder({ ...appleMarket('same', 5), type: 'limit', limitPrice: 100 });
    await clock.advance(3);
    expect(await retry).toEqual(await first);
    const conflict = rejection(
      sim.submitOrder({ ...appleMarket('same', 6), type: 'limit', limitPrice: 100 }),
      'DUPLICATE_CLIENT_ORDER_ID',
    );
    await clock.advance(3);
    await conflict;
    expect(events.filter((event) => event.status === 'new')).toHaveLength(1);
    expect(await sim.getOpenOrders()).toHaveLength(1);
    await sim.disconnect();
  });

  it('cancels every open order at once', async () => {
    const { sim, clock, events } = createSimHarness();
    await sim.connect();
    for (const id of ['a', 'b', 'c']) {
      const pending = sim.submitOrder({ ...appleMarket(id, 1), type: 'limit', limitPrice: 100 });
      await clock.advance(2);
      await pending;
    }
    const cancelAll = sim.cancelAllOrders();
    await clock.advance(3);
    await cancelAll;
    expect(await sim.getOpenOrders()).toEqual([]);
    expect(events.filter((event) => event.status === 'canceled').map((event) => event.clientOrderId)).toEqual([
      'a',
      'b',
      'c',
    ]);
    await sim.disconnect();
  });
});
