import { describe, expect, it } from 'vitest';
import type { Fill } from '../domain/order-event';
import type { OrderRequest, OrderSide } from '../domain/order-request';
import type { OrderSnapshot } from '../domain/order-snapshot';
import { LastQuoteBook } from '../feed/last-quote-book';
import { FakeTransmitter } from './__fixtures__/fake-transmitter';
import { OrderManager } from './order-manager';
import type { BrokerReconciliationState } from './order-manager-types';

// The runtime scenario without the runtime: three market orders acknowledged `filled` (so booked synthetically at
// the quote's mid, 190.005), their execution events lost in a disconnect, then recovered by reconciliation.
const SYMBOL = 'SIM-AAPL';
const ORDERS: readonly { id: string; side: OrderSide; quantity: number; price: number }[] = [
  { id: 'away-0', side: 'buy', quantity: 10, price: 190.01 },
  { id: 'away-1', side: 'buy', quantity: 11, price: 190.01 },
  { id: 'away-2', side: 'sell', quantity: 12, price: 190.0 },
];
const FILLED_AT_MS = 1_000;
const LOST_AT_MS = 1_003;

function marketOrder(id: string, side: OrderSide, quantity: number): OrderRequest {
  return { clientOrderId: id, symbol: SYMBOL, side, type: 'market', timeInForce: 'ioc', quantity };
}

function execution(order: (typeof ORDERS)[number]): Fill {
  return {
    executionId: `X-${order.id}`,
    clientOrderId: order.id,
    symbol: SYMBOL,
    side: order.side,
    quantity: order.quantity,
    price: order.price,
    timestampMs: FILLED_AT_MS,
  };
}

function closedSnapshot(order: (typeof ORDERS)[number]): OrderSnapshot {
  return {
    clientOrderId: order.id,
    brokerOrderId: `B-${order.id}`,
    symbol: SYMBOL,
    side: order.side,
    type: 'market',
    timeInForce: 'ioc',
    status: 'filled',
    quantity: order.quantity,
    filledQuantity: order.quantity,
    averageFillPrice: order.price,
    createdAtMs: FILLED_AT_MS,
    updatedAtMs: FILLED_AT_MS,
  };
}

/** A broker that answers reconciliation honestly for the window asked: only what happened at or after `sinceMs`. */
function venue(): { reconcile(sinceMs: number): Promise<BrokerReconciliationState> } {
  return {
    reconcile: (sinceMs) =>
      Promise.resolve({
        openOrders: [],
        fills: ORDERS.map(execution).filter((fill) => fill.timestampMs >= sinceMs),
        closedOrders: ORDERS.map(closedSnapshot).filter((snapshot) => snapshot.updatedAtMs >= sinceMs),
      }),
  };
}

/** Submits the three orders; the broker acknowledges each as already `filled`, with no price. */
async function submitFilledAtTheMid() {
  const quotes = new LastQuoteBook();
  quotes.update(SYMBOL, 190.0, 190.01, FILLED_AT_MS);
  const transmitter = new FakeTransmitter();
  const oms = new OrderManager({ transmitter, quotes, clock: () => FILLED_AT_MS });
  for (const order of ORDERS) {
    transmitter.submitAnswers.push({ brokerOrderId: `B-${order.id}`, status: 'filled' });
    expect((await oms.submit(marketOrder(order.id, order.side, order.quantity))).kind).toBe('accepted');
  }
  const position = oms.positions.symbolExposure('default', SYMBOL);
  // Booked at the estimate: the quantity is right, the prices are not yet.
  expect([position.quantity, position.averagePrice]).toEqual([9, expect.closeTo(190.005, 9)]);
  return { oms, position };
}

describe('OrderManager: fills recovered after a disconnect', () => {
  it('re-books synthetic fills at the executions prices, as if they had been booked at those prices', async () => {
    const { oms, position } = await submitFilledAtTheMid();
    const summary = oms.applyReconciliation({
      openOrders: [],
      fills: ORDERS.map(execution),
      closedOrders: ORDERS.map(closedSnapshot),
    });
    expect(summary.recoveredFills).toBe(3);
    // Average cost, replayed in order: 21 bought at 190.01, 12 of them sold at 190.00.
    expect(position.quantity).toBe(9);
    expect(position.averagePrice).toBeCloseTo(190.01, 9);
    expect(position.realizedPnl).toBeCloseTo(-0.12, 9);
    for (const order of ORDERS) {
      expect(oms.order(order.id)).toMatchObject({ status: 'filled', filledQuantity: order.quantity });
      expect(oms.order(order.id)?.averageFillPrice).toBeCloseTo(order.price, 9);
    }
  });

  it('asks for everything since before the drop, not since the drop, when events were still in flight', async () => {
    const { oms, position } = await submitFilledAtTheMid();
    // The host asks from the moment the link went down; the fills happened (and their events left) just before.
    const summary = await oms.reconcile(venue(), LOST_AT_MS);
    expect(summary.recoveredFills).toBe(3);
    expect(position.averagePrice).toBeCloseTo(190.01, 9);
    expect(position.realizedPnl).toBeCloseTo(-0.12, 9);
  });

  it('books an execution beyond the synthetic quantity at its own price, and re-prices the synthetic part', async () => {
    const transmitter = new FakeTransmitter();
    const oms = new OrderManager({ transmitter, clock: () => FILLED_AT_MS });
    const limit = (id: string, side: OrderSide): OrderRequest => ({
      ...marketOrder(id, side, 10),
      type: 'limit',
      timeInForce: 'day',
      limitPrice: side === 'buy' ? 100 : 102,
    });
    await oms.submit(limit('b', 'buy'));
    await oms.submit(limit('s', 'sell'));
    const prices: number[] = [];
    oms.on('fill', (event) => prices.push(event.price));
    // 5 bought, known only from a total (estimated at the limit), then 5 sold for real.
    oms.onOrderEvent({ clientOrderId: 'b', status: 'partially-filled', cumulativeQuantity: 5, timestampMs: 1 });
    const sold = { executionId: 'S1', clientOrderId: 's', symbol: SYMBOL, side: 'sell' as const, quantity: 5 };
    const soldAt = { price: 102, timestampMs: 2 };
    oms.onOrderEvent({ clientOrderId: 's', status: 'partially-filled', fill: { ...sold, ...soldAt }, timestampMs: 2 });
    // The buy's one real execution: all 10 at 101.
    const bought = { executionId: 'B1', clientOrderId: 'b', symbol: SYMBOL, side: 'buy' as const, quantity: 10 };
    const boughtAt = { price: 101, timestampMs: 3 };
    oms.onOrderEvent({ clientOrderId: 'b', status: 'filled', fill: { ...bought, ...boughtAt }, timestampMs: 3 });
    expect(prices).toEqual([100, 102, 101]);
    const position = oms.positions.symbolExposure('default', SYMBOL);
    expect(position.quantity).toBe(5);
    expect(position.averagePrice).toBeCloseTo(101, 9);
    expect(position.realizedPnl).toBeCloseTo(5 * (102 - 101), 9);
  });
});
