import { TICKWIRE_ERROR_CODES, type TickwireErrorCode } from './error-codes';

/** The global-registry key every tickwire error carries; shared by every installed copy of `@tickwire/core`. */
export const TICKWIRE_ERROR_MARKER_KEY = 'tickwire.error';

const marker = Symbol.for(TICKWIRE_ERROR_MARKER_KEY);

/** Extra, JSON-serialisable facts about an error (ids, limits, counts). Never secrets. */
export type TickwireErrorDetails = Readonly<Record<string, unknown>>;

/** What a {@link TickwireError} is built from. */
export interface TickwireErrorOptions<TCode extends TickwireErrorCode = TickwireErrorCode> {
  readonly code: TCode;
  /** What went wrong, the value that caused it, and what to do next. */
  readonly message: string;
  /** Overrides the code's default (see {@link TICKWIRE_ERROR_CODES}). */
  readonly retryable?: boolean;
  /** The lower-level error this one explains. */
  readonly cause?: unknown;
  readonly details?: TickwireErrorDetails;
}

/** The plain-object form of an error, for logs, audit records and the ZeroMQ bridge. */
export interface SerializedTickwireError {
  readonly name: string;
  readonly code: TickwireErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly details?: TickwireErrorDetails;
  readonly cause?: { readonly name: string; readonly message: string; readonly code?: string };
}

/**
 * The base of every error tickwire raises.
 *
 * Recognise one with {@link TickwireError.isInstance} or {@link isTickwireError}, never `instanceof`: an
 * application can end up with two copies of `@tickwire/core` (one of its own, one under a connector plugin), and
 * `instanceof` fails across copies. The check uses a `Symbol.for('tickwire.error')` marker, which every copy shares.
 *
 * @example
 * ```ts
 * try { await connector.submitOrder(order); }
 * catch (error) {
 *   if (isTickwireError(error, 'RATE_LIMITED')) scheduleRetry(error.details?.retryAfterMs);
 *   else if (isTickwireError(error) && error.retryable) retry();
 *   else throw error;
 * }
 * ```
 */
export class TickwireError<TCode extends TickwireErrorCode = TickwireErrorCode> extends Error {
  // Read through hasMarker(), by this copy of core or any other.
  protected readonly [marker] = true;
  override readonly name: string = 'TickwireError';
  /** A stable code from a closed set; switch on this, not on the message. */
  readonly code: TCode;
  /** True when the same call may succeed if tried again later. */
  readonly retryable: boolean;
  readonly details: TickwireErrorDetails | undefined;

  constructor(options: TickwireErrorOptions<TCode>) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.retryable = options.retryable ?? TICKWIRE_ERROR_CODES[options.code].retryable;
    this.details = options.details;
  }

  /** True for any tickwire error, whichever installed copy of `@tickwire/core` created it. */
  static isInstance(value: unknown): value is TickwireError {
    return hasMarker(value, marker) && typeof (value as { code?: unknown }).code === 'string';
  }

  /** The error as a plain object; the cause is reduced to its name, message and code. */
  toJSON(): SerializedTickwireError {
    const cause = summarizeCause(this.cause);
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(cause === undefined ? {} : { cause }),
    };
  }
}

/**
 * True when `value` is a tickwire error (from any installed copy of core), and, when `code` is given, carries that
 * code. Narrows the type so `error.code` is known afterwards.
 */
export function isTickwireError<TCode extends TickwireErrorCode = TickwireErrorCode>(
  value: unknown,
  code?: TCode,
): value is TickwireError<TCode> {
  return TickwireError.isInstance(value) && (code === undefined || value.code === code);
}

/**
 * Returns `value` unchanged when it already is a tickwire error; otherwise wraps it in one with the given code and
 * message, keeping the original as `cause`. Use it where foreign errors (sockets, JSON, plugins) cross into core.
 */
export function toTickwireError(value: unknown, fallback: Omit<TickwireErrorOptions, 'cause'>): TickwireError {
  if (TickwireError.isInstance(value)) return value;
  return new TickwireError({ ...fallback, cause: value });
}

/**
 * True when `value` is an object carrying the `Symbol.for` marker `markerSymbol` set to `true`. Subclasses use it
 * with their own marker so `ConfigError.isInstance` also works across copies.
 */
export function hasMarker(value: unknown, markerSymbol: symbol): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    markerSymbol in value &&
    (value as Record<symbol, unknown>)[markerSymbol] === true
  );
}

function summarizeCause(cause: unknown): SerializedTickwireError['cause'] {
  if (cause === undefined) return undefined;
  if (cause instanceof Error || (typeof cause === 'object' && cause !== null && 'message' in cause)) {
    const { name, message, code } = cause as { name?: unknown; message?: unknown; code?: unknown };
    return {
      name: typeof name === 'string' ? name : 'Error',
      message: typeof message === 'string' ? message : String(message),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  return { name: typeof cause, message: String(cause) };
}
