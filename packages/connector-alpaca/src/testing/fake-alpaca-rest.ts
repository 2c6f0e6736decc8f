import type { OrderSide, OrderType, TimeInForce } from '@tickwire/core';
import type { FakeAlpacaAccount } from './fake-alpaca-account';
import type { FakeAlpacaMarket } from './fake-alpaca-market';
import { orderToWire } from './fake-alpaca-order-model';
import type { FakeAlpacaOrders, FakeRestAnswer } from './fake-alpaca-orders';
import type { FakeAlpacaRecords, FakeAlpacaRequestOutcome } from './fake-alpaca-records';
import type { FakeAlpacaClock } from './fake-alpaca-time';

/** A scripted REST failure: the next matching request gets this answer instead of its own. */
export interface ScriptedRestFailure {
  /** `GET`, `POST`...; any when left out. */
  readonly method?: string;
  /** Exact path (`/v2/orders`) or a prefix ending in `*`; any when left out. */
  readonly path?: string;
  readonly status: number;
  readonly body?: unknown;
  /** How many requests get it. Default 1. */
  times?: number;
}

/** One REST request as the fake's router sees it. */
export interface FakeRestRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly keyId: string | undefined;
  readonly secretKey: string | undefined;
}

/** What the router needs from the server. */
export interface FakeRestHost {
  readonly orders: FakeAlpacaOrders;
  readonly account: FakeAlpacaAccount;
  readonly market: FakeAlpacaMarket;
  readonly records: FakeAlpacaRecords;
  readonly clock: FakeAlpacaClock;
  readonly rateLimitPerMinute: number;
  readonly scriptedFailures: ScriptedRestFailure[];
  checkCredentials(keyId: unknown, secretKey: unknown): boolean;
  /** Until when (venue ms) order entry answers 429, from the rate-limit storm fault. */
  readonly stormUntilMs: number;
}

/** A REST answer with the headers to send. */
export interface FakeRestResponse extends FakeRestAnswer {
  readonly headers: Record<string, string>;
}

/**
 * Alpaca's trading REST API v2, in process: auth headers (401), 200 requests per minute per key (429 with
 * `X-Ratelimit-*` headers), account, positions, and every order endpoint including the 207 of cancel-all.
 * Every answer carries `X-Ratelimit-Limit/Remaining/Reset`.
 */
export class FakeAlpacaRest {
  readonly #host: FakeRestHost;
  readonly #windowByKey = new Map<string, number[]>();

  constructor(host: FakeRestHost) {
    this.#host = host;
  }

  handle(request: FakeRestRequest): FakeRestResponse {
    const host = this.#host;
    const now = host.clock.nowMs();
    const window = this.#window(request.keyId ?? '', now);
    const resetSeconds = Math.ceil(((window[0] ?? now) + 60_000) / 1000);
    const rateHeaders = (remaining: number, reset = resetSeconds) => ({
      'X-Ratelimit-Limit': String(host.rateLimitPerMinute),
      'X-Ratelimit-Remaining': String(Math.max(0, remaining)),
      'X-Ratelimit-Reset': String(reset),
    });
    if (!host.checkCredentials(request.keyId, request.secretKey)) {
      return { status: 401, body: { code: 40110000, message: 'request is not authorized' }, headers: rateHeaders(0) };
    }
    const orderEntry = request.path.startsWith('/v2/orders') && request.method !== 'GET';
    if (orderEntry && now < host.stormUntilMs) {
      this.#recordRefused(request, 'rate-limited');
      return {
        status: 429,
        body: { code: 42910000, message: 'rate limit exceeded' },
        headers: rateHeaders(0, Math.ceil(host.stormUntilMs / 1000)),
      };
    }
    if (window.length >= host.rateLimitPerMinute) {
      this.#recordRefused(request, 'rate-limited');
      return { status: 429, body: { code: 42910000, message: 'rate limit exceeded' }, headers: rateHeaders(0) };
    }
    window.push(now);
    const scripted = this.#takeScripted(request);
    const answer = scripted ?? this.#route(request);
    if (scripted !== undefined) this.#recordRefused(request, 'refused');
    return { ...answer, headers: rateHeaders(host.rateLimitPerMinute - window.length) };
  }

