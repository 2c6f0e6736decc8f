import { isTickwireError, type Logger, type ReconciliationReport } from '@tickwire/core';
import type { AlpacaOrderTracker } from './alpaca-order-tracker';
import type { AlpacaRestClient } from './alpaca-rest-client';
import { flattenOrderLegs, statusOfAlpacaOrder, toOrderSnapshot, updatedAtMsOf } from './alpaca-rest-mapping';
import { toAlpacaTimeText } from './alpaca-values';
import type { AlpacaOrder } from './alpaca-wire-types';

/** What {@link reconcileWithAlpaca} needs. */
export interface AlpacaReconcileInput {
  readonly rest: AlpacaRestClient;
  readonly tracker: AlpacaOrderTracker;
  /** The caller's `sinceMs`, already moved to Alpaca's clock and widened by the clock uncertainty. */
  readonly sinceVenueMs: number;
  /** Alpaca's clock now, epoch ms. */
  readonly nowVenueMs: number;
  readonly logger: Logger;
  /** Told about each order whose status Alpaca reports but this connector does not know. */
  readonly onUnknownStatus: (order: AlpacaOrder) => void;
}

const PAGE_LIMIT = 500;
const MAX_PAGES = 20;

/**
 * Asks Alpaca what the order manager missed:
 * 1. every open order (`GET /v2/orders?status=open&nested=true`);
 * 2. every order the connector last saw working that is no longer open, one by one (`GET /v2/orders/{id}`):
 *    Alpaca's `after` filter is on submission time, so an old GTC order that filled during the outage would be
 *    missed by a time filter;
 * 3. orders submitted since the outage began and already closed (`status=closed&after=`), e.g. from Alpaca's
 *    dashboard or another client;
 * then the executions of each (see {@link AlpacaOrderTracker}: seen ones with Alpaca's execution ids, the rest
 * derived from `filled_qty`).
 */
export async function reconcileWithAlpaca(input: AlpacaReconcileInput): Promise<ReconciliationReport> {
  const { rest, tracker, sinceVenueMs } = input;
  const openOrders = flattenOrderLegs(await rest.listOrders({ status: 'open', limit: PAGE_LIMIT, nested: true }));
  const openIds = new Set(openOrders.map((order) => order.id));
  const closedById = new Map<string, AlpacaOrder>();

  for (const brokerOrderId of tracker.openBrokerOrderIds()) {
    if (openIds.has(brokerOrderId)) continue;
    try {
      const order = await rest.getOrder(brokerOrderId, tracker.clientOrderIdOf(brokerOrderId));
      for (const each of flattenOrderLegs([order])) if (!openIds.has(each.id)) closedById.set(each.id, each);
    } catch (error) {
      if (!isTickwireError(error, 'ORDER_NOT_FOUND')) throw error;
      input.logger.warn('Alpaca no longer knows an order the connector saw working', { brokerOrderId });
    }
  }

  let after = toAlpacaTimeText(sinceVenueMs);
  for (let page = 0; page < MAX_PAGES; page++) {
    const closed = await rest.listOrders({
      status: 'closed',
      after,
      limit: PAGE_LIMIT,
      direction: 'asc',
      nested: true,
    });
    for (const order of flattenOrderLegs(closed)) {
      if (!openIds.has(order.id) && (updatedAtMsOf(order) ?? Number.POSITIVE_INFINITY) >= sinceVenueMs) {
        closedById.set(order.id, order);
      }
    }
    const last = closed.at(-1);
    if (closed.length < PAGE_LIMIT || last?.submitted_at == null) break;
    after = last.submitted_at;
  }

  const fills = [];
  for (const order of [...openOrders, ...closedById.values()]) {
    tracker.remember(order);
    if (!statusOfAlpacaOrder(order).known) input.onUnknownStatus(order);
    fills.push(...tracker.fillsOf(order, sinceVenueMs, input.nowVenueMs));
  }
  return {
    openOrders: openOrders.map((order) => toOrderSnapshot(order, input.nowVenueMs)),
    closedOrders: [...closedById.values()].map((order) => toOrderSnapshot(order, input.nowVenueMs)),
    fills,
    asOfMs: input.nowVenueMs,
  };
}
