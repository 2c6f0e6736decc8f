import { describe, expect, it } from 'vitest';
import { OrderError } from '../errors/order-error';
import { TickwireError } from '../errors/tickwire-error';
import { FakeTransmitter } from './__fixtures__/fake-transmitter';
import { limitBuy, setup } from './__fixtures__/order-manager-setup';
import { OrderManager } from './order-manager';

describe('OrderManager submit', () => {
  it('sends a client order id once; a retry returns the first outcome', async () => {
    const { transmitter, oms } = setup();
    const first = oms.submit(limitBuy('c1'));
    const concurrent = oms.submit(limitBuy('c1'));
    expect(concurrent).toBe(first);
    expect(await first).toEqual({ kind: 'accepted', clientOrderId: 'c1', brokerOrderId: 'B-c1' });
    expect(await oms.submit(limitBuy('c1', 99))).toEqual(await first);
    expect(transmitter.submitted).toHaveLength(1);
    expect(oms.order('c1')?.status).toBe('pending-new');
    expect(oms.stats.transmitted).toBe(1);
  });

  it('runs the gate before sending; a denial sends nothing and is checked afresh on retry', async () => {
    const { transmitter, gate, oms } = setup();
    gate.nextCode = 7;
    expect(await oms.submit(limitBuy('c1'))).toEqual({
      kind: 'denied',
      clientOrderId: 'c1',
      reasonCode: 7,
      reason: 'REASON_7',
    });
    expect(transmitter.submitted).toHaveLength(0);
    expect(oms.order('c1')).toBeUndefined();
    gate.nextCode = 0;
    expect((await oms.submit(limitBuy('c1'))).kind).toBe('accepted');
    expect(gate.calls).toEqual(['submit c1', 'submit c1']);
    expect(oms.stats.denied).toBe(1);
  });

  it('remembers a broker rejection', async () => {
    const { transmitter, oms } = setup();
    transmitter.submitAnswers.push(
      new OrderError({ code: 'ORDER_REJECTED', clientOrderId: 'c1', message: 'insufficient buying power' }),
    );
    expect(await oms.submit(limitBuy('c1'))).toEqual({
      kind: 'rejected',
      clientOrderId: 'c1',
      reason: 'insufficient buying power',
    });
    expect((await oms.submit(limitBuy('c1'))).kind).toBe('rejected');
    expect(transmitter.submitted).toHaveLength(1);
    expect(oms.stats.finalStates.rejected).toBe(1);
  });

  it('marks an order unknown when the outcome is unknown, and never resends it', async () => {
    const { transmitter, oms } = setup();
    transmitter.submitAnswers.push(new TickwireError({ code: 'TIMEOUT', message: 'no answer in 5000 ms' }));
    expect(await oms.submit(limitBuy('c1'))).toEqual({
      kind: 'unknown',
      clientOrderId: 'c1',
      reason: 'no answer in 5000 ms',
    });
    expect(oms.order('c1')?.status).toBe('unknown');
    expect((await oms.submit(limitBuy('c1'))).kind).toBe('unknown');
    expect(transmitter.submitted).toHaveLength(1);
    expect(oms.positions.accountExposure('default').openOrderCount).toBe(1);
  });

  it('forgets a request that never left, so the same id can be sent again', async () => {
    const { transmitter, gate, oms } = setup();
    transmitter.submitAnswers.push(new TickwireError({ code: 'NOT_CONNECTED', message: 'socket closed' }));
    expect(await oms.submit(limitBuy('c1'))).toEqual({
      kind: 'refused',
      clientOrderId: 'c1',
      reason: 'not sent: socket closed',
      retryable: true,
    });
    expect(gate.forgotten).toEqual(['c1']);
    expect(oms.order('c1')).toBeUndefined();
    expect(oms.positions.accountExposure('default').openOrderCount).toBe(0);
    expect((await oms.submit(limitBuy('c1'))).kind).toBe('accepted');
    expect(transmitter.submitted).toHaveLength(2);
  });

  it('refuses an empty client order id', async () => {
    const { transmitter, oms } = setup();
    const outcome = await oms.submit(limitBuy(''));
    expect(outcome).toMatchObject({ kind: 'refused', retryable: false });
    expect(transmitter.submitted).toHaveLength(0);
  });
});