  #route(request: FakeRestRequest): FakeRestAnswer {
    const { orders, account, market, records, clock } = this.#host;
    const { method, path, query } = request;
    const priceOf = (symbol: string) => {
      const top = market.top(symbol);
      return (top.bid + top.ask) / 2;
    };
    if (method === 'GET' && path === '/v2/account')
      return { status: 200, body: account.toWire(account.equity(priceOf)) };
    if (method === 'GET' && path === '/v2/clock') {
      return {
        status: 200,
        body: { timestamp: clock.now().toRestText(), is_open: true, next_open: null, next_close: null },
      };
    }
    if (method === 'GET' && path === '/v2/positions') return { status: 200, body: account.positionsToWire(priceOf) };
    if (method === 'GET' && path.startsWith('/v2/positions/')) {
      const symbol = decodeURIComponent(path.slice('/v2/positions/'.length)).replace('/', '');
      const found = account.positionsToWire(priceOf).find((position) => position.symbol === symbol);
      return found === undefined ? notFound('position does not exist') : { status: 200, body: found };
    }
    if (path === '/v2/orders' && method === 'POST') return this.#submit(request);
    if (path === '/v2/orders' && method === 'GET') return orders.list(query);
    if (path === '/v2/orders' && method === 'DELETE') return orders.cancelAll();
    if (path === '/v2/orders:by_client_order_id' && method === 'GET') {
      const order = orders.findByClientOrderId(query.get('client_order_id') ?? '');
      return order === undefined ? notFound('order not found') : { status: 200, body: orderToWire(order) };
    }
    if (path.startsWith('/v2/orders/')) {
      const id = decodeURIComponent(path.slice('/v2/orders/'.length));
      if (method === 'GET') {
        const order = orders.find(id);
        return order === undefined ? notFound('order not found') : { status: 200, body: orderToWire(order) };
      }
      if (method === 'DELETE') {
        const answer = orders.cancel(id);
        const outcome = answer.status === 204 ? 'accepted' : answer.status === 404 ? 'not-found' : 'not-cancelable';
        records.cancels.push({
          brokerOrderId: id,
          ...(answer.order === undefined ? {} : { clientOrderId: answer.order.clientOrderId }),
          outcome,
          atMs: Date.now(),
        });
        return answer;
      }
      if (method === 'PATCH') {
        const answer = orders.replace(id, request.body);
        const fields = (request.body ?? {}) as Record<string, unknown>;
        const old = orders.find(id);
        records.replaces.push({
          clientOrderId: old?.clientOrderId ?? id,
          newClientOrderId: answer.order?.clientOrderId ?? String(fields.client_order_id ?? ''),
          ...numberField('quantity', fields.qty),
          ...numberField('limitPrice', fields.limit_price),
          ...numberField('stopPrice', fields.stop_price),
          outcome: answer.status === 200 ? 'accepted' : answer.status === 404 ? 'not-found' : 'not-cancelable',
          atMs: Date.now(),
        });
        return answer;
      }
    }
    return notFound('endpoint not found');
  }

  #submit(request: FakeRestRequest): FakeRestAnswer {
    const answer = this.#host.orders.submit(request.body);
    const outcome: FakeAlpacaRequestOutcome =
      answer.status === 200 ? 'accepted' : answer.duplicateOf !== undefined ? 'duplicate' : 'rejected';
    const brokerOrderId = answer.order?.id ?? answer.duplicateOf?.id;
    this.#recordOrder(request, outcome, brokerOrderId);
    return answer;
  }

  #recordRefused(request: FakeRestRequest, outcome: 'rate-limited' | 'refused'): void {
    if (request.path === '/v2/orders' && request.method === 'POST') this.#recordOrder(request, outcome, undefined);
    else if (request.path.startsWith('/v2/orders/') && request.method === 'DELETE') {
      this.#host.records.cancels.push({
        brokerOrderId: request.path.slice('/v2/orders/'.length),
        outcome,
        atMs: Date.now(),
      });
    }
  }

  #recordOrder(request: FakeRestRequest, outcome: FakeAlpacaRequestOutcome, brokerOrderId: string | undefined): void {
    const fields = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >;
    this.#host.records.orders.push({
      clientOrderId: String(fields.client_order_id ?? ''),
      symbol: String(fields.symbol ?? '').replace('/', '-'),
      side: String(fields.side) as OrderSide,
      type: String(fields.type) as OrderType,
      timeInForce: String(fields.time_in_force) as TimeInForce,
      ...numberField('quantity', fields.qty),
      ...numberField('limitPrice', fields.limit_price),
      ...numberField('stopPrice', fields.stop_price),
      outcome,
      ...(brokerOrderId === undefined ? {} : { brokerOrderId }),
      atMs: Date.now(),
      body: request.body,
    });
  }

  #window(keyId: string, now: number): number[] {
    let window = this.#windowByKey.get(keyId);
    if (window === undefined) {
      window = [];
      this.#windowByKey.set(keyId, window);
    }
    while (window.length > 0 && window[0]! <= now - 60_000) window.shift();
    return window;
  }

  #takeScripted(request: FakeRestRequest): FakeRestAnswer | undefined {
    const failures = this.#host.scriptedFailures;
    const index = failures.findIndex(
      (failure) =>
        (failure.method === undefined || failure.method === request.method) &&
        (failure.path === undefined ||
          (failure.path.endsWith('*')
            ? request.path.startsWith(failure.path.slice(0, -1))
            : failure.path === request.path)),
    );
    if (index < 0) return undefined;
    const failure = failures[index]!;
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) failures.splice(index, 1);
    return {
      status: failure.status,
      body: failure.body ?? { code: failure.status * 100_000, message: 'scripted failure' },
    };
  }
}

function notFound(message: string): FakeRestAnswer {
  return { status: 404, body: { code: 40410000, message } };
}

function numberField<TName extends string>(name: TName, value: unknown): Partial<Record<TName, number>> {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? ({ [name]: number } as Record<TName, number>) : {};
}
