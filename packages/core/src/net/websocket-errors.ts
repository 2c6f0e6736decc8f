import { redactUrl } from '../errors/redact';
import { TickwireError } from '../errors/tickwire-error';

/**
 * Turns a WebSocket `error` event into a tickwire error. An HTTP refusal of the upgrade (which `ws` reports as
 * "Unexpected server response: 401") becomes `AUTH_FAILED` (not retryable) for 401/403, `RATE_LIMITED` for 429,
 * `BROKER_UNAVAILABLE` for 5xx; anything else is a retryable `CONNECTION_FAILED`.
 */
export function classifySocketError(error: Error, url: string): TickwireError {
  const where = redactUrl(url);
  const status = Number(/Unexpected server response: (\d{3})/.exec(error.message)?.[1] ?? Number.NaN);
  if (status === 401 || status === 403) {
    return new TickwireError({
      code: 'AUTH_FAILED',
      message: `The server at ${where} refused the WebSocket upgrade with HTTP ${status}. Check the API credentials and that the account may use this stream.`,
      cause: error,
      details: { status },
    });
  }
  if (status === 429) {
    return new TickwireError({
      code: 'RATE_LIMITED',
      message: `The server at ${where} refused the WebSocket upgrade with HTTP 429 (too many connections). Close other connections to it; reconnecting with backoff.`,
      cause: error,
      details: { status },
    });
  }
  if (status >= 500 && status <= 599) {
    return new TickwireError({
      code: 'BROKER_UNAVAILABLE',
      message: `The server at ${where} answered the WebSocket upgrade with HTTP ${status}; reconnecting with backoff.`,
      cause: error,
      details: { status },
    });
  }
  return new TickwireError({
    code: 'CONNECTION_FAILED',
    message: `WebSocket ${where} failed: ${error.message}. Reconnecting with backoff; check the URL and network if it persists.`,
    cause: error,
  });
}

/** Turns a close (code + reason) into the retryable `CONNECTION_FAILED` error that explains a reconnect. */
export function classifySocketClose(code: number, reason: string, url: string): TickwireError {
  return new TickwireError({
    code: 'CONNECTION_FAILED',
    message: `WebSocket ${redactUrl(url)} closed with code ${code}${reason === '' ? '' : ` ("${reason}")`}; reconnecting with backoff.`,
    details: { closeCode: code, closeReason: reason },
  });
}
