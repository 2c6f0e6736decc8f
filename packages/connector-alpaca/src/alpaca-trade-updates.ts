import { type ConnectorContext, ReconnectingWebSocket, TickwireError } from '@tickwire/core';
import type { AlpacaConfig, AlpacaCredentials } from './alpaca-config';
import {
  type AlpacaStreamEncoding,
  decodeAlpacaFrame,
  encodeAlpacaRequest,
  HEARTBEAT_FRAME,
} from './alpaca-frame-codec';
import { AlpacaReplyWaiter } from './alpaca-reply-waiter';
import { alpacaStreamSocketOptions } from './alpaca-stream-socket-options';
import { AlpacaStreamWatch } from './alpaca-stream-watch';
import type { AlpacaTradeUpdate } from './alpaca-wire-types';

/** One message of the trading stream: `{"stream": "...", "data": {...}}`. */
interface TradingStreamMessage {
  readonly stream?: unknown;
  readonly data?: unknown;
}

/** Options for {@link AlpacaTradeUpdatesStream}. */
export interface AlpacaTradeUpdatesStreamOptions {
  readonly url: string;
  readonly credentials: AlpacaCredentials;
  readonly encoding: AlpacaStreamEncoding;
  readonly config: AlpacaConfig;
  readonly context: ConnectorContext;
  /** Every `trade_updates` event, in arrival order. Must not throw. */
  readonly onTradeUpdate: (update: AlpacaTradeUpdate) => void;
}

/**
 * The `trade_updates` stream: authenticate with `{"action":"authenticate",...}`, listen to `trade_updates`, and hand
 * every event to the connector. JSON text frames, the JSON binary frames of the paper stream, MessagePack frames
 * (`streamEncoding: "msgpack"`), and the `0x01` heartbeat byte are all understood. Reconnects with backoff through
 * the shared {@link ReconnectingWebSocket}, re-authenticating and listening again each time.
 */
export class AlpacaTradeUpdatesStream {
  /** The underlying connection: its state feeds the connector's. */
  readonly socket: ReconnectingWebSocket;
  readonly #options: AlpacaTradeUpdatesStreamOptions;
  readonly #replies: AlpacaReplyWaiter<TradingStreamMessage>;
  readonly #watch: AlpacaStreamWatch;

