import { describe, expect, it } from 'vitest';
import { createRecordingContext } from './__fixtures__/recording-context';
import { AlpacaOrderEventMapper } from './alpaca-order-events';
import { ALPACA_ORDER_STATUSES, mapAlpacaOrderStatus } from './alpaca-order-status';
import { AlpacaOrderTracker } from './alpaca-order-tracker';
import type { AlpacaOrder, AlpacaTradeUpdate } from './alpaca-wire-types';

function order(fields: Partial<AlpacaOrder> = {}): AlpacaOrder {
  return {
    id: 'b-1',
    client_order_id: 'c-1',
    symbol: 'AAPL',
    side: 'buy',
    type: 'limit',
    time_in_force: 'day',
    qty: '10',
    filled_qty: '0',
    filled_avg_price: null,
    limit_price: '50',
    status: 'new',
    updated_at: '2024-03-01T14:30:00.123456Z',
    ...fields,
  };
}

function update(
  event: string,
  fields: Partial<AlpacaOrder> = {},
  extra: Partial<AlpacaTradeUpdate> = {},
): AlpacaTradeUpdate {
  return { event, order: order(fields), timestamp: '2024-03-01T14:30:01.5Z', ...extra };
}

function setup(resolveReplacement = async () => undefined as string | undefined) {
  const recording = createRecordingContext();
  const tracker = new AlpacaOrderTracker();
  const mapper = new AlpacaOrderEventMapper({ context: recording.context, tracker, resolveReplacement });
  return { ...recording, tracker, mapper };
}

describe('mapAlpacaOrderStatus', () => {
  it('maps every documented status, and those without fills by the filled quantity', () => {
    const expected: Record<string, [string, string]> = {
      new: ['new', 'new'],
      accepted: ['pending-new', 'pending-new'],
      pending_new: ['pending-new', 'pending-new'],
      accepted_for_bidding: ['pending-new', 'pending-new'],
      pending_review: ['pending-new', 'pending-new'],
      held: ['pending-new', 'pending-new'],
      partially_filled: ['partially-filled', 'partially-filled'],
      filled: ['filled', 'filled'],
      done_for_day: ['new', 'partially-filled'],
      stopped: ['new', 'partially-filled'],
      suspended: ['new', 'partially-filled'],
      calculated: ['new', 'partially-filled'],
      canceled: ['canceled', 'canceled'],
      expired: ['expired', 'expired'],
      replaced: ['replaced', 'replaced'],
      pending_cancel: ['pending-cancel', 'pending-cancel'],
      pending_replace: ['pending-replace', 'pending-replace'],
      rejected: ['rejected', 'rejected'],
    };
    expect(Object.keys(expected).sort()).toEqual([...ALPACA_ORDER_STATUSES].sort());
    for (const [status, [unfilled, partly]] of Object.entries(expected)) {
      expect(mapAlpacaOrderStatus(status, 0, 10), status).toBe(unfilled);
      expect(mapAlpacaOrderStatus(status, 4, 10), status).toBe(partly);
    }
    expect(mapAlpacaOrderStatus('calculated', 10, 10)).toBe('filled');
    expect(mapAlpacaOrderStatus('teleported', 0, 10)).toBeUndefined();
    expect(mapAlpacaOrderStatus('toString', 0, 10)).toBeUndefined();
  });
});

