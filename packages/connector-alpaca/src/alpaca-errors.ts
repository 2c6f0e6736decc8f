import {
  OrderError,
  type OrderErrorCode,
  RateLimitedError,
  TickwireError,
  type TickwireErrorCode,
} from '@tickwire/core';
import type { AlpacaErrorBody } from './alpaca-wire-types';

/** What a REST call was doing, which decides how an HTTP status maps to a tickwire error. */
export type AlpacaOperationKind = 'submit' | 'cancel' | 'replace' | 'order-lookup' | 'other';

/** The facts behind a failed REST answer. */
export interface AlpacaRestFailure {
  readonly status: number;
  /** The raw body text (may be empty or not JSON). */
  readonly bodyText: string;
  /** `METHOD /path`, for messages. */
  readonly operation: string;
  readonly kind: AlpacaOperationKind;
  readonly clientOrderId?: string;
  readonly brokerOrderId?: string;
  /** For 429s: how long the venue said to wait. */
  readonly retryAfterMs?: number;
}

/** Parses `{"code":40310000,"message":"..."}`; unknown shapes give `{}`, text bodies give `{ message }`. */
export function parseAlpacaErrorBody(bodyText: string): AlpacaErrorBody {
  if (bodyText.trim() === '') return {};
  try {
    const parsed = JSON.parse(bodyText) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return { message: String(parsed) };
    const { code, message } = parsed as { code?: unknown; message?: unknown };
    return {
      ...(typeof code === 'number' ? { code } : {}),
      ...(typeof message === 'string' ? { message } : {}),
    };
  } catch {
    return { message: bodyText.slice(0, 200) };
  }
}

/** True for Alpaca's refusal of a client order id it has seen before. */
export function isDuplicateClientOrderIdBody(body: AlpacaErrorBody): boolean {
  return /client[_ ]order[_ ]id.*(unique|exist|duplicate)/i.test(body.message ?? '');
}

/**
 * Turns a failed REST answer into the tickwire error the contract names: `AUTH_FAILED` for 401, order errors for
 * order calls (403 insufficient funds, 404 not found, 422 rejected or not cancelable, duplicate client order ids),
 * `RATE_LIMITED` for 429, `BROKER_UNAVAILABLE` for 5xx. Messages quote Alpaca's code and words, never credentials.
 */
export function alpacaRestError(failure: AlpacaRestFailure): TickwireError {
  const body = parseAlpacaErrorBody(failure.bodyText);
  const said = describeBody(failure.status, body);
  const { operation, status, kind } = failure;
  if (status === 429) {
    return new RateLimitedError({
      limitName: 'rest',
      retryAfterMs: failure.retryAfterMs ?? 1_000,
      operation,
      message:
        `Alpaca refused ${operation} with HTTP 429 (rate limit of 200 requests/min per account); retry after ` +
        `${Math.ceil(failure.retryAfterMs ?? 1_000)} ms. Send fewer requests; the connector already paces to the limit.`,
    });
  }
  if (status === 401) {
    return new TickwireError({
      code: 'AUTH_FAILED',
      message:
        `Alpaca refused the API key for ${operation} (${said}). Check keyId/secretKey (or APCA_API_KEY_ID / ` +
        'APCA_API_SECRET_KEY) and that the keys belong to the configured mode: paper keys do not work live.',
      details: { status, brokerCode: body.code },
    });
  }
  if (status >= 500) {
    return new TickwireError({
      code: 'BROKER_UNAVAILABLE',
      message: `Alpaca answered ${operation} with a server error (${said}). Retry later; check Alpaca's status page if it persists.`,
      details: { status, brokerCode: body.code },
    });
  }
  if (kind !== 'other' && kind !== 'order-lookup' && failure.clientOrderId !== undefined) {
    return orderError(failure, body, said);
  }
  if (kind === 'order-lookup' && status === 404 && failure.clientOrderId !== undefined) {
    return orderError(failure, body, said);
  }
  if (status === 403) {
    return new TickwireError({
      code: 'AUTH_FAILED',
      message: `Alpaca forbade ${operation} (${said}). The account may lack the permission, or the keys belong to another account.`,
      details: { status, brokerCode: body.code },
    });
  }
  const code: TickwireErrorCode = status === 404 ? 'INVALID_ARGUMENT' : 'PROTOCOL_ERROR';
  return new TickwireError({
    code,
    message: `Alpaca refused ${operation} (${said}). Check the request's values against Alpaca's API reference.`,
    details: { status, brokerCode: body.code },
  });
}

