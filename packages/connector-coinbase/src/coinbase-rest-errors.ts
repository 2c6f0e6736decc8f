import { RateLimitedError, readRateLimitHeaders, TickwireError } from '@tickwire/core';

/** A REST answer as the connector reads it: status, parsed JSON body (or the raw text), headers. */
export interface CoinbaseRestResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** Coinbase's error body: `{"error": "NOT_FOUND", "message": "...", "error_details": "..."}` (fields vary). */
export function describeCoinbaseErrorBody(body: unknown): string {
  if (typeof body === 'string') return body.length > 200 ? `${body.slice(0, 197)}...` : body;
  if (typeof body !== 'object' || body === null) return String(body);
  const record = body as Record<string, unknown>;
  const parts = [record.error, record.message, record.error_details]
    .filter((part) => typeof part === 'string' && part.length > 0)
    .map(String);
  return parts.length > 0 ? parts.join(': ') : JSON.stringify(body).slice(0, 200);
}

/**
 * The tickwire error for a non-2xx REST answer: 401/403 `AUTH_FAILED`, 429 `RATE_LIMITED` with the venue's wait,
 * 5xx `BROKER_UNAVAILABLE`, 400 `INVALID_ARGUMENT`, anything else `PROTOCOL_ERROR`. Order-specific statuses
 * (404 for an unknown order) are mapped by the caller first.
 */
export function coinbaseHttpError(response: CoinbaseRestResponse, operation: string, nowMs: number): TickwireError {
  const { status } = response;
  const venueSays = describeCoinbaseErrorBody(response.body);
  const details = { status, operation };
  if (status === 401 || status === 403) {
    return new TickwireError({
      code: 'AUTH_FAILED',
      message:
        `Coinbase refused ${operation} with HTTP ${status} (${venueSays}). Check apiKeyName and privateKey (or keyFile), ` +
        "that the key has the view and trade permissions, and that this machine's clock is right (JWTs live 120 s).",
      details,
    });
  }
  if (status === 429) {
    const info = readRateLimitHeaders(response.headers, nowMs);
    const retryAtMs = info.retryAtMs ?? info.resetAtMs ?? nowMs + 1_000;
    return new RateLimitedError({ limitName: 'rest-private', retryAfterMs: retryAtMs - nowMs, operation });
  }
  if (status >= 500) {
    return new TickwireError({
      code: 'BROKER_UNAVAILABLE',
      message: `Coinbase answered ${operation} with HTTP ${status} (${venueSays}). Retry later; check Coinbase's status page if it persists.`,
      details,
    });
  }
  return new TickwireError({
    code: status === 400 ? 'INVALID_ARGUMENT' : 'PROTOCOL_ERROR',
    message: `Coinbase answered ${operation} with HTTP ${status} (${venueSays}). Check the request's values; report it if it looks like a tickwire bug.`,
    details,
  });
}
