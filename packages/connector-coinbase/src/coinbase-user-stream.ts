import {
  type ConnectorContext,
  contextSocketOptions,
  type OrderEvent,
  type RateLimiter,
  ReconnectingWebSocket,
  SilenceWatchdog,
  type TickwireError,
} from '@tickwire/core';
import { type CoinbaseUserOrder, userOrderToEvent } from './coinbase-order-mapping';
import { mapCoinbaseOrderStatus } from './coinbase-order-status';
import { excerptOf, reportCoinbaseProtocolError } from './coinbase-protocol-error';
import { COINBASE_MESSAGE_CHANNELS } from './coinbase-ws-messages';
import { CoinbaseWsSender, openingAnswerError, waitForOpeningAnswer } from './coinbase-ws-sender';

// The user socket's data is naturally quiet (orders change rarely): only heartbeats are watched.
const NEVER_MS = 2 ** 31 - 1;

/** What {@link CoinbaseUserStream} needs. */
export interface CoinbaseUserStreamOptions {
  readonly url: string;
  readonly context: ConnectorContext;
  readonly heartbeatSilenceMs: number;
  readonly subscribeTimeoutMs: number;
  readonly backoff: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  readonly messageLimiter: RateLimiter;
  readonly signJwt: () => string;
  /** Every order event, after it went to `context.orderEvents` (the order entry learns ids from it). */
  readonly onOrderEvent: (event: OrderEvent) => void;
}

/**
 * The user order data WebSocket: heartbeats plus the `user` channel (JWT required), every order update turned into
 * an order event. `cumulative_quantity` travels as `cumulativeQuantity`, never as an incremental fill. A status
 * Coinbase does not document becomes `unknown` (string kept) and is reported as a protocol error. A gap in the
 * connection's `sequence_num` means an order update was lost: the socket is re-made, and the host's reconciliation
 * after the reconnect fetches what was missed.
 */
export class CoinbaseUserStream {
  readonly socket: ReconnectingWebSocket;
  readonly #options: CoinbaseUserStreamOptions;
  readonly #context: ConnectorContext;
  readonly #sender: CoinbaseWsSender;
  readonly #watchdog: SilenceWatchdog;
  #expectedSequence = -1;

  constructor(options: CoinbaseUserStreamOptions) {
    const { context } = options;
    this.#options = options;
    this.#context = context;
    this.socket = new ReconnectingWebSocket({
      ...contextSocketOptions(context),
      url: options.url,
      backoff: options.backoff,
      onOpen: ({ signal }) => this.#prepare(signal),
      onMessage: (data) => this.#onFrame(data),
    });
    this.#sender = new CoinbaseWsSender(this.socket, options.messageLimiter, options.signJwt, context.signal);
    this.#watchdog = new SilenceWatchdog({
      dataSilenceMs: NEVER_MS,
      heartbeatSilenceMs: options.heartbeatSilenceMs,
      nowMs: () => context.clock.nowMs(),
      timers: context.timers,
      logger: context.logger,
      onSilence: (event) => {
        if (event.kind === 'heartbeat') this.socket.reconnect(`no Coinbase user heartbeat for ${event.silentForMs} ms`);
      },
    });
    this.socket.onStateChange((change) => {
      if (change.current === 'connected') this.#watchdog.start();
      else this.#watchdog.stop();
    });
  }

  /** Stops the watchdog and closes the socket. */
  async close(): Promise<void> {
    this.#watchdog.stop();
    await this.socket.close(1000, 'client disconnect');
  }

  async #prepare(signal: AbortSignal): Promise<void> {
    this.#expectedSequence = -1;
    for (const channel of ['heartbeats', 'user']) {
      const answer = waitForOpeningAnswer(this.socket, channel, this.#options.subscribeTimeoutMs);
      await this.#sender.send('subscribe', channel, undefined, signal);
      const error: TickwireError | undefined = openingAnswerError(await answer, 'user order data');
      if (error !== undefined) throw error;
    }
  }

  #onFrame(data: Buffer): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    } catch {
      reportCoinbaseProtocolError(
        this.#context,
        `a user-channel frame that is not JSON: ${excerptOf(data.toString('utf8'))}`,
      );
      return;
    }
    if (message?.type === 'error') {
      this.#context.logger.warn('Coinbase user channel error frame', { message: String(message.message ?? '') });
      return;
    }
    const channel = message?.channel;
    const events = message?.events;
    if (typeof channel !== 'string' || !Array.isArray(events)) {
      reportCoinbaseProtocolError(
        this.#context,
        `a user-channel frame without a channel or events: ${excerptOf(data.toString('utf8'))}`,
      );
      return;
    }
    if (typeof message.sequence_num === 'number') this.#checkSequence(message.sequence_num);
    if (channel === 'heartbeats') {
      this.#watchdog.noteHeartbeat();
      return;
    }
    if (channel === 'user') {
      const timestampMs = Date.parse(String(message.timestamp ?? ''));
      this.#onUserEvents(events, Number.isFinite(timestampMs) ? timestampMs : this.#context.clock.nowMs());
      return;
    }
    if (!COINBASE_MESSAGE_CHANNELS.has(channel)) {
      reportCoinbaseProtocolError(this.#context, `a user-socket message on unknown channel ${JSON.stringify(channel)}`);
    }
  }

  #onUserEvents(events: readonly unknown[], timestampMs: number): void {
    for (const event of events as { type?: unknown; orders?: unknown }[]) {
      if (event?.type !== 'snapshot' && event?.type !== 'update') {
        reportCoinbaseProtocolError(this.#context, `a user event of unknown type ${JSON.stringify(event?.type)}`);
        continue;
      }
      if (!Array.isArray(event.orders)) continue;
      for (const order of event.orders as CoinbaseUserOrder[]) {
        if (typeof order?.order_id !== 'string' || typeof order.status !== 'string') {
          reportCoinbaseProtocolError(this.#context, 'a user-channel order without an order_id or status');
          continue;
        }
        const orderEvent = userOrderToEvent(order, timestampMs);
        if (mapCoinbaseOrderStatus(order.status, 0) === undefined) {
          reportCoinbaseProtocolError(
            this.#context,
            `order ${orderEvent.clientOrderId} with undocumented status ${JSON.stringify(order.status)} (reported as unknown)`,
          );
        }
        this.#context.orderEvents.emit(orderEvent);
        this.#options.onOrderEvent(orderEvent);
      }
    }
  }

  /** A skipped sequence means an order update was lost: re-make the socket so the host reconciles. */
  #checkSequence(sequence: number): void {
    const expected = this.#expectedSequence;
    this.#expectedSequence = sequence + 1;
    if (expected < 0 || sequence === expected) return;
    this.#context.logger.warn('Coinbase user channel sequence gap; reconnecting so the host reconciles', {
      expected,
      received: sequence,
    });
    this.socket.reconnect(`user channel sequence gap (${expected} expected, ${sequence} received)`);
  }
}
