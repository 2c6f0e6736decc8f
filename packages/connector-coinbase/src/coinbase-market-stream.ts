import {
  ALL_SYMBOLS,
  type ConnectorContext,
  contextSocketOptions,
  parseRfc3339Nanos,
  type RateLimiter,
  ReconnectingWebSocket,
  SilenceWatchdog,
  SubscriptionSet,
  TickwireError,
} from '@tickwire/core';
import { CoinbaseBookFeed } from './coinbase-book-feed';
import { excerptOf, reportCoinbaseProtocolError } from './coinbase-protocol-error';
import { CoinbaseSubscriptionAcks } from './coinbase-subscription-acks';
import { CoinbaseSymbolStates } from './coinbase-symbol-states';
import { CoinbaseTickPublisher } from './coinbase-tick-publisher';
import { CoinbaseTickerFeed } from './coinbase-ticker-feed';
import {
  COINBASE_MESSAGE_CHANNELS,
  type CoinbaseMarketChannel,
  type CoinbaseSubscriptionsEvent,
} from './coinbase-ws-messages';
import { CoinbaseWsSender, openingAnswerError, waitForOpeningAnswer } from './coinbase-ws-sender';

/** What {@link CoinbaseMarketStream} needs. */
export interface CoinbaseMarketStreamOptions {
  readonly url: string;
  readonly context: ConnectorContext;
  readonly dataSilenceMs: number;
  readonly heartbeatSilenceMs: number;
  readonly subscribeTimeoutMs: number;
  readonly backoff: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  readonly messageLimiter: RateLimiter;
  /** A fresh WebSocket JWT (no `uri` claim) for each subscribe message. */
  readonly signJwt: () => string;
}

/**
 * The market data WebSocket: heartbeats subscribed within moments of connecting (Coinbase drops a connection that
 * has not subscribed within 5 s, and quiet channels without heartbeats), one channel per subscribe message with a
 * fresh JWT, every subscription restored after a reconnect, and the connection's `sequence_num` checked on every
 * message. A gap is reported to feed health for every symbol, flags each symbol's next tick with GAP_BEFORE, and
 * resyncs the L2 books by resubscribing level2 for a new snapshot.
 */
export class CoinbaseMarketStream {
  readonly socket: ReconnectingWebSocket;
  /** The subscriptions wanted, kept across reconnects. */
  readonly wanted = new SubscriptionSet<CoinbaseMarketChannel>();
  readonly states = new CoinbaseSymbolStates();
  readonly books: CoinbaseBookFeed;
  readonly #options: CoinbaseMarketStreamOptions;
  readonly #context: ConnectorContext;
  readonly #publisher: CoinbaseTickPublisher;
  readonly #tickers: CoinbaseTickerFeed;
  readonly #acks: CoinbaseSubscriptionAcks;
  readonly #sender: CoinbaseWsSender;
  readonly #watchdog: SilenceWatchdog;
  readonly #resyncQueue = new Set<string>();
  #expectedSequence = -1;
  #staleReported = false;

