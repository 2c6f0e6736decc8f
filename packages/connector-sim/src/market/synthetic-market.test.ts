import { type MarketDataSink, type QuoteEvent, symbolIdOf, TickFlags, type TradeEvent } from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import { RecordingTickWriter } from '../__fixtures__/recording-tick-writer';
import { DEFAULT_SIM_SYMBOLS, type SimSymbolSpec } from './sim-symbol';
import { type MarketListener, SUBSCRIBE_QUOTES, SUBSCRIBE_TRADES, SyntheticMarket } from './synthetic-market';

const startAtMs = Date.UTC(2025, 0, 6, 14, 30);

function symbolSpec(overrides: Partial<SimSymbolSpec>): SimSymbolSpec {
  return { ...DEFAULT_SIM_SYMBOLS[0]!, ...overrides };
}

function subscribeAll(market: SyntheticMarket): void {
  for (let index = 0; index < market.instruments.size; index++)
    market.setSubscribed(index, SUBSCRIBE_QUOTES | SUBSCRIBE_TRADES);
}

describe('SyntheticMarket', () => {
  it('delivers the configured quote and trade rates, paced by a coarse timer', () => {
    const symbols = [
      symbolSpec({ symbol: 'A', quoteRate: 90_000, tradeRate: 10_000 }),
      symbolSpec({ symbol: 'B', quoteRate: 80_000, tradeRate: 20_000 }),
    ];
    const writer = new RecordingTickWriter(1 << 20);
    const market = new SyntheticMarket({ symbols, seed: 1, writer, startAtMs });
    subscribeAll(market);
    // A 16 ms timer over two simulated seconds.
    for (let elapsed = 16; elapsed <= 2000; elapsed += 16) market.advanceTo(startAtMs + elapsed);
    const seconds = 1.984;
    const perSymbolKind = new Map<string, number>();
    for (let index = 0; index < writer.count; index++) {
      const kind = (writer.flags[index]! & TickFlags.TRADE) !== 0 ? 'trade' : 'quote';
      const key = `${writer.symbolIds[index]}:${kind}`;
      perSymbolKind.set(key, (perSymbolKind.get(key) ?? 0) + 1);
    }
    const rateOf = (symbol: string, kind: string): number =>
      (perSymbolKind.get(`${symbolIdOf(symbol)}:${kind}`) ?? 0) / seconds;
    expect(writer.count / seconds / 200_000).toBeGreaterThan(0.98);
    expect(writer.count / seconds / 200_000).toBeLessThan(1.02);
    expect(rateOf('A', 'quote') / 90_000).toBeCloseTo(1, 1);
    expect(rateOf('A', 'trade') / 10_000).toBeCloseTo(1, 1);
    expect(rateOf('B', 'quote') / 80_000).toBeCloseTo(1, 1);
    expect(rateOf('B', 'trade') / 20_000).toBeCloseTo(1, 1);
    expect(market.stats.published).toBe(writer.count);
    expect(market.stats.quotes + market.stats.trades).toBe(writer.count);
  });

  it('generates the same ticks whatever the timer granularity', () => {
    const symbols = [symbolSpec({ symbol: 'A', quoteRate: 5_000, tradeRate: 500 }), symbolSpec({ symbol: 'B' })];
    const fine = new RecordingTickWriter(10_000);
    const coarse = new RecordingTickWriter(10_000);
    const fineMarket = new SyntheticMarket({ symbols, seed: 7, writer: fine, startAtMs });
    const coarseMarket = new SyntheticMarket({ symbols, seed: 7, writer: coarse, startAtMs });
    subscribeAll(fineMarket);
    subscribeAll(coarseMarket);
    for (let elapsed = 1; elapsed <= 500; elapsed++) fineMarket.advanceTo(startAtMs + elapsed);
    coarseMarket.advanceTo(startAtMs + 250);
    coarseMarket.advanceTo(startAtMs + 500);
    expect(coarse.count).toBe(fine.count);
    expect(coarse.count).toBeGreaterThan(2_000);
    expect(Array.from(coarse.bids.subarray(0, coarse.count))).toEqual(Array.from(fine.bids.subarray(0, fine.count)));
    expect(Array.from(coarse.nanoseconds.subarray(0, coarse.count))).toEqual(
      Array.from(fine.nanoseconds.subarray(0, fine.count)),
    );
  });

  it('gives another path for another seed', () => {
    const symbols = [symbolSpec({ symbol: 'A' })];
    const first = new RecordingTickWriter(10_000);
    const second = new RecordingTickWriter(10_000);
    const firstMarket = new SyntheticMarket({ symbols, seed: 1, writer: first, startAtMs });
    const secondMarket = new SyntheticMarket({ symbols, seed: 2, writer: second, startAtMs });
    subscribeAll(firstMarket);
    subscribeAll(secondMarket);
    firstMarket.advanceTo(startAtMs + 1000);
    secondMarket.advanceTo(startAtMs + 1000);
    expect(Array.from(second.bids.subarray(0, 50))).not.toEqual(Array.from(first.bids.subarray(0, 50)));
  });

  it('writes quotes on the price grid with the configured spread, and trades at the touch', () => {
    const spec = symbolSpec({ symbol: 'SIM-X', startPrice: 100, priceIncrement: 0.05, spreadTicks: 3, volatility: 2 });
    const writer = new RecordingTickWriter(100_000);
    const market = new SyntheticMarket({ symbols: [spec], seed: 3, writer, startAtMs });
    subscribeAll(market);
    for (let elapsed = 10; elapsed <= 10_000; elapsed += 10) market.advanceTo(startAtMs + elapsed);
    let lastBid = Number.NaN;
    let lastAsk = Number.NaN;
    let trades = 0;
    let previousTime = startAtMs;
    for (let index = 0; index < writer.count; index++) {
      const bid = writer.bids[index]!;
      const ask = writer.asks[index]!;
      const time = writer.timestampMs(index);
      expect(time).toBeGreaterThanOrEqual(previousTime);
      previousTime = time;
      if ((writer.flags[index]! & TickFlags.TRADE) !== 0) {
        trades++;
        expect(bid).toBe(ask);
        expect(writer.volumes[index]).toBeGreaterThan(0);
        if (!Number.isNaN(lastBid)) expect([lastBid, lastAsk]).toContain(bid);
        continue;
      }
      expect(bid).toBeGreaterThan(0);
      expect(Math.abs(bid / 0.05 - Math.round(bid / 0.05))).toBeLessThan(1e-9);
      expect(Math.round((ask - bid) / 0.05)).toBe(3);
      lastBid = bid;
      lastAsk = ask;
    }
    expect(trades).toBeGreaterThan(500);
    expect(previousTime).toBeLessThanOrEqual(startAtMs + 10_000);
  });

  it('keeps simulating and telling the listener while muted or unsubscribed, but writes nothing', () => {
    let quotesHeard = 0;
    let tradesHeard = 0;
    const listener: MarketListener = {
      onQuote: () => {
        quotesHeard++;
      },
      onTrade: () => {
        tradesHeard++;
      },
    };
    const writer = new RecordingTickWriter(100_000);
    const market = new SyntheticMarket({
      symbols: [symbolSpec({ symbol: 'A' }), symbolSpec({ symbol: 'B' })],
      seed: 5,
      writer,
      startAtMs,
      listener,
    });
    market.setSubscribed(0, SUBSCRIBE_QUOTES | SUBSCRIBE_TRADES);
    market.advanceTo(startAtMs + 1000);
    const onlyA = writer.count;
    for (let index = 0; index < writer.count; index++) expect(writer.symbolIds[index]).toBe(symbolIdOf('A'));
    expect(market.stats.unsubscribed).toBeGreaterThan(0);
    market.muted = true;
    market.advanceTo(startAtMs + 2000);
    expect(writer.count).toBe(onlyA);
    expect(market.stats.muted).toBeGreaterThan(0);
    expect(quotesHeard + tradesHeard).toBe(market.stats.quotes + market.stats.trades);
    expect(quotesHeard + tradesHeard).toBe(onlyA + market.stats.unsubscribed + market.stats.muted);
  });

  it('publishes only the kinds a symbol is subscribed to', () => {
    const writer = new RecordingTickWriter(100_000);
    const market = new SyntheticMarket({ symbols: [symbolSpec({ symbol: 'A' })], seed: 6, writer, startAtMs });
    market.setSubscribed(0, SUBSCRIBE_TRADES);
    market.advanceTo(startAtMs + 500);
    const tradesOnly = writer.count;
    expect(tradesOnly).toBe(market.stats.trades);
    for (let index = 0; index < writer.count; index++) expect(writer.flags[index]! & TickFlags.TRADE).toBe(1);
    market.setSubscribed(0, SUBSCRIBE_QUOTES);
    market.advanceTo(startAtMs + 1000);
    for (let index = tradesOnly; index < writer.count; index++) expect(writer.flags[index]! & TickFlags.TRADE).toBe(0);
    expect(writer.count - tradesOnly).toBeGreaterThan(0);
  });

  it('drops ticks for a sequence-gap fault, flags the next one GAP_BEFORE and reports the venue sequence jump', () => {
    const writer = new RecordingTickWriter(100_000);
    const gaps: number[][] = [];
    const market = new SyntheticMarket({
      symbols: [symbolSpec({ symbol: 'A' })],
      seed: 9,
      writer,
      startAtMs,
      onGap: (symbolIndex, expected, received) => gaps.push([symbolIndex, expected, received]),
    });
    subscribeAll(market);
    market.advanceTo(startAtMs + 100);
    const before = writer.count;
    for (let index = 0; index < before; index++) expect(writer.flags[index]! & TickFlags.GAP_BEFORE).toBe(0);
    market.dropTicks(-1, 5);
    market.advanceTo(startAtMs + 200);
    expect(market.stats.gapDropped).toBe(5);
    expect(writer.flags[before]! & TickFlags.GAP_BEFORE).toBe(TickFlags.GAP_BEFORE);
    for (let index = before + 1; index < writer.count; index++) {
      expect(writer.flags[index]! & TickFlags.GAP_BEFORE).toBe(0);
    }
    expect(writer.count - before + 5).toBe(market.stats.quotes + market.stats.trades - before);
    expect(gaps).toEqual([[0, before + 1, before + 6]]);
  });

  it('writes quote volume as bid size plus ask size, and full-precision events for a sink that wants them', () => {
    const writer = new RecordingTickWriter(100_000);
    const quotes: QuoteEvent[] = [];
    const trades: TradeEvent[] = [];
    const marketData: MarketDataSink = {
      wants: (kind) => kind === 'quotes' || kind === 'trades',
      quote: (event) => quotes.push(event),
      trade: (event) => trades.push(event),
      bar: () => {},
      book: () => {},
    };
    const market = new SyntheticMarket({
      symbols: [symbolSpec({ symbol: 'A' })],
      seed: 2,
      writer,
      startAtMs,
      marketData,
    });
    subscribeAll(market);
    market.advanceTo(startAtMs + 200);
    expect(quotes.length + trades.length).toBe(writer.count);
    let quoteIndex = 0;
    for (let index = 0; index < writer.count; index++) {
      if ((writer.flags[index]! & TickFlags.TRADE) !== 0) continue;
      const event = quotes[quoteIndex++]!;
      expect(writer.volumes[index]).toBe(event.bidSize + event.askSize);
      expect(writer.bids[index]).toBe(event.bidPrice);
      expect(event.timestampMs).toBeCloseTo(writer.timestampMs(index), 3);
    }
    expect(trades.every((trade) => trade.size > 0 && (trade.takerSide === 'buy' || trade.takerSide === 'sell'))).toBe(
      true,
    );
  });

  it('answers a subscription with a SNAPSHOT of the current book, and shifts stamps by the clock offset', () => {
    const writer = new RecordingTickWriter(100);
    const market = new SyntheticMarket({ symbols: [symbolSpec({ symbol: 'A' })], seed: 2, writer, startAtMs });
    market.advanceTo(startAtMs + 50);
    expect(writer.count).toBe(0);
    market.setSubscribed(0, SUBSCRIBE_QUOTES | SUBSCRIBE_TRADES);
    market.timestampOffsetMs = -2_000;
    market.publishSnapshot(0);
    expect(writer.count).toBe(1);
    expect(writer.flags[0]).toBe(TickFlags.SNAPSHOT);
    expect(writer.bids[0]).toBe(market.book.bid[0]);
    expect(writer.timestampMs(0)).toBeCloseTo(startAtMs + 50 - 2_000, 3);
    market.markGapBeforeNextTick();
    market.advanceTo(startAtMs + 100);
    expect(writer.flags[1]! & TickFlags.GAP_BEFORE).toBe(TickFlags.GAP_BEFORE);
  });

  it('counts ticks the ring refused', () => {
    const writer = new RecordingTickWriter(100);
    const market = new SyntheticMarket({ symbols: [symbolSpec({ symbol: 'A' })], seed: 4, writer, startAtMs });
    subscribeAll(market);
    market.advanceTo(startAtMs + 1000);
    expect(market.stats.published).toBe(100);
    expect(market.stats.ringFull).toBe(writer.refused);
    expect(market.stats.ringFull).toBeGreaterThan(0);
  });

  it('skips time beyond maxCatchUpMs instead of bursting', () => {
    const writer = new RecordingTickWriter(100_000);
    const spec = symbolSpec({ symbol: 'A', quoteRate: 1_000, tradeRate: 0 });
    const market = new SyntheticMarket({ symbols: [spec], seed: 4, writer, startAtMs, maxCatchUpMs: 100 });
    subscribeAll(market);
    market.advanceTo(startAtMs + 10_000);
    expect(market.stats.skippedMs).toBeCloseTo(9_900, 6);
    // Only the last 100 ms were generated: about 100 quotes.
    expect(writer.count).toBeGreaterThan(60);
    expect(writer.count).toBeLessThan(140);
    expect(writer.timestampMs(0)).toBeGreaterThanOrEqual(startAtMs + 9_900 - 0.001);
  });

  it('refuses an empty symbol list and duplicate symbols', () => {
    const writer = new RecordingTickWriter(1);
    expect(() => new SyntheticMarket({ symbols: [], seed: 1, writer, startAtMs })).toThrow(/at least one symbol/);
    expect(
      () =>
        new SyntheticMarket({
          symbols: [symbolSpec({ symbol: 'A' }), symbolSpec({ symbol: 'A' })],
          seed: 1,
          writer,
          startAtMs,
        }),
    ).toThrow(/"A" is configured twice/);
  });
});
