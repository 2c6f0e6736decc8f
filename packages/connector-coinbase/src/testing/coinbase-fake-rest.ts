import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeCancelRecord, FakeOrderRequestRecord } from '@tickwire/testkit';
import { readCoinbaseOrderConfiguration } from '../coinbase-order-configuration';
import type { CoinbaseFakeClock } from './coinbase-fake-clock';
import type { CoinbaseFakeExchange } from './coinbase-fake-exchange';
import { toFillJson, toHistoricalOrderJson } from './coinbase-fake-orders';

const PREFIX = '/api/v3/brokerage';

/** What the REST endpoint needs from the fake broker. */
export interface FakeRestEnvironment {
  readonly exchange: CoinbaseFakeExchange;
  readonly clock: CoinbaseFakeClock;
  /**
   * Checks a request's bearer JWT against the `uri` it must carry; returns undefined when valid, else the reason.
   * `connection` identifies the HTTP connection, so the first check per connection is logged as an auth attempt.
   */
  verifyJwt(token: string | undefined, uri: string, connection: object): string | undefined;
  readonly orders: FakeOrderRequestRecord[];
  readonly cancels: FakeCancelRecord[];
  /** Every request, for tests that look at what reached the fake. */
  readonly requests: Array<{ method: string; path: string; status: number }>;
  isDown(): boolean;
  /** Until when (local epoch ms) order entry answers 429. */
  stormUntilMs(): number;
  /** Private requests a second before the fake answers 429 on its own. */
  readonly requestsPerSecond: number;
}

/**
 * The Advanced Trade REST API on the fake: `GET /time` (public), `GET /accounts`, `POST /orders`,
 * `POST /orders/batch_cancel`, `GET /orders/historical/batch`, `GET /orders/historical/fills` and
 * `GET /orders/historical/{order_id}`, each checking the request's JWT (signature, claims, `uri`) first.
 */
export function createFakeRestHandler(environment: FakeRestEnvironment) {
  const recent: number[] = [];
  return (request: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        environment.requests.push({ method, path: url.pathname, status });
        const text = JSON.stringify(body);
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(text);
      };
      if (environment.isDown()) return reply(503, { error: 'UNAVAILABLE', message: 'venue unavailable' });
      const path = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : '';
      if (method === 'GET' && path === '/time') {
        const micros = environment.clock.nowMicros();
        return reply(200, {
          iso: new Date(Math.floor(micros / 1000)).toISOString(),
          epochSeconds: String(Math.floor(micros / 1_000_000)),
          epochMillis: String(Math.floor(micros / 1000)),
        });
      }
      const authorization = request.headers.authorization;
      const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
      const problem = environment.verifyJwt(token, `${method} ${url.host}${url.pathname}`, request.socket);
      if (problem !== undefined) return reply(401, { error: 'unauthorized', message: `Unauthorized: ${problem}` });
      const nowMs = Date.now();
      while (recent.length > 0 && (recent[0] as number) <= nowMs - 1000) recent.shift();
      recent.push(nowMs);
      const isOrderEntry = method === 'POST' && (path === '/orders' || path === '/orders/batch_cancel');
      const stormUntil = environment.stormUntilMs();
      if ((isOrderEntry && stormUntil > nowMs) || recent.length > environment.requestsPerSecond) {
        const untilMs = Math.max(stormUntil, nowMs + 1000);
        recordRateLimited(environment, path, parseJson(chunks));
        return reply(
          429,
          { error: 'RATE_LIMIT_EXCEEDED', message: 'Too many requests' },
          {
            'retry-after': String(Math.max(1, Math.ceil((untilMs - nowMs) / 1000))),
            'x-ratelimit-limit': String(environment.requestsPerSecond),
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.ceil(untilMs / 1000)),
          },
        );
      }
      const body = parseJson(chunks);
      const { exchange } = environment;
      if (method === 'GET' && path === '/accounts') return reply(200, paged(exchange.accounts(), url, 'accounts'));
      if (method === 'POST' && path === '/orders') {
        const created = exchange.create(body);
        environment.orders.push(orderRecord(body, created.outcome, created.order?.orderId));
        return reply(200, created.response);
      }
      if (method === 'POST' && path === '/orders/batch_cancel') {
        const ids = Array.isArray((body as { order_ids?: unknown })?.order_ids)
          ? (body as { order_ids: unknown[] }).order_ids
          : [];
        const results = exchange.cancel(ids);
        for (const result of results) {
          environment.cancels.push({
            brokerOrderId: result.order_id,
            ...clientIdOf(exchange, result.order_id),
            outcome: result.success
              ? 'accepted'
              : result.failure_reason === 'UNKNOWN_CANCEL_ORDER'
                ? 'not-found'
                : 'not-cancelable',
            atMs: Date.now(),
          });
        }
        return reply(200, { results });
      }
      if (method === 'GET' && path === '/orders/historical/batch') {
        const statuses = url.searchParams.getAll('order_status');
        const products = url.searchParams.getAll('product_ids');
        const startMs = Date.parse(url.searchParams.get('start_date') ?? '');
        const orders = exchange
          .orders()
          .filter((order) => statuses.length === 0 || statuses.includes(order.status))
          .filter((order) => products.length === 0 || products.includes(order.productId))
          .filter((order) => !Number.isFinite(startMs) || order.createdMicros / 1000 >= startMs)
          .reverse()
          .map(toHistoricalOrderJson);
        return reply(200, { ...paged(orders, url, 'orders'), sequence: '0' });
      }
      if (method === 'GET' && path === '/orders/historical/fills') {
        const startMs = Date.parse(url.searchParams.get('start_sequence_timestamp') ?? '');
        const orderIds = url.searchParams.getAll('order_ids');
        const fills = exchange
          .fills()
          .filter((fill) => !Number.isFinite(startMs) || fill.micros / 1000 >= startMs)
          .filter((fill) => orderIds.length === 0 || orderIds.includes(fill.orderId))
          .map(toFillJson);
        const page = paged(fills, url, 'fills');
        return reply(200, { fills: page.fills, cursor: page.has_next ? page.cursor : '' });
      }
      const single = /^\/orders\/historical\/([^/]+)$/.exec(path);
      if (method === 'GET' && single !== null) {
        const order = exchange.order(decodeURIComponent(single[1] as string));
        if (order === undefined) return reply(404, { error: 'NOT_FOUND', message: 'order not found' });
        return reply(200, { order: toHistoricalOrderJson(order) });
      }
      return reply(404, { error: 'NOT_FOUND', message: `no route ${method} ${url.pathname}` });
    });
  };
}

