import { isTickwireError, type OrderAck, type OrderRequest } from '@tickwire/core';
import { expect } from 'vitest';
import { sleep } from '../host/wait-until';
import type { CaseRegistry, ConformanceSession } from './conformance-session';
import { requestsFor, restingBuyOrder } from './order-helpers';

const STORM_MS = 1_500;
// A connector that honours the venue's Retry-After (or backs off exponentially) sends a handful of requests in a
// 1.5 s storm; one that hammers sends hundreds.
const MAX_REQUESTS_IN_STORM = 10;
// What the kit, acting as the order manager, does with a RATE_LIMITED rejection: wait as told, try again, a few times.
const MAX_SUBMIT_ATTEMPTS = 6;
const MAX_RETRY_WAIT_MS = 3_000;

/** Cases where a fault hits the order path. */
export function registerOrderFaultCases(registry: CaseRegistry): void {
  const { gates } = registry;

  registry.add(
    'disconnect mid-fill: the fill made while away is recovered by reconcile(sinceMs), counted once',
    [gates.restingOrders(), gates.fill(), gates.fault('disconnect'), gates.capability('reconciliation')],
    async (session) => {
      const { broker, host } = session;
      await host.connector.connect();
      const order = restingBuyOrder(session, 'dm');
      await host.connector.submitOrder(order);
      const total = order.quantity!;
      const before = Number.isInteger(total) ? Math.floor(total / 2) : total / 2;
      const price = session.options.resolvedOrder!.fillPrice;

      await broker.fill!(order.clientOrderId, before, price);
      await host.waitFor(
        `${order.clientOrderId} booked ${before} before the drop`,
        () => host.fills.filledQuantity(order.clientOrderId) >= before,
      );
      await broker.faults.disconnect!.drop();
      await host.waitFor('the connector to notice the drop', () => host.state !== 'connected');
      const missed = await broker.fill!(order.clientOrderId, total - before, price);
      expect(broker.order(order.clientOrderId)?.status).toBe('filled');
      expect(host.fills.filledQuantity(order.clientOrderId), 'nothing can arrive while disconnected').toBeCloseTo(
        before,
        9,
      );
      await broker.faults.disconnect!.restore();

      await host.waitForState('connected', session.options.timeouts.eventMs * 2);
      await host.reconciled();
      const reconciliation = host.reconciliations.at(-1);
      expect(reconciliation?.error, 'reconcile() after the reconnect').toBeUndefined();
      const report = reconciliation!.report!;
      const missedFills = report.fills.filter(
        (fill) =>
          fill.clientOrderId === order.clientOrderId &&
          (missed.executionId === undefined || fill.executionId === missed.executionId),
      );
      expect(missedFills.length, 'the fill made while disconnected is in the reconciliation').toBeGreaterThanOrEqual(1);
      const closed = report.closedOrders.find((each) => each.clientOrderId === order.clientOrderId);
      expect(closed, `${order.clientOrderId} among the orders closed since the drop`).toMatchObject({
        status: 'filled',
      });
      expect(closed!.filledQuantity).toBeCloseTo(total, 9);
      expect(host.fills.filledQuantity(order.clientOrderId), 'booked once, events + reconciliation').toBeCloseTo(
        broker.order(order.clientOrderId)!.filledQuantity,
        9,
      );
      expect(requestsFor(session, order.clientOrderId).length, 'the order was not resent').toBe(1);
    },
  );

  registry.add(
    '429 storm: the connector backs off, the order goes through once, requests stay bounded',
    [gates.restingOrders(), gates.fault('rateLimitStorm')],
    async (session) => {
      const { broker, host } = session;
      await host.connector.connect();
      const order = restingBuyOrder(session, 'rl');
      await broker.faults.rateLimitStorm!(STORM_MS);
      const startedMs = Date.now();
      const ack = await submitLikeAnOrderManager(session, order);
      expect(ack.clientOrderId).toBe(order.clientOrderId);
      const requests = requestsFor(session, order.clientOrderId);
      expect(
        requests.filter((request) => request.outcome === 'rate-limited').length,
        'requests refused by the storm',
      ).toBeGreaterThanOrEqual(1);
      expect(requests.filter((request) => request.outcome === 'accepted').length, 'orders created').toBe(1);
      expect(requests.length, `requests during a ${STORM_MS} ms storm`).toBeLessThanOrEqual(MAX_REQUESTS_IN_STORM);
      expect(Date.now() - startedMs, 'succeeded only once the storm was over').toBeGreaterThanOrEqual(STORM_MS - 50);
      expect(broker.order(order.clientOrderId)?.brokerOrderId).toBe(ack.brokerOrderId);
    },
  );
}

/**
 * Submits, and on `RATE_LIMITED` waits as the error says (bounded) and resubmits the same client order id, as the
 * order manager does. A connector may retry by itself instead; either way the order must go through once.
 */
async function submitLikeAnOrderManager(session: ConformanceSession, order: OrderRequest): Promise<OrderAck> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await session.host.connector.submitOrder(order);
    } catch (error) {
      if (!isTickwireError(error, 'RATE_LIMITED') || attempt >= MAX_SUBMIT_ATTEMPTS) throw error;
      const retryAfterMs = Number(error.details?.retryAfterMs ?? 250);
      await sleep(Math.min(Math.max(retryAfterMs, 10), MAX_RETRY_WAIT_MS));
    }
  }
}