describe('AlpacaOrderEventMapper', () => {
  it('reports partial fills incrementally, with cumulative totals that only grow', () => {
    const { mapper, orderEvents } = setup();
    mapper.onTradeUpdate(update('new'));
    mapper.onTradeUpdate(
      update(
        'partial_fill',
        { status: 'partially_filled', filled_qty: '3', filled_avg_price: '50' },
        { execution_id: 'e1', qty: '3', price: '50' },
      ),
    );
    mapper.onTradeUpdate(
      update(
        'partial_fill',
        { status: 'partially_filled', filled_qty: '7', filled_avg_price: '50.5714' },
        { execution_id: 'e2', qty: '4', price: '51' },
      ),
    );
    mapper.onTradeUpdate(
      update(
        'fill',
        { status: 'filled', filled_qty: '10', filled_avg_price: '50.7' },
        { execution_id: 'e3', qty: '3', price: '51' },
      ),
    );
    expect(orderEvents.map((event) => event.status)).toEqual(['new', 'partially-filled', 'partially-filled', 'filled']);
    expect(orderEvents.map((event) => event.cumulativeQuantity)).toEqual([0, 3, 7, 10]);
    expect(orderEvents.map((event) => event.leavesQuantity)).toEqual([10, 7, 3, 0]);
    expect(orderEvents.map((event) => event.fill?.quantity)).toEqual([undefined, 3, 4, 3]);
    expect(orderEvents.map((event) => event.fill?.executionId)).toEqual([undefined, 'e1', 'e2', 'e3']);
    expect(orderEvents[3]).toMatchObject({
      averageFillPrice: 50.7,
      brokerOrderId: 'b-1',
      timestampMs: Date.parse('2024-03-01T14:30:01.5Z'),
    });
  });

  it('keeps unknown statuses as unknown with the broker string, and tolerates unknown events', () => {
    const { mapper, orderEvents, health, logs } = setup();
    mapper.onTradeUpdate(update('order_teleported', { status: 'teleported' }));
    expect(orderEvents).toEqual([
      expect.objectContaining({ clientOrderId: 'c-1', status: 'unknown', brokerStatus: 'teleported' }),
    ]);
    expect(health.protocolErrors.map((report) => report.error.code)).toEqual(['PROTOCOL_ERROR', 'PROTOCOL_ERROR']);
    expect(health.protocolErrors[0]!.error.message).toContain('"order_teleported"');
    expect(logs.some((record) => record.level === 'warn' && record.fields.event === 'order_teleported')).toBe(true);

    mapper.onTradeUpdate(
      update('restated_v2', { status: 'new', some_future_field: { nested: true } } as Partial<AlpacaOrder>),
    );
    expect(orderEvents[1]).toMatchObject({ status: 'new', brokerStatus: 'new' });
  });

  it('passes a fill without qty/price on as a cumulative total and reports it', () => {
    const { mapper, orderEvents, health } = setup();
    mapper.onTradeUpdate(update('fill', { status: 'filled', filled_qty: '10', filled_avg_price: '50' }));
    expect(orderEvents[0]).toMatchObject({ status: 'filled', cumulativeQuantity: 10 });
    expect(orderEvents[0]!.fill).toBeUndefined();
    expect(health.protocolErrors[0]!.error.message).toContain('without a usable qty/price');
  });

  it('names the replacement of a replaced order, waiting for it when the stream is faster than the answer', async () => {
    let release: (id: string) => void = () => {};
    const pending = new Promise<string>((resolve) => {
      release = resolve;
    });
    const { mapper, orderEvents, tracker } = setup(() => pending);
    mapper.onTradeUpdate(update('replaced', { status: 'replaced', replaced_by: 'b-2' }));
    expect(orderEvents).toEqual([]);
    release('c-2');
    await pending;
    await Promise.resolve();
    expect(orderEvents[0]).toMatchObject({ status: 'replaced', replacedByClientOrderId: 'c-2' });

    tracker.remember(order({ id: 'b-4', client_order_id: 'c-4' }));
    mapper.onTradeUpdate(
      update('replaced', { id: 'b-3', client_order_id: 'c-3', status: 'replaced', replaced_by: 'b-4' }),
    );
    expect(orderEvents[1]).toMatchObject({ clientOrderId: 'c-3', replacedByClientOrderId: 'c-4' });
  });

  it('derives the fills the stream missed from filled_qty, once, and never books them twice', () => {
    const { mapper, orderEvents, tracker } = setup();
    mapper.onTradeUpdate(
      update(
        'partial_fill',
        { status: 'partially_filled', filled_qty: '4', filled_avg_price: '50' },
        { execution_id: 'e1', qty: '4', price: '50' },
      ),
    );
    // Alpaca now says 10 filled at an average of 50.6: 6 more at 51 that no event delivered.
    const closed = order({
      status: 'filled',
      filled_qty: '10',
      filled_avg_price: '50.6',
      filled_at: '2024-03-01T14:31:00Z',
    });
    const first = tracker.fillsOf(closed, 0, 0);
    expect(first.map((fill) => [fill.executionId, fill.quantity])).toEqual([
      ['e1', 4],
      ['b-1:filled:10', 6],
    ]);
    expect(first[1]!.price).toBeCloseTo(51, 9);
    expect(first[1]!.timestampMs).toBe(Date.parse('2024-03-01T14:31:00Z'));
    expect(tracker.fillsOf(closed, 0, 0)).toEqual(first);
    // A late event for quantity the derived fill covered keeps its cumulative total but not its fill.
    mapper.onTradeUpdate(
      update(
        'fill',
        { status: 'filled', filled_qty: '10', filled_avg_price: '50.6' },
        { execution_id: 'e2', qty: '6', price: '51' },
      ),
    );
    expect(orderEvents.at(-1)).toMatchObject({ status: 'filled', cumulativeQuantity: 10 });
    expect(orderEvents.at(-1)!.fill).toBeUndefined();
    // Executions seen before `since` stay out of a later report; derived ones stay in.
    expect(tracker.fillsOf(closed, Date.parse('2024-03-01T14:30:30Z'), 0).map((fill) => fill.executionId)).toEqual([
      'b-1:filled:10',
    ]);
  });

  it('forgets the oldest finished orders beyond its bound, never the working ones', () => {
    const tracker = new AlpacaOrderTracker(2);
    tracker.remember(order({ id: 'w', client_order_id: 'working' }));
    for (let index = 0; index < 5; index++)
      tracker.remember(order({ id: `f${index}`, client_order_id: `done${index}`, status: 'filled' }));
    expect(tracker.brokerOrderIdOf('working')).toBe('w');
    expect(tracker.brokerOrderIdOf('done0')).toBeUndefined();
    expect(tracker.brokerOrderIdOf('done4')).toBe('f4');
    expect(tracker.openBrokerOrderIds()).toEqual(['w']);
  });
});
