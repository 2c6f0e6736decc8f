import { isTickwireError, type OrderAck } from '@tickwire/core';
import { expect } from 'vitest';
import type { FakeExecution } from '../fake-broker/fake-broker-records';
import type { CaseRegistry, ConformanceSession } from './conformance-session';
import { expectTickwireRejection, requestsFor, restingBuyOrder, threeFillParts } from './order-helpers';

const PRICE_TOLERANCE = 1e-9;

/** Submits a resting buy and checks what reached the broker: exactly one request, accepted, with the order's fields. */
async function submitResting(session: ConformanceSession, label: string, quantity?: number) {
  const order = restingBuyOrder(session, label, quantity);
  const ack = await session.host.connector.submitOrder(order);
  expect(ack.clientOrderId).toBe(order.clientOrderId);
  expect(typeof ack.brokerOrderId).toBe('string');
  expect(ack.brokerOrderId.length).toBeGreaterThan(0);
  expect(['pending-new', 'new']).toContain(ack.status);
  const requests = requestsFor(session, order.clientOrderId);
  expect(requests.length, `order requests for ${order.clientOrderId} that reached the broker`).toBe(1);
  expect(requests[0]).toMatchObject({
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    quantity: order.quantity,
    limitPrice: order.limitPrice,
    outcome: 'accepted',
  });
  expect(session.broker.order(order.clientOrderId)?.brokerOrderId).toBe(ack.brokerOrderId);
  return { order, ack };
}

/** Waits until the order is `new`: from the acknowledgement, or from an event. */
async function expectWorking(session: ConformanceSession, ack: OrderAck): Promise<void> {
  if (ack.status === 'new') return;
  await session.host.waitForOrderEvent(
    `${ack.clientOrderId} new`,
    (event) => event.clientOrderId === ack.clientOrderId && event.status === 'new',
  );
}

/** Fills at the broker and waits until the host has booked the broker's cumulative quantity. */
async function fillAndAwait(
  session: ConformanceSession,
  clientOrderId: string,
  quantity: number,
): Promise<FakeExecution> {
  const price = session.options.resolvedOrder!.fillPrice;
  const execution = await session.broker.fill!(clientOrderId, quantity, price);
  expect(execution.cumulativeQuantity).toBe(session.broker.order(clientOrderId)?.filledQuantity);
  await session.host.waitFor(
    `${clientOrderId} booked ${execution.cumulativeQuantity} filled`,
    () => session.host.fills.filledQuantity(clientOrderId) >= execution.cumulativeQuantity - PRICE_TOLERANCE,
  );
  return execution;
}

