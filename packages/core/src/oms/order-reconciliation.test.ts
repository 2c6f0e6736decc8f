import { describe, expect, it } from 'vitest';
import type { Fill } from '../domain/order-event';
import type { OrderRequest } from '../domain/order-request';
import type { OrderSnapshot } from '../domain/order-snapshot';
import { TickwireError } from '../errors/tickwire-error';
import { FakeTransmitter } from './__fixtures__/fake-transmitter';
import { OrderManager, type OrderManagerOptions } from './order-manager';
import type { ReconciliationEvent } from './order-manager-events';

function limitBuy(clientOrderId: string, quantity = 10): OrderRequest {
  return { clientOrderId, symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', quantity, limitPrice: 100 };
}

function fill(executionId: string, clientOrderId: string, quantity: number, price: number): Fill {
  return { executionId, clientOrderId, symbol: 'AAPL', side: 'buy', quantity, price, timestampMs: 5 };
}

function snapshot(clientOrderId: string, status: OrderSnapshot['status'], filledQuantity: number): OrderSnapshot {
  return {
    clientOrderId,
    brokerOrderId: `B-${clientOrderId}`,
    symbol: 'AAPL',
    side: 'buy',
    type: 'limit',
    timeInForce: 'day',
    status,
    quantity: 10,
    filledQuantity,
    limitPrice: 100,
    createdAtMs: 1,
    updatedAtMs: 9,
  };
}

function setup(options: Partial<OrderManagerOptions> = {}) {
  const transmitter = new FakeTransmitter();
  const oms = new OrderManager({ transmitter, clock: () => 1_000, ...options });
  const phases: ReconciliationEvent[] = [];
  oms.on('reconciliation', (event) => phases.push(event));
  return { transmitter, oms, phases };
}

describe('OrderManager reconciliation', () => {
  it('holds new orders until reconciliation ends, then sends them in order', async () => {
    const { transmitter, oms } = setup();
    oms.beginReconciliation();
    const first = oms.submit(limitBuy('h1'));
    const second = oms.submit(limitBuy('h2'));
    expect(oms.submit(limitBuy('h1'))).toBe(first);
    await Promise.resolve();
    expect(transmitter.submitted).toHaveLength(0);
    const summary = oms.applyReconciliation({ openOrders: [], fills: [] });
    expect(summary.releasedOrders).toBe(2);
    expect((await first).kind).toBe('accepted');
    expect((await second).kind).toBe('accepted');
    expect(transmitter.submitted.map((request) => request.clientOrderId)).toEqual(['h1', 'h2']);
  });

  it('refuses orders beyond the hold limit as retryable', async () => {
    const { oms } = setup({ maxHeldOrders: 1 });
    oms.beginReconciliation();
    void oms.submit(limitBuy('h1'));
    expect(await oms.submit(limitBuy('h2'))).toMatchObject({ kind: 'refused', retryable: true });
  });

  it('drops a held order that is canceled before it was sent', async () => {
    const { transmitter, oms } = setup();
    oms.beginReconciliation();
    const held = oms.submit(limitBuy('h1'));
    expect(await oms.cancel('h1')).toEqual({ kind: 'not-open', clientOrderId: 'h1', status: undefined });
    expect(await held).toMatchObject({ kind: 'refused', retryable: false });
    oms.applyReconciliation({ openOrders: [], fills: [] });
    expect(transmitter.submitted).toHaveLength(0);
  });

  it('recovers the fills missed while away exactly once, and the state changes', async () => {
    const { oms } = setup();
    await oms.submit(limitBuy('c1'));
    await oms.submit(limitBuy('c2'));
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'new', timestampMs: 2 });
    oms.onOrderEvent({ clientOrderId: 'c2', status: 'new', timestampMs: 2 });
    oms.onOrderEvent({
      clientOrderId: 'c1',
      status: 'partially-filled',
      fill: fill('x1', 'c1', 3, 99),
      timestampMs: 3,
    });
    // Disconnected: x2 and x3 happened at the broker; c2 was canceled.
    const summary = oms.applyReconciliation({
      openOrders: [snapshot('c1', 'partially-filled', 7)],
      fills: [fill('x1', 'c1', 3, 99), fill('x2', 'c1', 4, 100)],
      closedOrders: [snapshot('c2', 'canceled', 0)],
    });
    expect(summary.recoveredFills).toBe(1);
    expect(summary.updatedOrders).toBe(2);
    expect(oms.order('c1')).toMatchObject({ status: 'partially-filled', filledQuantity: 7, syntheticQuantity: 0 });
    expect(oms.order('c2')?.status).toBe('canceled');
    expect(oms.positions.symbolExposure('default', 'AAPL').quantity).toBe(7);
    // Applying the same report again changes nothing.
    const again = oms.applyReconciliation({
      openOrders: [snapshot('c1', 'partially-filled', 7)],
      fills: [fill('x2', 'c1', 4, 100)],
    });
    expect(again.recoveredFills).toBe(0);
    expect(oms.positions.symbolExposure('default', 'AAPL').quantity).toBe(7);
  });

  it('resolves unknown orders: found open, filled by recovered fills, or missing (canceled or rejected)', async () => {
    const { transmitter, oms } = setup();
    for (const id of ['u1', 'u2', 'u3', 'u4']) {
      transmitter.submitAnswers.push(new TickwireError({ code: 'TIMEOUT', message: 'timeout' }));
      await oms.submit(limitBuy(id));
    }
    await oms.submit(limitBuy('live'));
    oms.onOrderEvent({ clientOrderId: 'live', status: 'new', brokerOrderId: 'B-live', timestampMs: 2 });
    expect(oms.openOrders().map((order) => order.status)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'new']);
    const summary = oms.applyReconciliation({
      openOrders: [snapshot('u1', 'new', 0)],
      fills: [fill('y1', 'u2', 10, 100)],
    });
    expect(oms.order('u1')?.status).toBe('new');
    expect(oms.order('u2')?.status).toBe('filled');
    expect(oms.order('u3')?.status).toBe('rejected');
    expect(oms.order('live')?.status).toBe('canceled');
    expect(summary.resolved.map((resolution) => [resolution.clientOrderId, resolution.from, resolution.to])).toEqual([
      ['u3', 'unknown', 'rejected'],
      ['u4', 'unknown', 'rejected'],
      ['live', 'new', 'canceled'],
    ]);
    expect(summary.unresolved).toEqual([]);
  });

  it('keeps missing orders unknown under the keep-unknown policy and reports them', async () => {
    const { oms } = setup({ missingOrderPolicy: 'keep-unknown' });
    const anomalies: string[] = [];
    oms.on('anomaly', (anomaly) => anomalies.push(`${anomaly.kind} ${anomaly.clientOrderId}`));
    await oms.submit(limitBuy('c1'));
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'new', timestampMs: 2 });
    const summary = oms.applyReconciliation({ openOrders: [], fills: [] });
    expect(summary.unresolved).toEqual(['c1']);
    expect(oms.order('c1')?.status).toBe('unknown');
    expect(anomalies).toEqual(['unresolved c1']);
    expect(oms.resolveUnknown('c1', 'canceled', 'ops@desk')).toBe(true);
    expect(oms.order('c1')).toMatchObject({ status: 'canceled', lastReason: 'resolved by ops@desk' });
  });

  it('adopts open orders it did not send', () => {
    const { oms } = setup();
    const summary = oms.applyReconciliation({ openOrders: [snapshot('ext', 'partially-filled', 2)], fills: [] });
    expect(summary.adoptedOrders).toBe(1);
    expect(oms.order('ext')).toMatchObject({ external: true, status: 'partially-filled', filledQuantity: 2 });
    expect(oms.positions.symbolExposure('default', 'AAPL')).toMatchObject({ quantity: 2, openBuyQuantity: 8 });
  });

  it('leaves orders with a transmission in flight alone', async () => {
    const { transmitter, oms } = setup();
    transmitter.submitAnswers.push('hang');
    const pending = oms.submit(limitBuy('c1'));
    oms.applyReconciliation({ openOrders: [], fills: [] });
    expect(oms.order('c1')?.status).toBe('pending-new');
    transmitter.settle({ brokerOrderId: 'B1' });
    expect((await pending).kind).toBe('accepted');
  });

  it('on a failed reconciliation refuses held and new orders as retryable until one succeeds', async () => {
    const { transmitter, oms, phases } = setup();
    const failing = { reconcile: () => Promise.reject(new Error('broker 503')) };
    const reconciling = oms.reconcile(failing);
    const held = oms.submit(limitBuy('h1'));
    await expect(reconciling).rejects.toThrow('broker 503');
    expect(await held).toMatchObject({ kind: 'refused', retryable: true });
    expect(oms.reconciliationState).toBe('required');
    expect(await oms.submit(limitBuy('h2'))).toMatchObject({ kind: 'refused', retryable: true });
    const since: number[] = [];
    await oms.reconcile({
      reconcile: (sinceMs) => {
        since.push(sinceMs);
        return Promise.resolve({ openOrders: [], fills: [] });
      },
    });
    expect(since).toEqual([0]);
    expect(oms.reconciliationState).toBe('idle');
    expect((await oms.submit(limitBuy('h1'))).kind).toBe('accepted');
    expect(transmitter.submitted.map((request) => request.clientOrderId)).toEqual(['h1']);
    expect(phases.map((phase) => phase.phase)).toEqual(['begin', 'abort', 'begin', 'end']);
  });

  it('asks for fills from the last broker event minus the lookback', async () => {
    const { oms } = setup({ reconciliationLookbackMs: 100 });
    await oms.submit(limitBuy('c1'));
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'new', timestampMs: 5_000 });
    oms.onOrderEvent({ clientOrderId: 'c1', status: 'new', timestampMs: 4_000 });
    let asked = Number.NaN;
    await oms.reconcile({
      reconcile: (sinceMs) => {
        asked = sinceMs;
        return Promise.resolve({ openOrders: [snapshot('c1', 'new', 0)], fills: [] });
      },
    });
    expect(asked).toBe(4_900);
  });
});
