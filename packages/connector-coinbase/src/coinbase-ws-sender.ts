import { type RateLimiter, type ReconnectingWebSocket, TickwireError } from '@tickwire/core';
import type { CoinbaseSubscriptionAcks } from './coinbase-subscription-acks';
import { COINBASE_AUTH_ERROR_PATTERN, type CoinbaseSubscribeMessage } from './coinbase-ws-messages';

/**
 * Sends subscribe and unsubscribe messages on a Coinbase WebSocket: one channel per message, a fresh JWT in each,
 * paced by the shared WebSocket message limiter.
 */
export class CoinbaseWsSender {
  readonly #socket: ReconnectingWebSocket;
  readonly #limiter: RateLimiter;
  readonly #signJwt: () => string;
  readonly #hostSignal: AbortSignal;

  constructor(socket: ReconnectingWebSocket, limiter: RateLimiter, signJwt: () => string, hostSignal: AbortSignal) {
    this.#socket = socket;
    this.#limiter = limiter;
    this.#signJwt = signJwt;
    this.#hostSignal = hostSignal;
  }

  /** Sends one message; throws `NOT_CONNECTED` when no socket is open. */
  async send(
    type: CoinbaseSubscribeMessage['type'],
    channel: string,
    products: readonly string[] | undefined,
    signal: AbortSignal = this.#hostSignal,
  ): Promise<void> {
    await this.#limiter.take(1, signal);
    this.#sendNow(type, channel, products);
  }

  /** Sends one message and waits for its acknowledgement (see {@link CoinbaseSubscriptionAcks}). */
  async subscribe(
    type: CoinbaseSubscribeMessage['type'],
    channel: string,
    products: readonly string[],
    acks: CoinbaseSubscriptionAcks,
    timeoutMs: number,
  ): Promise<void> {
    await this.#limiter.take(1, this.#hostSignal);
    this.#sendNow(type, channel, products);
    // Registered in the same turn as the send: the answer cannot have been read before this line.
    await acks.expect(channel, products, timeoutMs);
  }

  #sendNow(type: CoinbaseSubscribeMessage['type'], channel: string, products: readonly string[] | undefined): void {
    const message: CoinbaseSubscribeMessage = {
      type,
      channel,
      ...(products === undefined ? {} : { product_ids: products }),
      jwt: this.#signJwt(),
    };
    this.#socket.send(JSON.stringify(message));
  }
}

/**
 * Waits for Coinbase's first answer to the opening subscription on a new connection: an error frame, a
 * `subscriptions` acknowledgement, or a message on `channel` itself. Rejects with `TIMEOUT` after `timeoutMs` or
 * when the connection drops first; the rejection is also handled here, so a caller that gave up waiting does not
 * leave an unhandled rejection behind.
 */
export function waitForOpeningAnswer(
  socket: ReconnectingWebSocket,
  channel: string,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const answer = socket
    .nextMessage((data) => {
      const message = parseObject(data);
      return message?.type === 'error' || message?.channel === 'subscriptions' || message?.channel === channel;
    }, timeoutMs)
    .then((data) => parseObject(data) ?? {});
  answer.catch(() => {});
  return answer;
}

/**
 * The error an opening answer means, or `undefined` when it is an acknowledgement: `AUTH_FAILED` (not retryable)
 * when Coinbase's words point at the JWT or key, else a retryable `CONNECTION_FAILED`.
 */
export function openingAnswerError(answer: Record<string, unknown>, endpoint: string): TickwireError | undefined {
  if (answer.type !== 'error') return undefined;
  const venueMessage = String(answer.message ?? 'no message');
  if (COINBASE_AUTH_ERROR_PATTERN.test(venueMessage)) {
    return new TickwireError({
      code: 'AUTH_FAILED',
      message:
        `Coinbase refused the ${endpoint} subscription's JWT: "${venueMessage}". Check apiKeyName and privateKey ` +
        "(or keyFile), the key's permissions, and this machine's clock.",
    });
  }
  return new TickwireError({
    code: 'CONNECTION_FAILED',
    message: `Coinbase answered the ${endpoint} connection's first subscription with an error: "${venueMessage}". Reconnecting with backoff.`,
  });
}

function parseObject(data: Buffer): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(data.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