/** Cases on the order lifecycle. */
export function registerOrderCases(registry: CaseRegistry): void {
  const { gates } = registry;

  registry.add(
    'order lifecycle: submit -> new -> filled; exactly one order reached the broker',
    [gates.restingOrders(), gates.fill()],
    async (session) => {
      const { broker, host } = session;
      await host.connector.connect();
      const { order, ack } = await submitResting(session, 'lc');
      await expectWorking(session, ack);
      const open = await host.connector.getOpenOrders();
      expect(
        open.filter((each) => each.clientOrderId === order.clientOrderId).map((each) => each.brokerOrderId),
      ).toEqual([ack.brokerOrderId]);

      await fillAndAwait(session, order.clientOrderId, order.quantity!);
      await host.waitForOrderEvent(
        `${order.clientOrderId} filled`,
        (event) => event.clientOrderId === order.clientOrderId && event.status === 'filled',
      );
      expect(broker.order(order.clientOrderId)?.status).toBe('filled');
      expect(host.fills.filledQuantity(order.clientOrderId)).toBeCloseTo(order.quantity!, 9);
      expect(host.fills.averagePrice(order.clientOrderId)).toBeCloseTo(session.options.resolvedOrder!.fillPrice, 9);
      const events = host.orderEvents.filter((event) => event.clientOrderId === order.clientOrderId);
      for (const event of events) {
        if (event.brokerOrderId !== undefined) expect(event.brokerOrderId).toBe(ack.brokerOrderId);
        expect(Number.isFinite(event.timestampMs)).toBe(true);
      }
      expect((await host.connector.getOpenOrders()).some((each) => each.clientOrderId === order.clientOrderId)).toBe(
        false,
      );
      expect(requestsFor(session, order.clientOrderId).length, 'order requests in total').toBe(1);
    },
  );

  registry.add(
    'idempotent retry: resubmitting a client order id, in turn or at once, leaves one order at the broker',
    [gates.restingOrders(), gates.capability('idempotentClientOrderIds')],
    async (session) => {
      const { broker, host } = session;
      await host.connector.connect();
      for (const concurrent of [false, true]) {
        const order = restingBuyOrder(session, concurrent ? 'ic' : 'is');
        const attempts = concurrent
          ? await Promise.allSettled([host.connector.submitOrder(order), host.connector.submitOrder(order)])
          : [await settle(host.connector.submitOrder(order)), await settle(host.connector.submitOrder(order))];
        const acks = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
        expect(acks.length, 'at least one submit succeeds').toBeGreaterThanOrEqual(1);
        for (const attempt of attempts) {
          if (attempt.status === 'rejected') {
            expect(isTickwireError(attempt.reason, 'DUPLICATE_CLIENT_ORDER_ID'), String(attempt.reason)).toBe(true);
          }
        }
        expect(new Set(acks.map((ack) => ack.brokerOrderId)).size, 'broker order ids behind one client id').toBe(1);
        const requests = requestsFor(session, order.clientOrderId);
        expect(requests.filter((request) => request.outcome === 'accepted').length, 'orders the broker created').toBe(
          1,
        );
        expect(requests.every((request) => request.outcome === 'accepted' || request.outcome === 'duplicate')).toBe(
          true,
        );
        expect(broker.order(order.clientOrderId)?.brokerOrderId).toBe(acks[0]!.brokerOrderId);
      }
    },
  );

  registry.add(
    'partial fills: what the host books equals the broker cumulative, also after replaying events and reconciling',
    [gates.restingOrders(), gates.fill()],
    async (session) => {
      const { broker, host } = session;
      await host.connector.connect();
      const sinceMs = host.context.clock.nowMs() - 1_000;
      const { order, ack } = await submitResting(session, 'pf');
      await expectWorking(session, ack);
      const executions: FakeExecution[] = [];
      for (const part of threeFillParts(order.quantity!))
        executions.push(await fillAndAwait(session, order.clientOrderId, part));
      await host.waitForOrderEvent(
        `${order.clientOrderId} filled`,
        (event) => event.clientOrderId === order.clientOrderId && event.status === 'filled',
      );
      const events = host.orderEvents.filter((event) => event.clientOrderId === order.clientOrderId);
      expect(
        events.some((event) => event.status === 'partially-filled'),
        'a partially-filled event',
      ).toBe(true);

      const brokerFilled = broker.order(order.clientOrderId)!.filledQuantity;
      expect(brokerFilled).toBeCloseTo(order.quantity!, 9);
      expect(host.fills.filledQuantity(order.clientOrderId), 'booked from events').toBeCloseTo(brokerFilled, 9);
      const cumulative = events.flatMap((event) =>
        event.cumulativeQuantity === undefined ? [] : [event.cumulativeQuantity],
      );
      expect(cumulative, 'cumulative totals never go down').toEqual([...cumulative].sort((a, b) => a - b));
      expect(Math.max(0, ...cumulative)).toBeLessThanOrEqual(brokerFilled + PRICE_TOLERANCE);
      const fills = events.flatMap((event) => (event.fill === undefined ? [] : [event.fill]));
      const byExecutionId = new Map<string, string>();
      for (const fill of fills) {
        const terms = `${fill.quantity}@${fill.price}`;
        // A re-sent execution is fine (the order manager deduplicates it); one id for two executions is not.
        expect(
          byExecutionId.get(fill.executionId) ?? terms,
          `execution ${fill.executionId} reported with other terms`,
        ).toBe(terms);
        byExecutionId.set(fill.executionId, terms);
      }
      expect(host.fills.executedQuantity(order.clientOrderId), 'distinct executions').toBeLessThanOrEqual(
        brokerFilled + PRICE_TOLERANCE,
      );
      const executionIds = [...byExecutionId.keys()];
      const brokerIds = executions.flatMap((execution) =>
        execution.executionId === undefined ? [] : [execution.executionId],
      );
      if (brokerIds.length === executions.length) {
        for (const id of executionIds) expect(brokerIds, 'event execution ids are the venue ids').toContain(id);
      }

      // An order manager sees reports twice (replays, reconciliation); none may count again.
      for (const event of events) host.fills.applyEvent(event);
      const report = await host.connector.reconcile(sinceMs);
      host.fills.applyReport(report);
      expect(host.fills.filledQuantity(order.clientOrderId), 'booked after replay + reconcile').toBeCloseTo(
        brokerFilled,
        9,
      );
      if (session.options.plugin.manifest.capabilities.reconciliation) {
        const reported = report.fills.filter((fill) => fill.clientOrderId === order.clientOrderId);
        expect(
          reported.reduce((sum, fill) => sum + fill.quantity, 0),
          'reconciled fills',
        ).toBeCloseTo(brokerFilled, 9);
      }
    },
  );

  registry.add(
    'cancel: reaches the broker, canceled event, then refused as not cancelable',
    [gates.restingOrders()],
    async (session) => {
      const { broker, host } = session;
      await host.connector.connect();
      const { order, ack } = await submitResting(session, 'cx');
      await expectWorking(session, ack);
      await host.connector.cancelOrder({ clientOrderId: order.clientOrderId, brokerOrderId: ack.brokerOrderId });
      const cancels = broker.received.cancels.filter(
        (record) => record.clientOrderId === order.clientOrderId || record.brokerOrderId === ack.brokerOrderId,
      );
      expect(cancels.map((record) => record.outcome)).toEqual(['accepted']);
      await host.waitForOrderEvent(
        `${order.clientOrderId} canceled`,
        (event) => event.clientOrderId === order.clientOrderId && event.status === 'canceled',
      );
      expect(broker.order(order.clientOrderId)?.status).toBe('canceled');
      expect((await host.connector.getOpenOrders()).some((each) => each.clientOrderId === order.clientOrderId)).toBe(
        false,
      );
      await expectTickwireRejection(
        host.connector.cancelOrder({ clientOrderId: order.clientOrderId, brokerOrderId: ack.brokerOrderId }),
        ['ORDER_NOT_CANCELABLE', 'ORDER_NOT_FOUND'],
        'cancel of a canceled order',
      );
      await expectTickwireRejection(
        host.connector.cancelOrder({ clientOrderId: `${order.clientOrderId}x` }),
        ['ORDER_NOT_FOUND'],
        'cancel of an order the broker never had',
      );
    },
  );

  registry.add(
    'replace: the broker holds the new order with the new terms; the old one is replaced',
    [gates.restingOrders(), gates.capability('replaceOrders')],
    async (session) => {
      const { broker, host } = session;
      const { replacePrice } = session.options.resolvedOrder!;
      await host.connector.connect();
      const { order, ack } = await submitResting(session, 'rp');
      await expectWorking(session, ack);
      const newClientOrderId = `${order.clientOrderId}r`;
      const quantity = order.quantity! + 1;
      const replaced = await host.connector.replaceOrder({
        clientOrderId: order.clientOrderId,
        newClientOrderId,
        quantity,
        limitPrice: replacePrice,
      });
      expect(replaced.clientOrderId).toBe(newClientOrderId);
      const records = broker.received.replaces.filter((record) => record.clientOrderId === order.clientOrderId);
      expect(records.length, 'replace requests that reached the broker').toBe(1);
      expect(records[0]).toMatchObject({ newClientOrderId, quantity, limitPrice: replacePrice, outcome: 'accepted' });
      expect(broker.order(newClientOrderId)).toMatchObject({
        quantity,
        limitPrice: replacePrice,
        brokerOrderId: replaced.brokerOrderId,
      });
      expect(['new', 'pending-new']).toContain(broker.order(newClientOrderId)!.status);
      const event = await host.waitForOrderEvent(
        `${order.clientOrderId} replaced`,
        (each) => each.clientOrderId === order.clientOrderId && each.status === 'replaced',
      );
      expect(event.replacedByClientOrderId, 'replacedByClientOrderId of the replaced event').toBe(newClientOrderId);
      expect(broker.order(order.clientOrderId)?.status).toBe('replaced');
      const open = (await host.connector.getOpenOrders()).map((each) => each.clientOrderId);
      expect(open).toContain(newClientOrderId);
      expect(open).not.toContain(order.clientOrderId);
    },
  );
}

function settle<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return promise.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}
