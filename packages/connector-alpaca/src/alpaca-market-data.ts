import {
  ALL_SYMBOLS,
  type ConnectorContext,
  ReconnectingWebSocket,
  SubscriptionSet,
  type SubscriptionsByChannel,
  TickFlags,
  TickwireError,
} from '@tickwire/core';
import type { AlpacaConfig, AlpacaCredentials } from './alpaca-config';
import { AlpacaDataParser } from './alpaca-data-parser';
import { alpacaStreamError } from './alpaca-errors';
import {
  type AlpacaStreamEncoding,
  decodeAlpacaFrame,
  encodeAlpacaRequest,
  HEARTBEAT_FRAME,
} from './alpaca-frame-codec';
import { AlpacaOrderbooks } from './alpaca-orderbooks';
import { AlpacaReplyWaiter } from './alpaca-reply-waiter';
import { alpacaStreamSocketOptions } from './alpaca-stream-socket-options';
import { AlpacaStreamWatch } from './alpaca-stream-watch';
import { AlpacaSymbolStates } from './alpaca-symbol-state';
import type { AlpacaDataMessage } from './alpaca-wire-types';

/** Alpaca's subscription channels that tickwire uses. */
export type AlpacaChannel = 'trades' | 'quotes' | 'bars' | 'updatedBars' | 'orderbooks';

const CONTROL_TYPES = new Set(['success', 'subscription', 'error']);

/** Options for {@link AlpacaMarketDataStream}. */
export interface AlpacaMarketDataStreamOptions {
  /** `wss://stream.data.alpaca.markets/v2/iex`, `.../v1beta3/crypto/us`. */
  readonly url: string;
  /** For messages and logs: `stocks (iex)`, `crypto (us)`. */
  readonly name: string;
  readonly crypto: boolean;
  readonly credentials: AlpacaCredentials;
  readonly encoding: AlpacaStreamEncoding;
  readonly config: AlpacaConfig;
  readonly context: ConnectorContext;
}

/**
 * One Alpaca market-data stream (stocks v2 on a feed, or crypto v1beta3): the greeting, `auth`, subscribe and
 * unsubscribe with the venue's acknowledgement (the whole current set), and the data into {@link AlpacaDataParser}.
 * The wanted subscriptions live in a {@link SubscriptionSet}, so every reconnect (shared
 * {@link ReconnectingWebSocket}, backoff with jitter) re-authenticates and resubscribes exactly them, and the first
 * tick of each symbol afterwards carries `GAP_BEFORE`. Opened on the first subscription, not before: Alpaca allows
 * one connection per feed and key, so an unused one would only lock out other clients.
 */