  constructor(options: CoinbaseMarketStreamOptions) {
    const { context } = options;
    this.#options = options;
    this.#context = context;
    this.#publisher = new CoinbaseTickPublisher(context);
    this.#tickers = new CoinbaseTickerFeed(context, this.states, this.#publisher, this.wanted);
    this.books = new CoinbaseBookFeed(context, this.states, this.#publisher, this.wanted, (productId) =>
      this.#queueResync(productId),
    );
    this.#acks = new CoinbaseSubscriptionAcks(context.timers, context.logger);
    this.socket = new ReconnectingWebSocket({
      ...contextSocketOptions(context),
      url: options.url,
      backoff: options.backoff,
      onOpen: ({ isReconnect, signal }) => this.#prepare(isReconnect, signal),
      onMessage: (data) => this.handleFrame(data),
    });
    this.#sender = new CoinbaseWsSender(this.socket, options.messageLimiter, options.signJwt, context.signal);
    this.#watchdog = new SilenceWatchdog({
      dataSilenceMs: options.dataSilenceMs,
      heartbeatSilenceMs: options.heartbeatSilenceMs,
      nowMs: () => context.clock.nowMs(),
      timers: context.timers,
      logger: context.logger,
      onSilence: (event) => {
        if (event.kind === 'heartbeat') {
          this.socket.reconnect(`no Coinbase heartbeat for ${event.silentForMs} ms`);
        } else if (this.wanted.size > 0) {
          this.#staleReported = true;
          context.health.reportFeedStale(ALL_SYMBOLS, event.silentForMs);
          // Heartbeats still flow, so the connection is fine and a channel went quiet: subscribe it afresh.
          if (event.heartbeatsContinue) void this.#resubscribeAll('data silent while heartbeats continue');
        }
      },
      onResume: (event) => {
        if (event.kind !== 'data' || !this.#staleReported) return;
        this.#staleReported = false;
        context.health.reportResynced(ALL_SYMBOLS);
      },
    });
    this.socket.onStateChange((change) => {
      if (change.current === 'connected') this.#watchdog.start();
      else {
        this.#watchdog.stop();
        this.#acks.failAll(
          change.error ??
            new TickwireError({
              code: 'CONNECTION_FAILED',
              message: `Coinbase market data connection ${change.current}.`,
            }),
        );
      }
    });
  }

  /**
   * Adds subscriptions; when connected, sends one subscribe message per channel and waits for Coinbase's
   * acknowledgement. A refusal removes the pairs again and rejects with `SUBSCRIPTION_FAILED`.
   */
  async subscribe(products: readonly string[], channels: readonly CoinbaseMarketChannel[]): Promise<void> {
    const hadData = this.wanted.size > 0;
    const added = this.wanted.add(products, channels);
    for (const product of added.get('level2') ?? []) this.books.open(product);
    // Silence is measured from the first data subscription, not from the connection's start.
    if (!hadData && added.size > 0 && this.socket.state === 'connected') this.#watchdog.start();
    if (this.socket.state !== 'connected') return;
    await Promise.all(
      [...added].map(async ([channel, symbols]) => {
        try {
          await this.#sender.subscribe('subscribe', channel, symbols, this.#acks, this.#options.subscribeTimeoutMs);
        } catch (error) {
          if (TickwireError.isInstance(error) && error.code === 'SUBSCRIPTION_FAILED') {
            this.wanted.remove(symbols, [channel]);
            if (channel === 'level2') for (const symbol of symbols) this.books.close(symbol);
          }
          throw error;
        }
      }),
    );
  }

  /** Removes subscriptions and, when connected, tells Coinbase (one unsubscribe message per channel). */
  async unsubscribe(products: readonly string[], channels: readonly CoinbaseMarketChannel[]): Promise<void> {
    const removed = this.wanted.remove(products, channels);
    for (const product of removed.get('level2') ?? []) this.books.close(product);
    if (this.socket.state !== 'connected') return;
    for (const [channel, symbols] of removed) await this.#sender.send('unsubscribe', channel, symbols);
  }

  /** Every symbol's next tick carries GAP_BEFORE: the connector lost a connection and data may be missing. */
  markConnectionGap(): void {
    this.states.markAllGapped(false);
  }

  /** Stops the watchdog and closes the socket. */
  async close(): Promise<void> {
    this.#watchdog.stop();
    await this.socket.close(1000, 'client disconnect');
  }

  /** Parses one frame and routes it. Public so a benchmark can drive the parser without a socket. */
  handleFrame(data: Buffer): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    } catch {
      reportCoinbaseProtocolError(this.#context, `a frame that is not JSON: ${excerptOf(data.toString('utf8'))}`);
      return;
    }
    if (typeof message !== 'object' || message === null) {
      reportCoinbaseProtocolError(this.#context, `a frame that is not an object: ${excerptOf(data.toString('utf8'))}`);
      return;
    }
    if (message.type === 'error') {
      const text = String(message.message ?? '');
      if (!this.#acks.onError(text)) this.#context.logger.warn('Coinbase market data error frame', { message: text });
      return;
    }
    const channel = message.channel;
    const events = message.events;
    if (typeof channel !== 'string' || !Array.isArray(events)) {
      reportCoinbaseProtocolError(
        this.#context,
        `a frame without a channel or events: ${excerptOf(data.toString('utf8'))}`,
      );
      return;
    }
    const sequence = message.sequence_num;
    if (typeof sequence === 'number') this.#checkSequence(sequence);
    switch (channel) {
      case 'heartbeats':
        this.#watchdog.noteHeartbeat();
        return;
      case 'subscriptions':
        for (const event of events as CoinbaseSubscriptionsEvent[]) {
          if (event?.subscriptions !== undefined) this.#acks.onSubscriptions(event.subscriptions);
        }
        return;
      case 'ticker':
      case 'ticker_batch':
        this.#watchdog.noteData();
        this.#readTime(message.timestamp);
        this.#tickers.onTickerEvents(events);
        return;
      case 'market_trades':
        this.#watchdog.noteData();
        this.#tickers.onTradeEvents(events);
        return;
      case 'l2_data':
        this.#watchdog.noteData();
        this.#readTime(message.timestamp);
        this.books.onLevel2Events(events, typeof sequence === 'number' ? sequence : -1);
        return;
      default:
        if (!COINBASE_MESSAGE_CHANNELS.has(channel)) {
          reportCoinbaseProtocolError(this.#context, `a message on unknown channel ${JSON.stringify(channel)}`);
        }
    }
  }

  async #prepare(isReconnect: boolean, signal: AbortSignal): Promise<void> {
    // A new connection numbers its messages afresh; the books must be rebuilt from new snapshots.
    this.#expectedSequence = -1;
    this.books.invalidateAll(false);
    if (isReconnect) this.states.markAllGapped(false);
    const answer = waitForOpeningAnswer(this.socket, 'heartbeats', this.#options.subscribeTimeoutMs);
    await this.#sender.send('subscribe', 'heartbeats', undefined, signal);
    const error = openingAnswerError(await answer, 'market data');
    if (error !== undefined) throw error;
    for (const [channel, symbols] of this.wanted.byChannel()) {
      for (const symbol of channel === 'level2' ? symbols : []) this.books.open(symbol);
      await this.#sender.send('subscribe', channel, symbols, signal);
    }
  }

  #checkSequence(sequence: number): void {
    const expected = this.#expectedSequence;
    this.#expectedSequence = sequence + 1;
    if (expected < 0 || sequence === expected) return;
    if (sequence > expected) {
      this.#context.health.reportGap(ALL_SYMBOLS, expected, sequence);
      this.states.markAllGapped(true);
    } else {
      this.#context.logger.warn('Coinbase sequence_num went back; treating it as a gap', { expected, sequence });
      this.states.markAllGapped(false);
    }
    // The sequence is per connection, so any product's book may have missed an update.
    this.books.invalidateAll(true);
  }

  #readTime(timestamp: unknown): void {
    const target = this.#publisher.messageTime;
    if (typeof timestamp === 'string') {
      try {
        parseRfc3339Nanos(timestamp, target);
        return;
      } catch (error) {
        reportCoinbaseProtocolError(
          this.#context,
          `a timestamp that is not RFC 3339 (${(error as Error).message}); used the receive time`,
        );
      }
    }
    this.#context.clock.writeEpochTime(target);
  }

  #queueResync(productId: string): void {
    const first = this.#resyncQueue.size === 0;
    this.#resyncQueue.add(productId);
    // Books invalidated together by one gap are resubscribed in one pair of messages.
    if (first) queueMicrotask(() => void this.#flushResyncs());
  }

  async #flushResyncs(): Promise<void> {
    const products = [...this.#resyncQueue].filter((product) => this.wanted.has(product, 'level2'));
    this.#resyncQueue.clear();
    if (products.length === 0 || this.socket.state !== 'connected') return;
    try {
      await this.#sender.send('unsubscribe', 'level2', products);
      await this.#sender.send('subscribe', 'level2', products);
    } catch (error) {
      this.#context.logger.warn('Coinbase level2 resubscription failed; the next reconnect retries it', { error });
    }
  }

  async #resubscribeAll(reason: string): Promise<void> {
    if (this.socket.state !== 'connected') return;
    this.books.invalidateAll(false);
    try {
      for (const [channel, symbols] of this.wanted.byChannel()) {
        await this.#sender.send('unsubscribe', channel, symbols);
        await this.#sender.send('subscribe', channel, symbols);
      }
    } catch (error) {
      this.#context.logger.warn('Coinbase resubscription failed', { reason, error });
    }
  }
}
