import { ALL_SYMBOLS, type ConnectorContext, SilenceWatchdog, TickwireError, type TimerHandle } from '@tickwire/core';
import type { SimConfig } from '../config/sim-config-schema';
import type { SimFaultTarget } from '../faults/sim-faults';
import { createSimFeed } from '../feed/create-sim-feed';
import type { SimFeed } from '../feed/sim-feed';
import type { InstrumentTable } from '../market/instrument-table';
import { SUBSCRIBE_QUOTES } from '../market/synthetic-market';
import { MatchingEngine } from '../matching/matching-engine';
import { OrderEventDelivery } from './order-event-delivery';

/** The parts of the connector context the venue uses. */
export type SimVenueContext = Pick<
  ConnectorContext,
  'tickWriter' | 'marketData' | 'orderEvents' | 'health' | 'clock' | 'timers' | 'logger'
>;

/** What {@link SimVenue} is built from. */
export interface SimVenueOptions {
  readonly config: SimConfig;
  readonly context: SimVenueContext;
  /** Told when a fault takes the link down (`false`) or brings it back (`true`). */
  readonly onLinkChange: (up: boolean, reason: string) => void;
}

/**
 * The simulated venue behind the sim connector: the feed, the matching engine, the link to the client, and the
 * loop that drives them.
 *
 * The loop runs every `tickIntervalMs` on the context's timers: it generates the market due since the last run,
 * expires orders, and beats the heartbeat. While a fault holds the link down the loop keeps running (orders keep
 * matching), but ticks and order events do not reach the client.
 */
export class SimVenue implements SimFaultTarget {
  /** Market data: the book, the ticks. */
  readonly feed: SimFeed;
  /** Orders, fills, positions, account. */
  readonly engine: MatchingEngine;
  /** Order events on their way to the client. */
  readonly delivery: OrderEventDelivery;
  private readonly config: SimConfig;
  private readonly context: SimVenueContext;
  private readonly onLinkChange: (up: boolean, reason: string) => void;
  private readonly watchdog: SilenceWatchdog;
  private readonly resyncPending: Uint8Array;
  private anyResyncPending = false;
  private running = false;
  private linkIsUp = false;
  private silenced = false;
  private loopTimer: TimerHandle | undefined;
  private lastPublished = 0;
  private lastHeartbeatMs = Number.NEGATIVE_INFINITY;

  /** @param options - config, context and the link listener. */
  constructor(options: SimVenueOptions) {
    const { config, context } = options;
    this.config = config;
    this.context = context;
    this.onLinkChange = options.onLinkChange;
    this.feed = createSimFeed({
      kind: config.feed,
      symbols: config.symbols,
      seed: config.seed,
      writer: context.tickWriter,
      startAtMs: context.clock.nowMs(),
      maxCatchUpMs: config.maxCatchUpMs,
      marketData: context.marketData,
      onGap: (symbolIndex, expected, received) => this.noteGap(symbolIndex, expected, received),
    });
    this.resyncPending = new Uint8Array(this.feed.instruments.size);
    this.delivery = new OrderEventDelivery({
      timers: context.timers,
      nowMs: () => context.clock.nowMs(),
      deliver: (event) => context.orderEvents.emit(event),
    });
    this.engine = new MatchingEngine({
      instruments: this.feed.instruments,
      book: this.feed.book,
      onEvent: (event) => this.delivery.send(event, config.latency.fillMs),
      tradingDayMs: config.tradingDayMs,
      feeRate: config.feeRate,
      account: {
        accountId: config.account.id,
        currency: config.account.currency,
        startingCash: config.account.startingCash,
      },
      fillHistoryLimit: config.fillHistoryLimit,
    });
    this.feed.listener = this.engine;
    this.feed.muted = true;
    this.watchdog = new SilenceWatchdog({
      dataSilenceMs: config.staleAfterMs,
      nowMs: () => context.clock.nowMs(),
      timers: context.timers,
      logger: context.logger,
      onSilence: (event) => context.health.reportFeedStale(ALL_SYMBOLS, event.silentForMs),
      onResume: () => context.health.reportResynced(ALL_SYMBOLS),
    });
  }

  /** The simulated symbols. */
  get instruments(): InstrumentTable {
    return this.feed.instruments;
  }

  /** True while the client is connected and no fault holds the link down. */
  get linkUp(): boolean {
    return this.linkIsUp;
  }

  /** True between {@link SimVenue.start} and {@link SimVenue.stop}. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Venue time, epoch ms. */
  nowMs(): number {
    return this.context.clock.nowMs();
  }