describe('OrderManager broker events', () => {
  it('follows an order through its life and counts its final state', async () => {
    const { oms, events } = setup();
    const transitions: string[] = [];
    oms.on('order', ({ order, previousStatus }) => {
      if (order.status !== previousStatus) transitions.push(`${previousStatus}>${order.status}`);
    });
    await oms.submit(limitBuy('c1'));
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'new', brokerOrderId: 'B1', timestampMs: 1 });
    oms.onOrderEvent({
      clientOrderId: 'c1',
      status: 'partially-filled',
      fill: {
        executionId: 'x1',
        clientOrderId: 'c1',
        symbol: 'AAPL',
        side: 'buy',
        quantity: 4,
        price: 99,
        timestampMs: 2,
      },
      timestampMs: 2,
    });
    oms.onOrderEvent({
      clientOrderId: 'c1',
      status: 'filled',
      fill: {
        executionId: 'x2',
        clientOrderId: 'c1',
        symbol: 'AAPL',
        side: 'buy',
        quantity: 6,
        price: 100,
        timestampMs: 3,
      },
      timestampMs: 3,
    });
    const order = oms.order('c1');
    expect(order?.status).toBe('filled');
    expect(order?.filledQuantity).toBe(10);
    expect(order?.averageFillPrice).toBeCloseTo(99.6, 12);
    expect(oms.stats.finalStates.filled).toBe(1);
    expect(events.fill.map((fill) => fill.quantity)).toEqual([4, 6]);
    expect(transitions).toEqual(['pending-new>new', 'new>partially-filled', 'partially-filled>filled']);
    expect(events.order.length).toBeGreaterThan(transitions.length);
    expect(oms.positions.symbolExposure('default', 'AAPL').quantity).toBe(10);
    expect(oms.positions.accountExposure('default').openOrderCount).toBe(0);
  });

  it('ignores a duplicate execution and refuses a late status without applying it', async () => {
    const { oms, events } = setup();
    await oms.submit(limitBuy('c1'));
    const fill = {
      executionId: 'x1',
      clientOrderId: 'c1',
      symbol: 'AAPL',
      side: 'buy',
      quantity: 10,
      price: 100,
      timestampMs: 2,
    } as const;
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'filled', fill, timestampMs: 2 });
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'partially-filled', fill, timestampMs: 2 });
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'new', timestampMs: 1 });
    expect(oms.order('c1')?.status).toBe('filled');
    expect(oms.order('c1')?.filledQuantity).toBe(10);
    expect(oms.stats.duplicateFills).toBe(1);
    expect(oms.stats.refusedTransitions['after-terminal']).toBe(2);
    expect(events['transition-refused'].map((event) => [event.from, event.to, event.reason])).toEqual([
      ['filled', 'partially-filled', 'after-terminal'],
      ['filled', 'new', 'after-terminal'],
    ]);
  });

  it('turns a cumulative total ahead of the executions into a synthetic fill, confirmed later without double count', async () => {
    const { oms, events } = setup();
    await oms.submit(limitBuy('c1'));
    oms.onOrderEvent({
      clientOrderId: 'c1',
      status: 'partially-filled',
      cumulativeQuantity: 6,
      averageFillPrice: 99,
      timestampMs: 2,
    });
    expect(oms.order('c1')?.syntheticQuantity).toBe(6);
    oms.onOrderEvent({
      clientOrderId: 'c1',
      status: 'partially-filled',
      fill: {
        executionId: 'x1',
        clientOrderId: 'c1',
        symbol: 'AAPL',
        side: 'buy',
        quantity: 6,
        price: 99,
        timestampMs: 2,
      },
      timestampMs: 2,
    });
    expect(oms.order('c1')?.filledQuantity).toBe(6);
    expect(events.fill.map((fill) => [fill.quantity, fill.synthetic, fill.confirmedQuantity])).toEqual([
      [6, true, 0],
      [0, false, 6],
    ]);
    expect(oms.positions.symbolExposure('default', 'AAPL').quantity).toBe(6);
    expect(oms.stats.syntheticFills).toBe(1);
  });

  it('reads a filled status without totals as the whole quantity filled', async () => {
    const { oms } = setup();
    await oms.submit(limitBuy('c1', 10, 100));
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'filled', averageFillPrice: 99.5, timestampMs: 2 });
    expect(oms.order('c1')?.filledQuantity).toBe(10);
    expect(oms.positions.symbolExposure('default', 'AAPL').averagePrice).toBe(99.5);
  });

  it('adopts an unknown order by its fill and reports an event it cannot place', () => {
    const { oms, events } = setup();
    oms.onOrderEvent({ clientOrderId: 'ghost', status: 'new', timestampMs: 1 });
    expect(oms.stats.orphanEvents).toBe(1);
    oms.onOrderEvent({
      clientOrderId: 'ext',
      status: 'filled',
      fill: {
        executionId: 'x9',
        clientOrderId: 'ext',
        symbol: 'MSFT',
        side: 'sell',
        quantity: 3,
        price: 400,
        timestampMs: 2,
      },
      timestampMs: 2,
    });
    expect(oms.order('ext')).toMatchObject({ external: true, status: 'filled', filledQuantity: 3 });
    expect(oms.positions.symbolExposure('default', 'MSFT').quantity).toBe(-3);
    expect(events.anomaly.map((anomaly) => anomaly.kind)).toEqual(['orphan-event', 'external-order']);
  });

  it('keeps going when a listener throws', async () => {
    const errors: unknown[] = [];
    const oms = new OrderManager({
      transmitter: new FakeTransmitter(),
      onListenerError: (error) => errors.push(error),
    });
    oms.on('order', () => {
      throw new Error('listener bug');
    });
    await oms.submit(limitBuy('c1'));
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'new', timestampMs: 1 });
    expect(oms.order('c1')?.status).toBe('new');
    expect(errors).toHaveLength(2);
  });
});
