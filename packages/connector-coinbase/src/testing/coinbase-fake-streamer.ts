import type { FakeQuote } from '@tickwire/testkit';
import { type CoinbaseFakeClock, formatMicros } from './coinbase-fake-clock';
import type { CoinbaseFakeExchange } from './coinbase-fake-exchange';
import type { FakeLevelChange, FakeProductMarket, FakeTrade } from './coinbase-fake-market';
import type { CoinbaseFakeSessions, FakeWsSession } from './coinbase-fake-sessions';

interface TimedTrade extends FakeTrade {
  readonly trade_id: string;
  readonly time: string;
}

const RECENT_TRADES = 10;

/**
 * Drives the fake's market data: each step moves every product's market, then writes to every market-data
 * connection what it subscribed to (a snapshot where one is owed, else the step's update), logging every ticker
 * it writes as a quote for the test kit. Heartbeats go out on their own timer, so they continue while data is
 * silenced. The sequence-gap fault is applied here: the connection's `sequence_num` skips just before the next
 * data message of the product, and each product's next quote on that connection is logged as after a gap.
 */
export class CoinbaseFakeStreamer {
  /** While true, no data is written (heartbeats continue). */
  silenced = false;
  readonly #markets: ReadonlyMap<string, FakeProductMarket>;
  readonly #exchange: CoinbaseFakeExchange;
  readonly #sessions: CoinbaseFakeSessions;
  readonly #clock: CoinbaseFakeClock;
  readonly #quotes = new Map<string, FakeQuote[]>();
  readonly #recentTrades = new Map<string, TimedTrade[]>();
  #tradeCounter = 1;
  #heartbeatCounter = 0;

  constructor(
    markets: ReadonlyMap<string, FakeProductMarket>,
    exchange: CoinbaseFakeExchange,
    sessions: CoinbaseFakeSessions,
    clock: CoinbaseFakeClock,
  ) {
    this.#markets = markets;
    this.#exchange = exchange;
    this.#sessions = sessions;
    this.#clock = clock;
  }

  /** Every ticker written for `symbol`, in order, as the kit reads them. */
  quotesSent(symbol: string): readonly FakeQuote[] {
    return this.#quotes.get(symbol) ?? [];
  }

  /** One market step and the data it produces. */
  step(): void {
    const changes = new Map<string, FakeLevelChange[]>();
    const trades = new Map<string, TimedTrade>();
    for (const [productId, market] of this.#markets) {
      const result = market.step();
      changes.set(productId, result.changes);
      if (result.trade !== undefined) {
        const trade = { ...result.trade, trade_id: String(this.#tradeCounter++), time: this.#timestamp() };
        trades.set(productId, trade);
        const recent = this.#recentTrades.get(productId) ?? [];
        recent.unshift(trade);
        recent.length = Math.min(recent.length, RECENT_TRADES);
        this.#recentTrades.set(productId, recent);
      }
      this.#exchange.afterMarketStep(productId, Number(market.lastTrade().price));
    }
    if (this.silenced) return;
    for (const session of this.#sessions.on('market')) {
      for (const [channel, products] of session.channels) {
        for (const productId of products) {
          const market = this.#markets.get(productId);
          if (market === undefined) continue;
          const owed = session.owedSnapshots.delete(`${channel}\n${productId}`);
          if (channel === 'ticker' || channel === 'ticker_batch') this.#sendTicker(session, channel, market, owed);
          else if (channel === 'level2') this.#sendLevel2(session, market, owed, changes.get(productId) ?? []);
          else if (channel === 'market_trades') this.#sendTrades(session, productId, owed, trades.get(productId));
        }
      }
    }
  }

  /** A heartbeat to every connection subscribed to heartbeats. */
  heartbeat(): void {
    const counter = this.#heartbeatCounter++;
    for (const session of this.#sessions.sessions) {
      if (!session.channels.has('heartbeats')) continue;
      this.#sessions.send(session, 'heartbeats', [
        { current_time: this.#timestamp().replace('T', ' ').replace('Z', ' +0000 UTC'), heartbeat_counter: counter },
      ]);
    }
  }

  #sendTicker(session: FakeWsSession, channel: string, market: FakeProductMarket, snapshot: boolean): void {
    const productId = market.product.productId;
    const top = market.top();
    const last = market.lastTrade();
    this.#applyPendingGap(session, productId);
    const micros = this.#clock.nowMicros();
    this.#sessions.send(
      session,
      channel,
      [
        {
          type: snapshot ? 'snapshot' : 'update',
          tickers: [
            {
              type: 'ticker',
              product_id: productId,
              price: last.price,
              volume_24_h: last.volume,
              low_24_h: top.bid,
              high_24_h: top.ask,
              low_52_w: top.bid,
              high_52_w: top.ask,
              price_percent_chg_24_h: '0.00',
              best_bid: top.bid,
              best_bid_quantity: top.bidQuantity,
              best_ask: top.ask,
              best_ask_quantity: top.askQuantity,
            },
          ],
        },
      ],
      micros,
    );
    const gapBefore = session.gapBefore.delete(productId);
    const log = this.#quotes.get(productId) ?? [];
    log.push({
      symbol: productId,
      bid: Number(top.bid),
      ask: Number(top.ask),
      bidSize: Number(top.bidQuantity),
      askSize: Number(top.askQuantity),
      venueTimeMs: micros / 1000,
      ...(snapshot ? { snapshot: true } : {}),
      ...(gapBefore ? { gapBefore: true } : {}),
    });
    this.#quotes.set(productId, log);
  }

  #sendLevel2(session: FakeWsSession, market: FakeProductMarket, snapshot: boolean, changes: FakeLevelChange[]): void {
    const productId = market.product.productId;
    const updates = snapshot ? market.snapshotLevels() : changes;
    if (updates.length === 0) return;
    this.#applyPendingGap(session, productId);
    const eventTime = this.#timestamp();
    this.#sessions.send(session, 'l2_data', [
      {
        type: snapshot ? 'snapshot' : 'update',
        product_id: productId,
        updates: updates.map((update) => ({ ...update, event_time: eventTime })),
      },
    ]);
  }

  #sendTrades(session: FakeWsSession, productId: string, snapshot: boolean, trade: TimedTrade | undefined): void {
    const trades = snapshot ? (this.#recentTrades.get(productId) ?? []) : trade === undefined ? [] : [trade];
    if (!snapshot && trades.length === 0) return;
    this.#applyPendingGap(session, productId);
    this.#sessions.send(session, 'market_trades', [
      { type: snapshot ? 'snapshot' : 'update', trades: trades.map((each) => ({ ...each, product_id: productId })) },
    ]);
  }

  #applyPendingGap(session: FakeWsSession, productId: string): void {
    const missing = session.pendingGaps.get(productId);
    if (missing === undefined) return;
    session.pendingGaps.delete(productId);
    session.nextSequence += missing;
    // The sequence is per connection: after the skip, any product on it may have lost data.
    for (const products of session.channels.values()) for (const product of products) session.gapBefore.add(product);
  }

  #timestamp(): string {
    return formatMicros(this.#clock.nowMicros());
  }
}