function paged<T>(
  items: readonly T[],
  url: URL,
  key: string,
): Record<string, unknown> & { has_next: boolean; cursor: string } {
  const limit = Math.max(1, Math.min(1000, Number(url.searchParams.get('limit') ?? 250) || 250));
  const start = Number(url.searchParams.get('cursor') ?? 0) || 0;
  const page = items.slice(start, start + limit);
  const hasNext = start + limit < items.length;
  return { [key]: page, has_next: hasNext, cursor: hasNext ? String(start + limit) : '', size: page.length };
}

function orderRecord(
  body: unknown,
  outcome: FakeOrderRequestRecord['outcome'],
  brokerOrderId?: string,
): FakeOrderRequestRecord {
  const request = (body ?? {}) as Record<string, unknown>;
  const terms = readCoinbaseOrderConfiguration(request.order_configuration);
  return {
    clientOrderId: String(request.client_order_id ?? ''),
    symbol: String(request.product_id ?? ''),
    side: request.side === 'SELL' ? 'sell' : 'buy',
    type: terms?.type ?? 'market',
    timeInForce: terms?.timeInForce ?? 'ioc',
    ...(terms?.quantity === undefined ? {} : { quantity: terms.quantity }),
    ...(terms?.limitPrice === undefined ? {} : { limitPrice: terms.limitPrice }),
    ...(terms?.stopPrice === undefined ? {} : { stopPrice: terms.stopPrice }),
    outcome,
    ...(brokerOrderId === undefined ? {} : { brokerOrderId }),
    atMs: Date.now(),
  };
}

function recordRateLimited(environment: FakeRestEnvironment, path: string, body: unknown): void {
  if (path === '/orders') environment.orders.push(orderRecord(body, 'rate-limited'));
  if (path === '/orders/batch_cancel') {
    const ids = (body as { order_ids?: unknown[] } | undefined)?.order_ids ?? [];
    for (const id of ids) {
      environment.cancels.push({
        brokerOrderId: String(id),
        ...clientIdOf(environment.exchange, String(id)),
        outcome: 'rate-limited',
        atMs: Date.now(),
      });
    }
  }
}

function clientIdOf(exchange: CoinbaseFakeExchange, orderId: string): { clientOrderId?: string } {
  const order = exchange.order(orderId);
  return order === undefined ? {} : { clientOrderId: order.clientOrderId };
}

function parseJson(chunks: Buffer[]): unknown {
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
