import type { Timers } from '../connector/clock';
import { systemTimers } from '../connector/system-clock';
import { redactUrl } from '../errors/redact';
import { isTickwireError, TickwireError } from '../errors/tickwire-error';
import { abortableDelay } from './abortable-delay';
import { type BackoffPolicy, backoffDelayMs, resolveBackoffPolicy } from './backoff';
import { readRateLimitHeaders } from './rate-limit-headers';
import type { RateLimiter } from './rate-limiter';

/** When and how often {@link fetchWithRateLimit} retries. */
export interface FetchRetryPolicy {
  /** Total attempts, the first included. Default 3. */
  readonly maxAttempts: number;
  /** Server errors worth retrying. Default 502, 503, 504 (a 500 is usually a bug, not a blip). */
  readonly retryStatuses: readonly number[];
  /** Backoff between retries when the venue names no time. Default 250 ms doubling to 5 s. */
  readonly backoff: BackoffPolicy;
  /** A 429 asking to wait longer than this is returned to the caller instead of waited out. Default 60 000 ms. */
  readonly maxRetryAfterMs: number;
}

/** One retry about to happen, for logs. */
export interface FetchRetryInfo {
  /** The attempt that failed, 1-based. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly status?: number;
  readonly error?: unknown;
}

/** Options for {@link fetchWithRateLimit}. */
export interface FetchWithRateLimitOptions {
  /** Usually `context.fetch`. */
  readonly fetch: typeof fetch;
  /** Taken before every attempt and told every response. */
  readonly limiter?: RateLimiter;
  readonly retry?: Partial<FetchRetryPolicy>;
  /**
   * May the request be repeated after it might have reached the server (a 5xx, a dropped connection)? Default:
   * true for GET, HEAD, OPTIONS, PUT and DELETE. Pass true for a POST that the venue deduplicates (an order with a
   * client order id at a venue with `idempotentClientOrderIds`). A 429 is always retried: the venue did not act.
   */
  readonly idempotent?: boolean;
  readonly signal?: AbortSignal;
  readonly timers?: Timers;
  /** Time source (`context.clock.nowMs`). Default `Date.now`. */
  readonly nowMs?: () => number;
  /** Uniform in [0, 1), for jitter (`context.random`). */
  readonly random?: () => number;
  readonly onRetry?: (info: FetchRetryInfo) => void;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
// Failures where the request cannot have reached the server, so even a POST may be repeated.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * `fetch` that respects a venue's rate limit and retries what is safe to retry, within a bounded policy:
 * - takes a token from `limiter` before each attempt and feeds it every response;
 * - retries a 429 after its `Retry-After` / reset time (or the limiter's wait, or backoff);
 * - retries 502/503/504 and network errors with jittered backoff, only when the request is idempotent (or a
 *   network error proves it was never sent).
 *
 * Returns the last response, whatever its status: mapping statuses to errors is the connector's job. Throws a
 * `CONNECTION_FAILED` tickwire error when the last attempt failed on the network (`retryable` false when the
 * request may have been processed), or `ABORTED` when `signal` aborts. A `Request` input is cloned per attempt;
 * a streamed body cannot be retried, so pass strings or buffers.
 */
export async function fetchWithRateLimit(
  input: string | URL | Request,
  init: RequestInit | undefined,
  options: FetchWithRateLimitOptions,
): Promise<Response> {
  const policy: FetchRetryPolicy = {
    maxAttempts: options.retry?.maxAttempts ?? 3,
    retryStatuses: options.retry?.retryStatuses ?? [502, 503, 504],
    backoff: resolveBackoffPolicy(options.retry?.backoff ?? { initialDelayMs: 250, maxDelayMs: 5_000, multiplier: 2 }),
    maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? 60_000,
  };
  const timers = options.timers ?? systemTimers;
  const nowMs = options.nowMs ?? (() => Date.now());
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const idempotent = options.idempotent ?? IDEMPOTENT_METHODS.has(method);
  const target = `${method} ${redactUrl(input instanceof Request ? input.url : String(input))}`;
  const signal = options.signal ?? init?.signal ?? undefined;

  for (let attempt = 1; ; attempt++) {
    await options.limiter?.take(1, signal ?? undefined);
    let response: Response;
    try {
      response = await options.fetch(input instanceof Request ? input.clone() : input, init);
    } catch (error) {
      if (signal?.aborted || isTickwireError(error, 'ABORTED')) throw abortedError(target, error);
      const neverSent = NOT_SENT_CODES.has(causeCode(error) ?? '');
      if (attempt >= policy.maxAttempts || !(idempotent || neverSent)) {
        throw networkError(target, attempt, error, idempotent || neverSent);
      }
      const delayMs = backoffDelayMs(attempt - 1, policy.backoff, options.random);
      options.onRetry?.({ attempt, delayMs, error });
      await abortableDelay(timers, delayMs, signal, target);
      continue;
    }
    options.limiter?.noteResponse(response);
    const isRateLimited = response.status === 429;
    const isRetryableServerError = policy.retryStatuses.includes(response.status) && idempotent;
    if ((!isRateLimited && !isRetryableServerError) || attempt >= policy.maxAttempts) return response;

    const delayMs = retryDelayMs(response, attempt, policy, options, nowMs());
    if (delayMs > policy.maxRetryAfterMs) return response;
    // Free the connection; the body of a response we retry is never read. Not awaited: some bodies (mocks, proxies)
    // settle the cancel only when the stream is drained, which would stall the retry.
    void response.body?.cancel().catch(() => {});
    options.onRetry?.({ attempt, delayMs, status: response.status });
    await abortableDelay(timers, delayMs, signal, target);
  }
}

function retryDelayMs(
  response: Response,
  attempt: number,
  policy: FetchRetryPolicy,
  options: FetchWithRateLimitOptions,
  now: number,
): number {
  const info = readRateLimitHeaders(response.headers, now);
  const venueAtMs = info.retryAtMs ?? (response.status === 429 ? info.resetAtMs : undefined);
  if (venueAtMs !== undefined) return Math.max(0, Math.ceil(venueAtMs - now));
  // The limiter already waits out its own penalty in take(); back off so a bare 429/5xx is not hammered.
  return backoffDelayMs(attempt - 1, policy.backoff, options.random);
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function networkError(target: string, attempts: number, error: unknown, retryable: boolean): TickwireError {
  const detail = (error as Error | undefined)?.message ?? String(error);
  const code = causeCode(error);
  return new TickwireError({
    code: 'CONNECTION_FAILED',
    retryable,
    message:
      `${target} failed on the network after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${detail}` +
      `${code === undefined ? '' : ` (${code})`}. ` +
      (retryable
        ? 'The request did not take effect; check the network and the venue status, then retry.'
        : 'The request may or may not have been processed: reconcile (e.g. look the order up) before sending it again.'),
    cause: error,
    details: { attempts, ...(code === undefined ? {} : { errorCode: code }) },
  });
}

function abortedError(target: string, cause: unknown): TickwireError {
  return new TickwireError({
    code: 'ABORTED',
    message: `${target} was cancelled because its signal aborted; nothing to do.`,
    cause,
  });
}
