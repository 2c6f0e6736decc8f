import {
  type ConnectorContext,
  fetchWithRateLimit,
  isTickwireError,
  type RateLimiter,
  TickwireError,
} from '@tickwire/core';
import { coinbaseJwtUri, signCoinbaseJwt } from './coinbase-jwt';
import type { CoinbaseRestResponse } from './coinbase-rest-errors';
import type { CoinbaseSigningKey } from './coinbase-signing-key';
import type { CoinbaseVenueClock } from './coinbase-venue-clock';

/** Where the Advanced Trade REST API lives under the origin. */
export const COINBASE_REST_PATH_PREFIX = '/api/v3/brokerage';

/** One REST call. */
export interface CoinbaseRestRequest {
  readonly method: 'GET' | 'POST';
  /** Path under `/api/v3/brokerage`, e.g. `/orders`. */
  readonly path: string;
  /** Query parameters; an array repeats the name (`order_status=OPEN&order_status=PENDING`), as Coinbase expects. */
  readonly query?: Readonly<Record<string, string | number | readonly string[] | undefined>>;
  readonly body?: unknown;
  /** What is being done, for errors and logs, e.g. `create order c-17`. */
  readonly operation: string;
  /** A public endpoint: no JWT, the public rate limit. */
  readonly isPublic?: boolean;
  /** Safe to resend after it may have reached Coinbase (order creates are, thanks to the client order id). */
  readonly idempotent?: boolean;
}

/** What {@link CoinbaseRestClient} needs. */
export interface CoinbaseRestClientOptions {
  /** The origin, e.g. `https://api.coinbase.com`. */
  readonly baseUrl: string;
  readonly context: ConnectorContext;
  readonly requestTimeoutMs: number;
  readonly privateLimiter: RateLimiter;
  readonly publicLimiter: RateLimiter;
  readonly venueClock: CoinbaseVenueClock;
  /** The loaded key; throws `NOT_CONNECTED` before `connect()` loaded it. */
  readonly signingKey: () => CoinbaseSigningKey;
}

/**
 * The Advanced Trade REST API over the context's `fetch`: a fresh JWT per call (with the `uri` claim), the shared
 * token-bucket limiter and 429 handling of `fetchWithRateLimit`, a per-request timeout, and JSON bodies. It returns
 * every answer, whatever its status: mapping statuses to errors is the caller's job, since a 404 means different
 * things to different calls.
 */
export class CoinbaseRestClient {
  readonly #options: CoinbaseRestClientOptions;

  constructor(options: CoinbaseRestClientOptions) {
    this.#options = options;
  }

  /**
   * Sends one request. Throws `TIMEOUT` after `requestTimeoutMs`, `ABORTED` at host shutdown, and the
   * `CONNECTION_FAILED` of `fetchWithRateLimit` (whose `retryable` says whether the request may have been processed).
   */
  async send(request: CoinbaseRestRequest): Promise<CoinbaseRestResponse> {
    const { context, requestTimeoutMs } = this.#options;
    const url = new URL(`${COINBASE_REST_PATH_PREFIX}${request.path}`, this.#options.baseUrl);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const each of value) url.searchParams.append(name, String(each));
      else url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.isPublic !== true) {
      const jwt = signCoinbaseJwt(
        this.#options.signingKey(),
        this.#options.venueClock.nowMs() / 1000,
        coinbaseJwtUri(request.method, url),
      );
      headers.authorization = `Bearer ${jwt}`;
    }
    const timeout = new AbortController();
    const onHostAbort = () => timeout.abort(context.signal.reason);
    context.signal.addEventListener('abort', onHostAbort, { once: true });
    let timedOut = false;
    const timer = context.timers.setTimeout(() => {
      timedOut = true;
      timeout.abort();
    }, requestTimeoutMs);
    try {
      const response = await fetchWithRateLimit(
        url,
        {
          method: request.method,
          headers,
          signal: timeout.signal,
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        },
        {
          fetch: context.fetch,
          limiter: request.isPublic === true ? this.#options.publicLimiter : this.#options.privateLimiter,
          signal: timeout.signal,
          timers: context.timers,
          nowMs: () => context.clock.nowMs(),
          random: context.random,
          ...(request.idempotent === undefined ? {} : { idempotent: request.idempotent }),
          onRetry: (info) =>
            context.logger.debug('Coinbase REST retry', {
              operation: request.operation,
              attempt: info.attempt,
              delayMs: info.delayMs,
              status: info.status,
            }),
        },
      );
      const text = await response.text();
      return { status: response.status, body: parseBody(text), headers: response.headers };
    } catch (error) {
      if (timedOut) {
        throw new TickwireError({
          code: 'TIMEOUT',
          message: `Coinbase did not answer ${request.operation} within ${requestTimeoutMs} ms. It may or may not have acted; check before repeating a change, or raise requestTimeoutMs.`,
          cause: error,
          details: { operation: request.operation, timeoutMs: requestTimeoutMs },
        });
      }
      if (isTickwireError(error)) throw error;
      throw new TickwireError({
        code: 'CONNECTION_FAILED',
        retryable: false,
        message: `Coinbase ${request.operation} failed: ${String((error as Error)?.message ?? error)}. It may or may not have reached Coinbase; check before repeating a change.`,
        cause: error,
      });
    } finally {
      context.timers.clearTimeout(timer);
      context.signal.removeEventListener('abort', onHostAbort);
    }
  }
}

function parseBody(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