  /** Starts the loop and opens the link (the client connected). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.setLink(true);
    this.runLoop();
  }

  /**
   * Stops the loop and closes the link (the client disconnected): events in flight are dropped and every
   * subscription ends, as on a closed connection. Orders and positions stay at the venue.
   */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    if (this.loopTimer !== undefined) this.context.timers.clearTimeout(this.loopTimer);
    this.loopTimer = undefined;
    this.setLink(false);
    this.delivery.close();
    for (let symbolIndex = 0; symbolIndex < this.instruments.size; symbolIndex++)
      this.feed.setSubscribed(symbolIndex, 0);
  }

  /** Publishes `kinds` (a `SUBSCRIBE_*` mask) for the symbols; newly quoted symbols get a snapshot first. */
  subscribe(symbolIndexes: readonly number[], kinds: number): void {
    for (const symbolIndex of symbolIndexes) {
      const before = this.feed.subscribedKinds(symbolIndex);
      this.feed.setSubscribed(symbolIndex, before | kinds);
      if ((before & SUBSCRIBE_QUOTES) === 0 && (kinds & SUBSCRIBE_QUOTES) !== 0) this.feed.publishSnapshot(symbolIndex);
    }
  }

  /** Stops publishing `kinds` for the symbols. */
  unsubscribe(symbolIndexes: readonly number[], kinds: number): void {
    for (const symbolIndex of symbolIndexes) {
      this.feed.setSubscribed(symbolIndex, this.feed.subscribedKinds(symbolIndex) & ~kinds);
    }
  }

  /** {@inheritDoc SimFaultTarget.dropLink} */
  dropLink(reason: string): void {
    if (!this.running || !this.linkIsUp) return;
    this.setLink(false);
    this.onLinkChange(false, reason);
  }

  /** {@inheritDoc SimFaultTarget.restoreLink} */
  restoreLink(): void {
    if (!this.running || this.linkIsUp) return;
    this.setLink(true);
    // A re-made connection: anything may have been missed, and the venue answers the resubscription with snapshots.
    this.feed.markGapBeforeNextTick();
    for (let symbolIndex = 0; symbolIndex < this.instruments.size; symbolIndex++) {
      if ((this.feed.subscribedKinds(symbolIndex) & SUBSCRIBE_QUOTES) !== 0) this.feed.publishSnapshot(symbolIndex);
    }
    this.onLinkChange(true, 'sim link restored');
  }

  /** {@inheritDoc SimFaultTarget.setSilenced} */
  setSilenced(silenced: boolean): void {
    this.silenced = silenced;
    this.feed.muted = silenced || !this.linkIsUp;
  }

  /** {@inheritDoc SimFaultTarget.dropTicks} */
  dropTicks(symbol: string | undefined, count: number): void {
    const symbolIndex = symbol === undefined ? -1 : this.instruments.indexOf(symbol);
    if (symbolIndex < 0 && symbol !== undefined) {
      throw new TickwireError({
        code: 'INVALID_ARGUMENT',
        message: `faults.sequenceGap: unknown symbol ${JSON.stringify(symbol)}; the sim trades ${this.instruments.symbols().join(', ')}.`,
      });
    }
    this.feed.dropTicks(symbolIndex, count);
  }

  /** {@inheritDoc SimFaultTarget.setClockOffset} */
  setClockOffset(offsetMs: number): void {
    this.feed.timestampOffsetMs = offsetMs;
  }

  private setLink(up: boolean): void {
    this.linkIsUp = up;
    this.feed.muted = this.silenced || !up;
    this.delivery.setLinkUp(up);
    if (up) this.watchdog.start();
    else this.watchdog.stop();
  }

  private noteGap(symbolIndex: number, expected: number, received: number): void {
    this.context.health.reportGap(this.instruments.spec(symbolIndex).symbol, expected, received);
    this.resyncPending[symbolIndex] = 1;
    this.anyResyncPending = true;
  }

  /** One pass: generate the market due, expire orders, recover gapped symbols, beat the heartbeat. */
  private runLoop(): void {
    this.loopTimer = undefined;
    if (!this.running) return;
    const nowMs = this.context.clock.nowMs();
    this.feed.advanceTo(nowMs);
    this.engine.expireDue(nowMs);
    if (this.anyResyncPending) this.recoverGappedSymbols();
    if (this.linkIsUp) {
      const published = this.feed.stats.published;
      // Nothing subscribed means nothing expected: that is not a silent feed.
      if (published !== this.lastPublished || !this.anySubscription()) this.watchdog.noteData();
      this.lastPublished = published;
      if (nowMs - this.lastHeartbeatMs >= this.config.heartbeatIntervalMs) {
        this.watchdog.noteHeartbeat();
        this.lastHeartbeatMs = nowMs;
      }
    }
    this.loopTimer = this.context.timers.setTimeout(() => this.runLoop(), this.config.tickIntervalMs);
  }

  /** After a gap the venue sends a fresh snapshot, which makes the symbol's data whole again. */
  private recoverGappedSymbols(): void {
    this.anyResyncPending = false;
    for (let symbolIndex = 0; symbolIndex < this.resyncPending.length; symbolIndex++) {
      if (this.resyncPending[symbolIndex] === 0) continue;
      this.resyncPending[symbolIndex] = 0;
      this.feed.publishSnapshot(symbolIndex);
      this.context.health.reportResynced(this.instruments.spec(symbolIndex).symbol);
    }
  }

  private anySubscription(): boolean {
    for (let symbolIndex = 0; symbolIndex < this.instruments.size; symbolIndex++) {
      if (this.feed.subscribedKinds(symbolIndex) !== 0) return true;
    }
    return false;
  }
}