export class AlpacaMarketDataStream {
  readonly socket: ReconnectingWebSocket;
  readonly #options: AlpacaMarketDataStreamOptions;
  readonly #wanted = new SubscriptionSet<AlpacaChannel>();
  readonly #states = new AlpacaSymbolStates();
  readonly #replies: AlpacaReplyWaiter<AlpacaDataMessage>;
  readonly #parser: AlpacaDataParser;
  readonly #orderbooks: AlpacaOrderbooks | undefined;
  readonly #watch: AlpacaStreamWatch;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: AlpacaMarketDataStreamOptions) {
    this.#options = options;
    const { context, config } = options;
    this.#replies = new AlpacaReplyWaiter(context.timers);
    this.socket = new ReconnectingWebSocket({
      ...alpacaStreamSocketOptions(options),
      url: options.url,
      onMessage: (data, isBinary) => this.#onFrame(data, isBinary),
      onOpen: ({ isReconnect, signal }) => this.#prepare(isReconnect, signal),
      readyTimeoutMs: config.timeouts.streamReplyMs * 3,
    });
    this.#watch = new AlpacaStreamWatch({
      socket: this.socket,
      name: options.name,
      timers: context.timers,
      nowMs: () => context.clock.nowMs(),
      pingIntervalMs: config.heartbeat.pingIntervalMs,
      heartbeatSilenceMs: config.heartbeat.heartbeatSilenceMs,
      dataSilenceMs: config.heartbeat.dataSilenceMs,
      onDataSilence: (silentForMs) => context.health.reportFeedStale(ALL_SYMBOLS, silentForMs),
      onDataResume: () => context.health.reportResynced(ALL_SYMBOLS),
      logger: context.logger,
    });
    this.#orderbooks = options.crypto
      ? new AlpacaOrderbooks({ context, requestSnapshot: (state) => this.#resubscribeBook(state.alpacaSymbol) })
      : undefined;
    this.#parser = new AlpacaDataParser({
      context,
      states: this.#states,
      streamName: options.name,
      ...(this.#orderbooks === undefined ? {} : { orderbooks: this.#orderbooks }),
      onData: () => this.#watch.noteData(),
    });
    this.socket.onStateChange((change) => {
      if (change.current !== 'connected') this.#watch.stop();
      if (change.previous === 'connected') this.markConnectionLost();
    });
  }

  /** True once any subscription was asked for (the stream then belongs to the connector's connection). */
  get hasSubscriptions(): boolean {
    return this.#wanted.size > 0;
  }

  /**
   * Subscribes Alpaca symbols on channels: opens the stream first if needed, then waits for Alpaca's
   * acknowledgement. Pairs already wanted are not sent again. While the stream is reconnecting the request is kept
   * and sent on the new connection. Rejects with `SUBSCRIPTION_FAILED` naming what Alpaca refused (405 symbol
   * limit, 409 insufficient subscription, or symbols missing from the acknowledgement).
   */
  subscribe(symbols: readonly string[], channels: readonly AlpacaChannel[]): Promise<void> {
    return this.#serialized(async () => {
      const added = this.#wanted.add(symbols, channels);
      this.#refreshQuoteFlags();
      if (added.size === 0) return;
      try {
        if (this.socket.state === 'connected') await this.#request('subscribe', added, this.socket.socket);
        // The first connection subscribes the whole wanted set in onOpen, this request included.
        else if (this.socket.state !== 'reconnecting') await this.socket.connect();
      } catch (error) {
        for (const [channel, list] of added) this.#wanted.remove(list, [channel]);
        this.#refreshQuoteFlags();
        throw error;
      }
    });
  }

  /** Unsubscribes; pairs that were not subscribed are ignored. */
  unsubscribe(symbols: readonly string[], channels: readonly AlpacaChannel[]): Promise<void> {
    return this.#serialized(async () => {
      const removed = this.#wanted.remove(symbols, channels);
      this.#refreshQuoteFlags();
      if (removed.size === 0 || this.socket.state !== 'connected') return;
      await this.#request('unsubscribe', removed, this.socket.socket);
    });
  }

  /** Reopens the stream after a `disconnect()`, when subscriptions are wanted. */
  async reopen(): Promise<void> {
    if (this.#wanted.size > 0 && this.socket.state !== 'connected') await this.socket.connect();
  }

  /** Marks every symbol's next tick with `GAP_BEFORE` and forgets order books: continuity is no longer known. */
  markConnectionLost(): void {
    for (const state of this.#states.values()) state.pendingFlags |= TickFlags.GAP_BEFORE;
    this.#orderbooks?.invalidateAll(this.#states.values());
  }

  /** Closes for good (subscriptions are kept for a later `reopen`). */
  async close(): Promise<void> {
    this.#watch.stop();
    await this.socket.close(1000, 'tickwire disconnecting');
  }

  async #prepare(isReconnect: boolean, signal: AbortSignal): Promise<void> {
    const { credentials, encoding, config, name } = this.#options;
    const timeoutMs = config.timeouts.streamReplyMs;
    const successReply = (text: string) => (message: AlpacaDataMessage) => {
      if (message.T === 'success' && message.msg === text) return 'resolve' as const;
      if (message.T === 'error') return alpacaStreamError(message.code ?? 0, message.msg ?? '', `${name} stream`);
      return undefined;
    };
    await this.#replies.wait(`the ${name} greeting`, successReply('connected'), timeoutMs, signal);
    const authenticated = this.#replies.wait(
      `the ${name} authentication reply`,
      successReply('authenticated'),
      timeoutMs,
      signal,
    );
    this.socket.send(
      encodeAlpacaRequest({ action: 'auth', key: credentials.keyId, secret: credentials.secretKey }, encoding),
    );
    await authenticated;
    if (isReconnect) this.markConnectionLost();
    const everything = this.#wanted.byChannel();
    if (everything.size > 0) await this.#request('subscribe', everything, this.socket.socket, signal);
    this.#watch.dataExpected = this.#wanted.size > 0;
    this.#watch.attach();
  }

  async #request(
    action: 'subscribe' | 'unsubscribe',
    byChannel: SubscriptionsByChannel<AlpacaChannel>,
    socketAtStart: unknown,
    signal?: AbortSignal,
  ): Promise<void> {
    const { name, encoding, config } = this.#options;
    const request: Record<string, unknown> = { action };
    for (const [channel, symbols] of byChannel) request[channel] = symbols;
    const acknowledged = this.#replies.wait(
      `the ${name} ${action} acknowledgement`,
      (message) => {
        if (message.T === 'subscription') return 'resolve';
        if (message.T === 'error') return alpacaStreamError(message.code ?? 0, message.msg ?? '', `${name} stream`);
        return undefined;
      },
      config.timeouts.streamReplyMs,
      signal,
    );
    this.socket.send(encodeAlpacaRequest(request, encoding));
    const ack = (await acknowledged) as unknown as Record<string, unknown>;
    this.#watch.dataExpected = this.#wanted.size > 0;
    if (action === 'unsubscribe' || socketAtStart !== this.socket.socket) return;
    const refused: string[] = [];
    for (const [channel, symbols] of byChannel) {
      const granted = Array.isArray(ack[channel]) ? (ack[channel] as unknown[]) : [];
      for (const symbol of symbols)
        if (!granted.includes(symbol) && !granted.includes('*')) refused.push(`${channel}:${symbol}`);
    }
    if (refused.length > 0) {
      throw new TickwireError({
        code: 'SUBSCRIPTION_FAILED',
        message: `Alpaca ${name} did not grant ${refused.join(', ')} (its acknowledgement lists the whole current set). Check the symbols exist on this feed and the plan covers them.`,
        details: { refused },
      });
    }
  }

  #onFrame(data: Buffer, isBinary: boolean): void {
    let decoded: unknown;
    try {
      decoded = decodeAlpacaFrame(data, isBinary);
    } catch (error) {
      this.#protocolError(`a frame that is neither JSON nor MessagePack (${data.length} bytes)`, error);
      return;
    }
    if (decoded === HEARTBEAT_FRAME) {
      this.#watch.noteHeartbeat();
      return;
    }
    if (!Array.isArray(decoded)) {
      this.#protocolError(`a frame that is not an array (${typeof decoded}); every Alpaca data frame is one`);
      return;
    }
    const first = decoded[0] as AlpacaDataMessage | undefined;
    // Control messages come one per array; data messages may be batched.
    if (decoded.length === 1 && first !== undefined && CONTROL_TYPES.has(first.T)) this.#onControl(first);
    else this.#parser.handleArray(decoded);
  }

  #onControl(message: AlpacaDataMessage): void {
    if (this.#replies.offer(message)) return;
    if (message.T !== 'error') return;
    const error = alpacaStreamError(message.code ?? 0, message.msg ?? '', `${this.#options.name} stream`);
    this.#options.context.logger.warn('Alpaca market-data error', { stream: this.#options.name, error });
  }

  #resubscribeBook(alpacaSymbol: string): void {
    if (this.socket.state !== 'connected') return;
    const book = new Map<AlpacaChannel, string[]>([['orderbooks', [alpacaSymbol]]]);
    void this.#serialized(async () => {
      await this.#request('unsubscribe', book, this.socket.socket);
      await this.#request('subscribe', book, this.socket.socket);
    }).catch((error: unknown) =>
      this.#options.context.logger.warn('Alpaca: could not resubscribe an order book', { symbol: alpacaSymbol, error }),
    );
  }

  #refreshQuoteFlags(): void {
    // Every wanted symbol gets its state now, so a lost connection marks it even before its first message.
    for (const symbols of this.#wanted.byChannel().values()) for (const symbol of symbols) this.#states.get(symbol);
    const allQuotes = this.#wanted.has('*', 'quotes');
    for (const state of this.#states.values()) {
      state.quotesSubscribed = allQuotes || this.#wanted.has(state.alpacaSymbol, 'quotes');
    }
  }

  #serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work, work);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #protocolError(what: string, cause?: unknown): void {
    this.#options.context.health.reportProtocolError(
      new TickwireError({
        code: 'PROTOCOL_ERROR',
        message: `Alpaca ${this.#options.name} sent ${what}; skipped.`,
        ...(cause === undefined ? {} : { cause }),
      }),
    );
  }
}
