import {
  type ClockSkewSample,
  fetchWithRateLimit,
  isTickwireError,
  type Logger,
  maskSecretValues,
  OrderError,
  type RateLimiter,
  readRateLimitHeaders,
  TickwireError,
  type Timers,
} from '@tickwire/core';
import type { AlpacaCredentials } from './alpaca-config';
import { type AlpacaOperationKind, alpacaRestError } from './alpaca-errors';
import type {
  AlpacaAccount,
  AlpacaCancelAllEntry,
  AlpacaOrder,
  AlpacaOrderBody,
  AlpacaPosition,
  AlpacaReplaceBody,
} from './alpaca-wire-types';

/** What an {@link AlpacaRestClient} needs; the connector passes its context's parts. */
export interface AlpacaRestClientOptions {
  /** Trading REST base without `/v2`, e.g. `https://paper-api.alpaca.markets`. */
  readonly baseUrl: string;
  readonly credentials: AlpacaCredentials;
  readonly fetch: typeof fetch;
  /** The `rest` bucket: 200 requests/min per account. */
  readonly limiter: RateLimiter;
  readonly timers: Timers;
  readonly nowMs: () => number;
  readonly random: () => number;
  /** Aborts every request (host shutdown). */
  readonly signal?: AbortSignal;
  /** Longest a call may take, retries included. */
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
  readonly logger?: Logger;
  /** Told the server's clock (HTTP `Date`) on every answer, for clock-skew estimation. */
  readonly onServerTime?: (sample: ClockSkewSample) => void;
}

/** Filters of `GET /v2/orders`. */
export interface AlpacaListOrdersQuery {
  readonly status?: 'open' | 'closed' | 'all';
  readonly limit?: number;
  readonly after?: string;
  readonly until?: string;
  readonly direction?: 'asc' | 'desc';
  readonly nested?: boolean;
  readonly symbols?: readonly string[];
}

interface CallOptions {
  readonly kind?: AlpacaOperationKind;
  readonly clientOrderId?: string;
  readonly brokerOrderId?: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /** May the call be repeated after it might have reached Alpaca? */
  readonly idempotent?: boolean;
}

interface RawAnswer {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
}

/**
 * Alpaca's trading REST API v2 through the host's `fetch`: the API-key headers, the shared `rest` rate limiter
 * (429s are waited out as `X-Ratelimit-Reset` says, 502/503/504 and network errors retried when safe), a time
 * limit per call, and Alpaca's error answers turned into tickwire errors. Credentials go only into request headers,
 * never into a message.
 */
export class AlpacaRestClient {
  readonly #options: AlpacaRestClientOptions;

  constructor(options: AlpacaRestClientOptions) {
    this.#options = options;
  }

  getAccount(): Promise<AlpacaAccount> {
    return this.#json('GET', '/v2/account');
  }

  getPositions(): Promise<AlpacaPosition[]> {
    return this.#json('GET', '/v2/positions');
  }

