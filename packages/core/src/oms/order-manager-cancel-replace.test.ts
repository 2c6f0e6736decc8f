import { describe, expect, it } from 'vitest';
import { OrderError } from '../errors/order-error';
import { TickwireError } from '../errors/tickwire-error';
import { limitBuy, setup } from './__fixtures__/order-manager-setup';

describe('OrderManager cancel and replace', () => {
  it('cancels through the gate, returning to the previous status when the broker refuses', async () => {
    const { transmitter, gate, oms } = setup();
    await oms.submit(limitBuy('c1'));
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'new', timestampMs: 1 });
    transmitter.cancelAnswers.push(
      new OrderError({ code: 'ORDER_NOT_CANCELABLE', clientOrderId: 'c1', message: 'order is being filled' }),
    );
    expect(await oms.cancel('c1')).toEqual({
      kind: 'failed',
      clientOrderId: 'c1',
      reason: 'order is being filled',
      retryable: false,
    });
    expect(oms.order('c1')?.status).toBe('new');
    expect(await oms.cancel('c1')).toEqual({ kind: 'sent', clientOrderId: 'c1' });
    expect(oms.order('c1')?.status).toBe('pending-cancel');
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'canceled', timestampMs: 2 });
    expect(await oms.cancel('c1')).toEqual({ kind: 'not-open', clientOrderId: 'c1', status: 'canceled' });
    expect(gate.calls.filter((call) => call.startsWith('cancel'))).toEqual(['cancel c1', 'cancel c1']);
    expect(transmitter.canceled).toEqual(['c1', 'c1']);
    expect(transmitter.cancelRequests[0]).toEqual({ clientOrderId: 'c1', brokerOrderId: 'B-c1' });
  });

  it('returns the in-flight cancel for a second cancel of the same order', async () => {
    const { transmitter, oms } = setup();
    await oms.submit(limitBuy('c1'));
    transmitter.cancelAnswers.push('hang');
    const first = oms.cancel('c1');
    expect(oms.cancel('c1')).toBe(first);
    transmitter.settle({});
    expect((await first).kind).toBe('sent');
    expect(transmitter.canceled).toEqual(['c1']);
  });

  it('replaces a live order: the gate sees the open quantity handed over, and the old order ends replaced', async () => {
    const { transmitter, gate, oms } = setup();
    await oms.submit(limitBuy('c1', 10));
    oms.onOrderEvent({
      clientOrderId: 'c1',
      status: 'partially-filled',
      fill: {
        executionId: 'x1',
        clientOrderId: 'c1',
        symbol: 'AAPL',
        side: 'buy',
        quantity: 4,
        price: 100,
        timestampMs: 1,
      },
      timestampMs: 1,
    });
    const outcome = await oms.replace({ clientOrderId: 'c1', newClientOrderId: 'c2', quantity: 8, limitPrice: 101 });
    expect(outcome).toEqual({ kind: 'accepted', clientOrderId: 'c2', brokerOrderId: 'B-c2' });
    expect(gate.calls).toContain('replace c2 8 open 6');
    expect(transmitter.replaced).toHaveLength(1);
    expect(oms.order('c1')?.status).toBe('pending-replace');
    expect(oms.order('c2')).toMatchObject({ status: 'pending-new', limitPrice: 101, replacesClientOrderId: 'c1' });
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'replaced', replacedByClientOrderId: 'c2', timestampMs: 2 });
    oms.onOrderEvent({ clientOrderId: 'c2', status: 'new', timestampMs: 2 });
    expect(oms.order('c1')).toMatchObject({ status: 'replaced', replacedByClientOrderId: 'c2' });
    expect(oms.positions.symbolExposure('default', 'AAPL').openBuyQuantity).toBe(8);
    expect(await oms.replace({ clientOrderId: 'c1', newClientOrderId: 'c2', quantity: 8 })).toEqual(outcome);
  });

  it('refuses to replace an order that is not live, and restores the original when the broker refuses', async () => {
    const { transmitter, oms } = setup();
    await oms.submit(limitBuy('c1'));
    expect(await oms.replace({ clientOrderId: 'c1', newClientOrderId: 'c2', quantity: 5 })).toMatchObject({
      kind: 'refused',
      retryable: false,
    });
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'new', timestampMs: 1 });
    transmitter.replaceAnswers.push(
      new OrderError({ code: 'ORDER_REJECTED', clientOrderId: 'c1', message: 'too late' }),
    );
    expect(await oms.replace({ clientOrderId: 'c1', newClientOrderId: 'c3', quantity: 5 })).toMatchObject({
      kind: 'rejected',
    });
    expect(oms.order('c1')?.status).toBe('new');
    expect(oms.order('c3')?.status).toBe('rejected');
  });

  it('cancels every open order as an emergency, including those of unknown outcome', async () => {
    const { transmitter, gate, oms } = setup();
    await oms.submit(limitBuy('c1'));
    transmitter.submitAnswers.push(new TickwireError({ code: 'TIMEOUT', message: 'timeout' }));
    await oms.submit(limitBuy('c2'));
    await oms.submit(limitBuy('c3'));
    oms.onOrderEvent({ clientOrderId: 'c3', status: 'canceled', timestampMs: 1 });
    const report = await oms.cancelAllOpenOrders();
    expect(report.requested).toBe(2);
    expect(report.outcomes.map((outcome) => outcome.kind)).toEqual(['sent', 'sent']);
    expect(transmitter.canceled).toEqual(['c1', 'c2']);
    expect(gate.calls.filter((call) => call.startsWith('cancel'))).toEqual([
      'cancel c1 emergency',
      'cancel c2 emergency',
    ]);
  });

  it('prunes terminal orders updated before a time, keeping open ones and positions', async () => {
    const { oms } = setup();
    await oms.submit(limitBuy('old'));
    await oms.submit(limitBuy('open'));
    oms.onOrderEvent({
      clientOrderId: 'old',
      status: 'filled',
      fill: {
        executionId: 'x1',
        clientOrderId: 'old',
        symbol: 'AAPL',
        side: 'buy',
        quantity: 10,
        price: 100,
        timestampMs: 5,
      },
      timestampMs: 5,
    });
    expect(oms.pruneTerminalOrders(6)).toBe(1);
    expect(oms.order('old')).toBeUndefined();
    expect(oms.order('open')?.status).toBe('pending-new');
    expect(oms.positions.symbolExposure('default', 'AAPL').quantity).toBe(10);
    expect(oms.pruneTerminalOrders(6)).toBe(0);
  });
});