function orderError(failure: AlpacaRestFailure, body: AlpacaErrorBody, said: string): OrderError {
  const { status, kind, operation } = failure;
  const clientOrderId = failure.clientOrderId ?? '';
  const order = `order ${clientOrderId}${failure.brokerOrderId === undefined ? '' : ` (Alpaca id ${failure.brokerOrderId})`}`;
  let code: OrderErrorCode;
  let next: string;
  if (kind === 'submit' && isDuplicateClientOrderIdBody(body)) {
    code = 'DUPLICATE_CLIENT_ORDER_ID';
    next = 'Alpaca holds another order under this client order id; use a new id for a new order.';
  } else if (status === 403) {
    code = 'INSUFFICIENT_FUNDS';
    next = 'Reduce the quantity, or free buying power or shares (open orders hold them).';
  } else if (status === 404) {
    code = 'ORDER_NOT_FOUND';
    next = 'Alpaca does not know this order; it may belong to another account or mode (paper/live).';
  } else if ((kind === 'cancel' || kind === 'replace') && (status === 422 || status === 409) && isNotChangeable(body)) {
    code = 'ORDER_NOT_CANCELABLE';
    next = 'The order is no longer working (filled, canceled, or being replaced); refresh it before acting.';
  } else if (kind === 'cancel' && status === 422) {
    code = 'ORDER_NOT_CANCELABLE';
    next = 'The order is no longer working (filled, canceled, or being replaced); refresh it before acting.';
  } else {
    code = 'ORDER_REJECTED';
    next = "Fix the order's fields as Alpaca's message says.";
  }
  return new OrderError({
    code,
    clientOrderId,
    ...(failure.brokerOrderId === undefined ? {} : { brokerOrderId: failure.brokerOrderId }),
    ...(body.code === undefined ? {} : { brokerCode: body.code }),
    ...(body.message === undefined ? {} : { brokerMessage: body.message }),
    message: `Alpaca refused ${operation} for ${order}: ${said}. ${next}`,
  });
}

function isNotChangeable(body: AlpacaErrorBody): boolean {
  return /not (cancelable|cancellable|replaceable)|cannot be (canceled|cancelled|replaced)|already|pending/i.test(
    body.message ?? '',
  );
}

function describeBody(status: number, body: AlpacaErrorBody): string {
  const parts = [`HTTP ${status}`];
  if (body.code !== undefined) parts.push(`code ${body.code}`);
  if (body.message !== undefined && body.message !== '') parts.push(`"${body.message}"`);
  return parts.join(', ');
}

/** What a stream error code means and what to do, per Alpaca's market-data documentation. */
interface StreamErrorMeaning {
  readonly code: TickwireErrorCode;
  readonly retryable: boolean;
  readonly advice: string;
}

const STREAM_ERRORS: Readonly<Record<number, StreamErrorMeaning>> = {
  400: {
    code: 'PROTOCOL_ERROR',
    retryable: false,
    advice: 'the connector sent a message Alpaca could not parse; report this bug',
  },
  401: { code: 'PROTOCOL_ERROR', retryable: true, advice: 'a request came before authentication; reconnecting' },
  402: {
    code: 'AUTH_FAILED',
    retryable: false,
    advice: 'check keyId/secretKey (or APCA_API_KEY_ID / APCA_API_SECRET_KEY); paper and live keys both stream data',
  },
  403: { code: 'PROTOCOL_ERROR', retryable: true, advice: 'the connection was already authenticated; harmless' },
  404: { code: 'TIMEOUT', retryable: true, advice: 'authentication took too long; reconnecting' },
  405: {
    code: 'SUBSCRIPTION_FAILED',
    retryable: false,
    advice: 'subscribe to fewer symbols (the free IEX plan allows 30 for trades and quotes), or upgrade the plan',
  },
  406: {
    code: 'CONNECTION_FAILED',
    retryable: false,
    advice:
      'Alpaca allows one connection per feed and key: close the other client (another tickwire, a notebook, the ' +
      'official SDK) that streams this feed with these keys, or use separate keys',
  },
  407: {
    code: 'CONNECTION_FAILED',
    retryable: true,
    advice: 'the connector read too slowly and Alpaca dropped it; reconnecting',
  },
  408: {
    code: 'NOT_SUPPORTED',
    retryable: false,
    advice: 'the account cannot use this feed version; enable market data v2 for the account',
  },
  409: {
    code: 'SUBSCRIPTION_FAILED',
    retryable: false,
    advice: 'the account has no subscription for this feed; use stockFeed "iex" or buy the SIP plan',
  },
  410: { code: 'PROTOCOL_ERROR', retryable: false, advice: 'the subscription request was invalid; report this bug' },
  500: {
    code: 'BROKER_UNAVAILABLE',
    retryable: true,
    advice: 'Alpaca had an internal error; reconnecting with backoff',
  },
};

/**
 * Turns a market-data error message (`[{"T":"error","code":406,"msg":"connection limit exceeded"}]`) into a tickwire
 * error: 402 `AUTH_FAILED`; 405 and 409 `SUBSCRIPTION_FAILED`; 406 a non-retryable `CONNECTION_FAILED` that names the
 * one-connection-per-feed rule; 407 and 500 retryable; others as documented. `where` names the stream.
 */
export function alpacaStreamError(code: number, alpacaMessage: string, where: string): TickwireError {
  const meaning = STREAM_ERRORS[code] ?? {
    code: 'PROTOCOL_ERROR' as const,
    retryable: true,
    advice: 'an error code this connector does not know; reconnecting',
  };
  return new TickwireError({
    code: meaning.code,
    retryable: meaning.retryable,
    message: `Alpaca ${where} sent error ${code} "${alpacaMessage}": ${meaning.advice}.`,
    details: { alpacaCode: code, alpacaMessage, stream: where },
  });
}