  /** `POST /v2/orders`. Alpaca refuses a second order with the same client order id, so retrying is safe. */
  createOrder(body: AlpacaOrderBody): Promise<AlpacaOrder> {
    return this.#json('POST', '/v2/orders', {
      kind: 'submit',
      body,
      idempotent: true,
      ...(body.client_order_id === undefined ? {} : { clientOrderId: body.client_order_id }),
    });
  }

  getOrder(brokerOrderId: string, clientOrderId?: string): Promise<AlpacaOrder> {
    return this.#json('GET', `/v2/orders/${encodeURIComponent(brokerOrderId)}`, {
      kind: 'order-lookup',
      brokerOrderId,
      ...(clientOrderId === undefined ? {} : { clientOrderId }),
    });
  }

  /** `GET /v2/orders:by_client_order_id`; rejects with `ORDER_NOT_FOUND` when Alpaca has no such order. */
  getOrderByClientOrderId(clientOrderId: string): Promise<AlpacaOrder> {
    return this.#json('GET', '/v2/orders:by_client_order_id', {
      kind: 'order-lookup',
      clientOrderId,
      query: { client_order_id: clientOrderId },
    });
  }

  listOrders(query: AlpacaListOrdersQuery): Promise<AlpacaOrder[]> {
    return this.#json('GET', '/v2/orders', {
      query: {
        status: query.status,
        limit: query.limit,
        after: query.after,
        until: query.until,
        direction: query.direction,
        nested: query.nested,
        symbols: query.symbols?.join(','),
      },
    });
  }

  /** `PATCH /v2/orders/{id}`: answers with the new order that replaces it. */
  replaceOrder(brokerOrderId: string, body: AlpacaReplaceBody, clientOrderId: string): Promise<AlpacaOrder> {
    return this.#json('PATCH', `/v2/orders/${encodeURIComponent(brokerOrderId)}`, {
      kind: 'replace',
      body,
      brokerOrderId,
      clientOrderId,
      idempotent: false,
    });
  }

  /** `DELETE /v2/orders/{id}` (204). */
  async cancelOrder(brokerOrderId: string, clientOrderId: string): Promise<void> {
    await this.#call('DELETE', `/v2/orders/${encodeURIComponent(brokerOrderId)}`, {
      kind: 'cancel',
      brokerOrderId,
      clientOrderId,
    });
  }

  /** `DELETE /v2/orders`: the 207 multi-status list, one entry per order Alpaca tried to cancel. */
  cancelAllOrders(): Promise<AlpacaCancelAllEntry[]> {
    return this.#json('DELETE', '/v2/orders');
  }

  async #json<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const answer = await this.#call(method, path, options);
    if (answer.text.trim() === '') return [] as unknown as T;
    try {
      return JSON.parse(answer.text) as T;
    } catch (error) {
      throw new TickwireError({
        code: 'PROTOCOL_ERROR',
        message: `Alpaca answered ${method} ${path} with HTTP ${answer.status} and a body that is not JSON (${maskSecretValues(answer.text.slice(0, 80), [this.#options.credentials.keyId, this.#options.credentials.secretKey])}...). Check the trading endpoint URL.`,
        cause: error,
      });
    }
  }

  async #call(method: string, path: string, options: CallOptions): Promise<RawAnswer> {
    const settings = this.#options;
    const operation = `${method} ${path}`;
    const url = new URL(`${settings.baseUrl}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const timeout = new AbortController();
    const onOuterAbort = () => timeout.abort();
    settings.signal?.addEventListener('abort', onOuterAbort, { once: true });
    let timedOut = false;
    const timer = settings.timers.setTimeout(() => {
      timedOut = true;
      timeout.abort();
    }, settings.requestTimeoutMs);
    const sentAtMs = settings.nowMs();
    let response: Response;
    try {
      response = await fetchWithRateLimit(
        url.href,
        {
          method,
          headers: {
            'APCA-API-KEY-ID': settings.credentials.keyId,
            'APCA-API-SECRET-KEY': settings.credentials.secretKey,
            Accept: 'application/json',
            ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
          signal: timeout.signal,
        },
        {
          fetch: settings.fetch,
          limiter: settings.limiter,
          retry: { maxAttempts: settings.maxAttempts, retryStatuses: [502, 503, 504] },
          ...(options.idempotent === undefined ? {} : { idempotent: options.idempotent }),
          signal: timeout.signal,
          timers: settings.timers,
          nowMs: settings.nowMs,
          random: settings.random,
          onRetry: (info) =>
            settings.logger?.debug('Alpaca REST retry', {
              operation,
              attempt: info.attempt,
              delayMs: info.delayMs,
              status: info.status,
            }),
        },
      );
    } catch (error) {
      throw this.#transportError(error, operation, options, timedOut);
    } finally {
      settings.timers.clearTimeout(timer);
      settings.signal?.removeEventListener('abort', onOuterAbort);
    }
    const text = await response.text();
    this.#noteServerTime(response.headers, sentAtMs);
    if (response.status >= 200 && response.status < 300)
      return { status: response.status, text, headers: response.headers };
    const now = settings.nowMs();
    const rateInfo = readRateLimitHeaders(response.headers, now);
    const retryAtMs = rateInfo.retryAtMs ?? rateInfo.resetAtMs;
    if ((options.kind === 'submit' || options.kind === 'replace') && response.status >= 500) {
      throw outcomeUnknown(operation, options, `HTTP ${response.status}`);
    }
    throw alpacaRestError({
      status: response.status,
      // Alpaca never echoes keys, but a proxy or a future message might: errors must not carry them.
      bodyText: maskSecretValues(text, [settings.credentials.keyId, settings.credentials.secretKey]),
      operation,
      kind: options.kind ?? 'other',
      ...(options.clientOrderId === undefined ? {} : { clientOrderId: options.clientOrderId }),
      ...(options.brokerOrderId === undefined ? {} : { brokerOrderId: options.brokerOrderId }),
      ...(retryAtMs === undefined ? {} : { retryAfterMs: Math.max(0, retryAtMs - now) }),
    });
  }

  #transportError(error: unknown, operation: string, options: CallOptions, timedOut: boolean): TickwireError {
    if (this.#options.signal?.aborted) {
      return new TickwireError({
        code: 'ABORTED',
        message: `${operation} to Alpaca was cancelled because the host is shutting down; nothing to do.`,
        cause: error,
      });
    }
    const reason = timedOut
      ? `no answer within ${this.#options.requestTimeoutMs} ms`
      : `${(error as Error)?.message ?? String(error)}`;
    if (options.kind === 'submit' || options.kind === 'replace')
      return outcomeUnknown(operation, options, reason, error);
    if (timedOut) {
      return new TickwireError({
        code: 'TIMEOUT',
        message: `Alpaca did not answer ${operation} within ${this.#options.requestTimeoutMs} ms. Retry; raise timeouts.requestMs if the network is slow.`,
        cause: error,
      });
    }
    return isTickwireError(error)
      ? error
      : new TickwireError({
          code: 'CONNECTION_FAILED',
          message: `${operation} to Alpaca failed: ${reason}. Check the network and the trading endpoint URL.`,
          cause: error,
        });
  }

  #noteServerTime(headers: Headers, sentAtMs: number): void {
    const date = headers.get('date');
    if (date === null || this.#options.onServerTime === undefined) return;
    const serverTimeMs = Date.parse(date);
    if (Number.isNaN(serverTimeMs)) return;
    this.#options.onServerTime({ sentAtMs, serverTimeMs, receivedAtMs: this.#options.nowMs() });
  }
}

function outcomeUnknown(operation: string, options: CallOptions, reason: string, cause?: unknown): OrderError {
  return new OrderError({
    code: 'ORDER_OUTCOME_UNKNOWN',
    clientOrderId: options.clientOrderId ?? '',
    ...(options.brokerOrderId === undefined ? {} : { brokerOrderId: options.brokerOrderId }),
    message:
      `${operation} for order ${options.clientOrderId ?? '(no client id)'} may or may not have reached Alpaca ` +
      `(${reason}). Reconcile (look the order up by its client order id) before sending it again.`,
    cause,
  });
}
