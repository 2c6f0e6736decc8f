/**
 * Every error code tickwire raises, with whether a retry can help and what the code means.
 *
 * The set is closed: callers `switch` on {@link TickwireErrorCode} and the compiler tells them when a code is
 * added. Codes never change meaning once released; a new situation gets a new code.
 */
export const TICKWIRE_ERROR_CODES = {
  // Configuration and plugins: fixed by the user, never by retrying.
  CONFIG_INVALID: { retryable: false, summary: 'A configuration value is missing, malformed or out of range.' },
  PLUGIN_NOT_INSTALLED: {
    retryable: false,
    summary: 'A connector package named in the configuration is not installed.',
  },
  PLUGIN_SPEC_UNSUPPORTED: {
    retryable: false,
    summary: 'A connector plugin is malformed or implements a specification version this core does not support.',
  },
  SOURCE_ID_CONFLICT: { retryable: false, summary: 'Two connectors claim the same tick source id.' },
  SYMBOL_ID_COLLISION: { retryable: false, summary: 'Two symbols hash to the same 32-bit symbol id.' },
  INVALID_ARGUMENT: { retryable: false, summary: 'A function was called with a value it cannot accept.' },
  INVALID_STATE: { retryable: false, summary: 'An operation was called in a state that does not allow it.' },
  NOT_SUPPORTED: { retryable: false, summary: 'The connector or venue does not support the requested feature.' },

  // Connectivity: usually transient.
  AUTH_FAILED: { retryable: false, summary: 'The broker refused the credentials.' },
  CONNECTION_FAILED: { retryable: true, summary: 'A connection could not be opened or was lost.' },
  NOT_CONNECTED: { retryable: true, summary: 'The operation needs a live connection and there is none.' },
  TIMEOUT: { retryable: true, summary: 'The broker or a peer did not answer in time.' },
  RATE_LIMITED: { retryable: true, summary: 'A rate limit was hit; retry after the stated delay.' },
  BROKER_UNAVAILABLE: { retryable: true, summary: 'The broker answered with a server error (HTTP 5xx or equivalent).' },
  PROTOCOL_ERROR: { retryable: false, summary: 'A message from the broker could not be understood.' },
  SUBSCRIPTION_FAILED: { retryable: false, summary: 'The broker refused a market-data subscription.' },
  FEED_STALE: { retryable: true, summary: 'A market-data feed went silent while its connection looked alive.' },
  ABORTED: { retryable: false, summary: 'The operation was cancelled because the host is shutting down.' },

  // Orders.
  ORDER_REJECTED: { retryable: false, summary: 'The broker rejected the order.' },
  ORDER_NOT_FOUND: { retryable: false, summary: 'The broker does not know the order.' },
  ORDER_NOT_CANCELABLE: { retryable: false, summary: 'The order is in a state that cannot be canceled or replaced.' },
  DUPLICATE_CLIENT_ORDER_ID: { retryable: false, summary: 'A client order id was reused for a different order.' },
  ORDER_OUTCOME_UNKNOWN: {
    retryable: false,
    summary: 'An order request may or may not have reached the broker; reconcile before acting again.',
  },
  INSUFFICIENT_FUNDS: { retryable: false, summary: 'The account lacks the buying power or holdings for the order.' },
  RISK_DENIED: { retryable: false, summary: 'The pre-trade risk gate refused the order.' },

  // Local resources.
  IO_FAILED: { retryable: true, summary: 'A file or device operation failed.' },
  FILE_CORRUPT: { retryable: false, summary: 'A file did not have the expected format.' },
  CAPACITY_EXCEEDED: { retryable: true, summary: 'A bounded buffer or queue was full.' },
  INTERNAL: { retryable: false, summary: 'A bug in tickwire: please report it with the details attached.' },
} as const satisfies Record<string, { readonly retryable: boolean; readonly summary: string }>;

/** A stable error code. See {@link TICKWIRE_ERROR_CODES} for what each one means. */
export type TickwireErrorCode = keyof typeof TICKWIRE_ERROR_CODES;

/** True when `value` is one of the {@link TickwireErrorCode}s. */
export function isTickwireErrorCode(value: unknown): value is TickwireErrorCode {
  return typeof value === 'string' && Object.hasOwn(TICKWIRE_ERROR_CODES, value);
}
