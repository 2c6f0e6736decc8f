import type { ConnectorContext } from '@tickwire/core';
import type { CoinbaseRestClient, CoinbaseRestRequest } from './coinbase-rest-client';
import { coinbaseHttpError } from './coinbase-rest-errors';
import type {
  CoinbaseFill,
  CoinbaseHistoricalOrder,
  CoinbaseListFillsResponse,
  CoinbaseListOrdersResponse,
} from './coinbase-rest-messages';

// Statuses of orders that may still trade or be canceled.
const WORKING_STATUSES = ['OPEN', 'PENDING', 'QUEUED', 'CANCEL_QUEUED'];
const PAGE_SIZE = 250;
// A bound on paging, so a venue that always answers has_next cannot keep a reconciliation running for ever.
const MAX_PAGES = 40;

/**
 * Read-only order queries: `GET /orders/historical/batch` (list, paged by cursor), `GET /orders/historical/{id}`
 * and `GET /orders/historical/fills`.
 */
export class CoinbaseOrderHistory {
  readonly #rest: CoinbaseRestClient;
  readonly #context: ConnectorContext;

  constructor(rest: CoinbaseRestClient, context: ConnectorContext) {
    this.#rest = rest;
    this.#context = context;
  }

  /** Every order Coinbase holds as working (open, pending, queued, cancel queued). */
  openOrders(): Promise<CoinbaseHistoricalOrder[]> {
    return this.listOrders({ order_status: WORKING_STATUSES }, 'list open orders');
  }

  /** `GET /orders/historical/batch` with `query`, every page. */
  async listOrders(
    query: NonNullable<CoinbaseRestRequest['query']>,
    operation: string,
  ): Promise<CoinbaseHistoricalOrder[]> {
    const orders: CoinbaseHistoricalOrder[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await this.#get('/orders/historical/batch', { ...query, limit: PAGE_SIZE, cursor }, operation);
      const body = (response ?? {}) as CoinbaseListOrdersResponse;
      for (const order of body.orders ?? []) if (typeof order?.order_id === 'string') orders.push(order);
      if (body.has_next !== true || !body.cursor) return orders;
      cursor = body.cursor;
    }
    this.#context.logger.warn('Coinbase order listing cut short', { operation, pages: MAX_PAGES });
    return orders;
  }

  /** `GET /orders/historical/{order_id}`; undefined when Coinbase does not know the order (HTTP 404). */
  async order(orderId: string): Promise<CoinbaseHistoricalOrder | undefined> {
    const operation = `get order ${orderId}`;
    const response = await this.#rest.send({
      method: 'GET',
      path: `/orders/historical/${encodeURIComponent(orderId)}`,
      operation,
    });
    if (response.status === 404) return undefined;
    if (response.status >= 300) throw coinbaseHttpError(response, operation, this.#context.clock.nowMs());
    const order = (response.body as { order?: CoinbaseHistoricalOrder } | undefined)?.order;
    return typeof order?.order_id === 'string' ? order : undefined;
  }

  /** Every fill whose sequence timestamp is at or after `venueSinceMs` (Coinbase's clock), every page. */
  async fillsSince(venueSinceMs: number): Promise<CoinbaseFill[]> {
    const fills: CoinbaseFill[] = [];
    let cursor: string | undefined;
    const start = new Date(Math.max(0, Math.floor(venueSinceMs))).toISOString();
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await this.#get(
        '/orders/historical/fills',
        { start_sequence_timestamp: start, limit: PAGE_SIZE, cursor },
        'list fills',
      );
      const body = (response ?? {}) as CoinbaseListFillsResponse;
      for (const fill of body.fills ?? []) {
        if (typeof fill?.trade_id === 'string' && typeof fill.order_id === 'string') fills.push(fill);
      }
      if (!body.cursor) return fills;
      cursor = body.cursor;
    }
    this.#context.logger.warn('Coinbase fill listing cut short', { pages: MAX_PAGES });
    return fills;
  }

  async #get(path: string, query: NonNullable<CoinbaseRestRequest['query']>, operation: string): Promise<unknown> {
    const response = await this.#rest.send({ method: 'GET', path, query, operation });
    if (response.status >= 300) throw coinbaseHttpError(response, operation, this.#context.clock.nowMs());
    return response.body;
  }
}
