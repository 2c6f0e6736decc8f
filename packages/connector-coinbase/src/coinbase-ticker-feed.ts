import { type ConnectorContext, type EpochTime, parseRfc3339Nanos, type SubscriptionSet } from '@tickwire/core';
import { parseCoinbaseDecimal } from './coinbase-decimal';
import { reportCoinbaseProtocolError } from './coinbase-protocol-error';
import type { CoinbaseSymbolStates } from './coinbase-symbol-states';
import type { CoinbaseTickPublisher } from './coinbase-tick-publisher';
import type { CoinbaseMarketChannel, CoinbaseMarketTrade, CoinbaseTicker } from './coinbase-ws-messages';

/**
 * Turns `ticker` events into quote ticks (best bid and ask with their quantities, at the message time) and
 * `market_trades` events into trade ticks (at each trade's own time). `snapshot` events, the state Coinbase sends on
 * subscribe, carry the SNAPSHOT flag. Products not (or no longer) subscribed on the channel are skipped.
 */
export class CoinbaseTickerFeed {
  readonly #context: ConnectorContext;
  readonly #states: CoinbaseSymbolStates;
  readonly #publisher: CoinbaseTickPublisher;
  readonly #wanted: SubscriptionSet<CoinbaseMarketChannel>;
  readonly #tradeTime: EpochTime = { epochSeconds: 0, nanoseconds: 0 };

  constructor(
    context: ConnectorContext,
    states: CoinbaseSymbolStates,
    publisher: CoinbaseTickPublisher,
    wanted: SubscriptionSet<CoinbaseMarketChannel>,
  ) {
    this.#context = context;
    this.#states = states;
    this.#publisher = publisher;
    this.#wanted = wanted;
  }

  /** One `ticker` (or `ticker_batch`) message's events. */
  onTickerEvents(events: readonly unknown[]): void {
    const wantsEvents = this.#context.marketData.wants('quotes');
    for (let index = 0; index < events.length; index++) {
      const event = events[index] as { type?: unknown; tickers?: unknown };
      const snapshot = event?.type === 'snapshot';
      if (!snapshot && event?.type !== 'update') {
        reportCoinbaseProtocolError(this.#context, `a ticker event of unknown type ${JSON.stringify(event?.type)}`);
        continue;
      }
      const tickers = event.tickers;
      if (!Array.isArray(tickers)) {
        reportCoinbaseProtocolError(this.#context, 'a ticker event without a tickers array');
        continue;
      }
      for (let position = 0; position < tickers.length; position++) {
        const ticker = tickers[position] as CoinbaseTicker;
        const productId = ticker?.product_id;
        if (typeof productId !== 'string' || !this.#wanted.has(productId, 'ticker')) continue;
        const bid = parseCoinbaseDecimal(ticker.best_bid);
        const ask = parseCoinbaseDecimal(ticker.best_ask);
        const bidSize = parseCoinbaseDecimal(ticker.best_bid_quantity);
        const askSize = parseCoinbaseDecimal(ticker.best_ask_quantity);
        if (Number.isNaN(bid) && Number.isNaN(ask)) {
          reportCoinbaseProtocolError(this.#context, `a ${productId} ticker without best_bid or best_ask`);
          continue;
        }
        this.#publisher.quote(this.#states.get(productId), bid, ask, bidSize, askSize, snapshot);
        if (wantsEvents) {
          this.#context.marketData.quote({
            symbol: productId,
            bidPrice: bid,
            bidSize,
            askPrice: ask,
            askSize,
            timestampMs: timeMs(this.#publisher.messageTime),
          });
        }
      }
    }
  }

  /** One `market_trades` message's events. */
  onTradeEvents(events: readonly unknown[]): void {
    const wantsEvents = this.#context.marketData.wants('trades');
    const time = this.#tradeTime;
    for (let index = 0; index < events.length; index++) {
      const event = events[index] as { type?: unknown; trades?: unknown };
      const snapshot = event?.type === 'snapshot';
      if (!snapshot && event?.type !== 'update') {
        reportCoinbaseProtocolError(
          this.#context,
          `a market_trades event of unknown type ${JSON.stringify(event?.type)}`,
        );
        continue;
      }
      const trades = event.trades;
      if (!Array.isArray(trades)) {
        reportCoinbaseProtocolError(this.#context, 'a market_trades event without a trades array');
        continue;
      }
      for (let position = 0; position < trades.length; position++) {
        const trade = trades[position] as CoinbaseMarketTrade;
        const productId = trade?.product_id;
        if (typeof productId !== 'string' || !this.#wanted.has(productId, 'market_trades')) continue;
        const price = parseCoinbaseDecimal(trade.price);
        const size = parseCoinbaseDecimal(trade.size);
        if (!(price > 0) || !(size >= 0) || typeof trade.time !== 'string') {
          reportCoinbaseProtocolError(this.#context, `a ${productId} trade without a usable price, size or time`);
          continue;
        }
        try {
          parseRfc3339Nanos(trade.time, time);
        } catch (error) {
          reportCoinbaseProtocolError(
            this.#context,
            `a ${productId} trade time that is not RFC 3339 (${(error as Error).message})`,
          );
          continue;
        }
        this.#publisher.trade(this.#states.get(productId), price, size, time.epochSeconds, time.nanoseconds, snapshot);
        if (wantsEvents) {
          const side = typeof trade.side === 'string' ? trade.side.toUpperCase() : '';
          this.#context.marketData.trade({
            symbol: productId,
            price,
            size,
            timestampMs: timeMs(time),
            tradeId: String(trade.trade_id),
            ...(side === 'BUY' ? { takerSide: 'buy' as const } : side === 'SELL' ? { takerSide: 'sell' as const } : {}),
          });
        }
      }
    }
  }
}

/** Epoch milliseconds (with a fraction) of an epoch time. */
export function timeMs(time: EpochTime): number {
  return time.epochSeconds * 1000 + time.nanoseconds / 1e6;
}
