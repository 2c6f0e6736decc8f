import { hasMarker, TickwireError } from './tickwire-error';

const rateLimitedMarker = Symbol.for('tickwire.error.RateLimitedError');

/** What a {@link RateLimitedError} is built from. */
export interface RateLimitedErrorOptions {
  /** Which limit: a bucket name from the connector's capabilities, or the venue's name for it. */
  readonly limitName: string;
  /** How long to wait before the next attempt, in milliseconds. */
  readonly retryAfterMs: number;
  /** What was being attempted, e.g. `POST /v2/orders`. */
  readonly operation?: string;
  /** Replaces the standard message; it must still say what, the value and what next. */
  readonly message?: string;
  readonly cause?: unknown;
}

/**
 * A rate limit was hit (code `RATE_LIMITED`, retryable). {@link RateLimitedError.retryAfterMs} says when a retry
 * can succeed: from the venue's `Retry-After` / reset headers where it sent them, else from the local bucket.
 */
export class RateLimitedError extends TickwireError<'RATE_LIMITED'> {
  // Read through hasMarker(), by this copy of core or any other.
  protected readonly [rateLimitedMarker] = true;
  override readonly name: string = 'RateLimitedError';
  readonly limitName: string;
  readonly retryAfterMs: number;

  constructor(options: RateLimitedErrorOptions) {
    const retryAfterMs = Math.max(0, Math.ceil(options.retryAfterMs));
    const what = options.operation === undefined ? '' : ` for ${options.operation}`;
    super({
      code: 'RATE_LIMITED',
      message:
        options.message ??
        `Rate limit "${options.limitName}" exceeded${what}; retry after ${retryAfterMs} ms. ` +
          'Send fewer requests, or spread them with the connector rate limiter.',
      cause: options.cause,
      details: { limitName: options.limitName, retryAfterMs, operation: options.operation },
    });
    this.limitName = options.limitName;
    this.retryAfterMs = retryAfterMs;
  }

  /** True for a `RateLimitedError` from any installed copy of core. */
  static override isInstance(value: unknown): value is RateLimitedError {
    return TickwireError.isInstance(value) && hasMarker(value, rateLimitedMarker);
  }
}