  constructor(options: AlpacaTradeUpdatesStreamOptions) {
    this.#options = options;
    const { context, config } = options;
    this.#replies = new AlpacaReplyWaiter(context.timers);
    this.socket = new ReconnectingWebSocket({
      ...alpacaStreamSocketOptions(options),
      url: options.url,
      onMessage: (data, isBinary) => this.#onFrame(data, isBinary),
      onOpen: ({ signal }) => this.#authenticateAndListen(signal),
      readyTimeoutMs: config.timeouts.streamReplyMs * 2,
    });
    this.#watch = new AlpacaStreamWatch({
      socket: this.socket,
      name: 'trade_updates',
      timers: context.timers,
      nowMs: () => context.clock.nowMs(),
      pingIntervalMs: config.heartbeat.pingIntervalMs,
      heartbeatSilenceMs: config.heartbeat.heartbeatSilenceMs,
      logger: context.logger,
    });
    this.socket.onStateChange((change) => {
      if (change.current !== 'connected') this.#watch.stop();
    });
  }

  /** Opens, authenticates and listens; rejects with `AUTH_FAILED` when Alpaca refuses the keys. */
  connect(): Promise<void> {
    return this.socket.connect();
  }

  /** Closes for good. */
  async close(): Promise<void> {
    this.#watch.stop();
    await this.socket.close(1000, 'tickwire disconnecting');
  }

  async #authenticateAndListen(signal: AbortSignal): Promise<void> {
    const { credentials, encoding, config } = this.#options;
    const timeoutMs = config.timeouts.streamReplyMs;
    const authorized = this.#replies.wait(
      'the trade_updates authorization reply',
      (message) => {
        if (message.stream !== 'authorization') return undefined;
        const data = (message.data ?? {}) as { status?: unknown; action?: unknown };
        if (data.status === 'authorized') return 'resolve';
        return new TickwireError({
          code: 'AUTH_FAILED',
          message:
            `Alpaca refused the API key on the trade_updates stream (status "${String(data.status)}"). Check ` +
            'keyId/secretKey (or APCA_API_KEY_ID / APCA_API_SECRET_KEY) and that they are the keys of the ' +
            `configured mode (${config.mode}).`,
        });
      },
      timeoutMs,
      signal,
    );
    this.socket.send(
      encodeAlpacaRequest(
        { action: 'authenticate', data: { key_id: credentials.keyId, secret_key: credentials.secretKey } },
        encoding,
      ),
    );
    await authorized;
    const listening = this.#replies.wait(
      'the trade_updates listen acknowledgement',
      (message) => {
        if (
          message.stream === 'authorization' &&
          (message.data as { status?: unknown } | undefined)?.status !== 'authorized'
        ) {
          return new TickwireError({
            code: 'AUTH_FAILED',
            message:
              'Alpaca refused to let the trade_updates stream listen (not authorized). Check the API keys and their mode.',
          });
        }
        if (message.stream !== 'listening') return undefined;
        const streams = (message.data as { streams?: unknown } | undefined)?.streams;
        if (Array.isArray(streams) && streams.includes('trade_updates')) return 'resolve';
        return new TickwireError({
          code: 'NOT_SUPPORTED',
          message: `Alpaca did not grant the trade_updates stream (granted: ${JSON.stringify(streams)}). Check that the account may trade.`,
        });
      },
      timeoutMs,
      signal,
    );
    this.socket.send(encodeAlpacaRequest({ action: 'listen', data: { streams: ['trade_updates'] } }, encoding));
    await listening;
    this.#watch.attach();
  }

  #onFrame(data: Buffer, isBinary: boolean): void {
    let decoded: unknown;
    try {
      decoded = decodeAlpacaFrame(data, isBinary);
    } catch (error) {
      this.#options.context.health.reportProtocolError(
        new TickwireError({
          code: 'PROTOCOL_ERROR',
          message: `Alpaca trade_updates sent a frame that is neither JSON nor MessagePack (${data.length} bytes, starting ${JSON.stringify(data.subarray(0, 24).toString('latin1'))}); skipped.`,
          cause: error,
        }),
      );
      return;
    }
    this.#watch.noteHeartbeat();
    if (decoded === HEARTBEAT_FRAME) return;
    const message = (typeof decoded === 'object' && decoded !== null ? decoded : {}) as TradingStreamMessage;
    if (message.stream === 'trade_updates') {
      this.#onTradeUpdate(message.data);
      return;
    }
    if (this.#replies.offer(message)) return;
    if (message.stream === 'authorization' || message.stream === 'listening') return;
    this.#options.context.logger.debug('Alpaca trade_updates: message of another stream ignored', {
      stream: typeof message.stream === 'string' ? message.stream : typeof message.stream,
    });
  }

  #onTradeUpdate(data: unknown): void {
    const update = data as Partial<AlpacaTradeUpdate> | undefined;
    const order = update?.order as Partial<AlpacaTradeUpdate['order']> | undefined;
    if (
      typeof update?.event !== 'string' ||
      typeof order?.id !== 'string' ||
      typeof order.client_order_id !== 'string' ||
      typeof order.status !== 'string' ||
      typeof order.symbol !== 'string'
    ) {
      this.#options.context.health.reportProtocolError(
        new TickwireError({
          code: 'PROTOCOL_ERROR',
          message:
            'Alpaca sent a trade_updates event without event, order.id, order.client_order_id, order.symbol or ' +
            `order.status (${JSON.stringify(data)?.slice(0, 200)}); skipped. The order is reconciled after the next reconnect.`,
        }),
      );
      return;
    }
    this.#options.onTradeUpdate(update as AlpacaTradeUpdate);
  }
}
