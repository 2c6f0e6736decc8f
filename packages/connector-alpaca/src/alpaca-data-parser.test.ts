import { symbolIdOf, TickFlags } from '@tickwire/core';
import { describe, expect, it } from 'vitest';
import { createRecordingContext } from './__fixtures__/recording-context';
import { AlpacaDataParser } from './alpaca-data-parser';
import { AlpacaOrderbooks } from './alpaca-orderbooks';
import { AlpacaSymbolStates } from './alpaca-symbol-state';

function setup(wantsEvents = true, crypto = false) {
  const recording = createRecordingContext(wantsEvents);
  const states = new AlpacaSymbolStates();
  const snapshotRequests: string[] = [];
  const orderbooks = crypto
    ? new AlpacaOrderbooks({
        context: recording.context,
        requestSnapshot: (state) => snapshotRequests.push(state.symbol),
      })
    : undefined;
  let dataCount = 0;
  const parser = new AlpacaDataParser({
    context: recording.context,
    states,
    streamName: crypto ? 'crypto (us)' : 'stocks (iex)',
    ...(orderbooks === undefined ? {} : { orderbooks }),
    onData: () => dataCount++,
  });
  return { ...recording, parser, states, orderbooks, snapshotRequests, dataCount: () => dataCount };
}

const QUOTE = {
  T: 'q',
  S: 'AAPL',
  bx: 'V',
  bp: 189.99,
  bs: 2,
  ax: 'V',
  ap: 190.01,
  as: 3,
  t: '2024-03-01T14:30:00.123456789Z',
  z: 'C',
};

describe('AlpacaDataParser', () => {
  it('turns a quote into a tick with venue nanoseconds and volume = bid size + ask size, whatever form the condition takes', () => {
    const { parser, writer, quotes, health } = setup();
    parser.handleArray([
      { ...QUOTE, c: ['R'] },
      { ...QUOTE, c: 'R', t: '2024-03-01T14:30:00.2Z' },
      { ...QUOTE, t: '2024-03-01T14:30:00.3Z' },
    ]);
    expect(health.protocolErrors).toEqual([]);
    expect(writer.ticks).toHaveLength(3);
    expect(writer.ticks[0]).toEqual({
      epochSeconds: Date.parse('2024-03-01T14:30:00Z') / 1000,
      nanoseconds: 123_456_789,
      symbolId: symbolIdOf('AAPL'),
      bid: 189.99,
      ask: 190.01,
      volume: 5,
      flags: 0,
    });
    expect(writer.ticks[1]!.nanoseconds).toBe(200_000_000);
    expect(quotes[0]).toMatchObject({
      symbol: 'AAPL',
      bidPrice: 189.99,
      bidSize: 2,
      askPrice: 190.01,
      askSize: 3,
      bidVenue: 'V',
      askVenue: 'V',
    });
    expect(quotes[0]!.timestampMs).toBeCloseTo(Date.parse('2024-03-01T14:30:00Z') + 123.456789, 6);
  });

  it('writes a zero price as a missing side, and ignores fields it does not know', () => {
    const { parser, writer, health } = setup();
    parser.handle({ ...QUOTE, bp: 0, bs: 0, brand_new_field: { x: 1 } } as never);
    expect(health.protocolErrors).toEqual([]);
    expect(Number.isNaN(writer.ticks[0]!.bid)).toBe(true);
    expect(writer.ticks[0]!.ask).toBe(190.01);
  });

  it('turns trades into TRADE ticks and trade events with conditions as a list and the taker side', () => {
    const { parser, writer, trades } = setup();
    parser.handleArray([
      {
        T: 't',
        S: 'AAPL',
        i: 52983525029461,
        x: 'V',
        p: 190,
        s: 100,
        c: ['@', 'I'],
        t: '2024-03-01T14:30:00Z',
        z: 'C',
      },
      { T: 't', S: 'AAPL', i: 7, p: 190.5, s: 5, c: 'I', t: '2024-03-01T14:30:01Z' },
      { T: 't', S: 'BTC/USD', i: 8, p: 60_000, s: 0.25, tks: 'S', t: '2024-03-01T14:30:02Z' },
    ]);
    expect(writer.ticks.map((tick) => [tick.bid, tick.ask, tick.volume, tick.flags])).toEqual([
      [190, 190, 100, TickFlags.TRADE],
      [190.5, 190.5, 5, TickFlags.TRADE],
      [60_000, 60_000, 0.25, TickFlags.TRADE],
    ]);
    expect(writer.ticks[2]!.symbolId).toBe(symbolIdOf('BTC-USD'));
    expect(trades.map((trade) => trade.conditions)).toEqual([['@', 'I'], ['I'], undefined]);
    expect(trades[0]).toMatchObject({ tradeId: '52983525029461', venue: 'V' });
    expect(trades[2]).toMatchObject({ symbol: 'BTC-USD', takerSide: 'sell' });
  });

  it('delivers minute, updated and daily bars as events only', () => {
    const { parser, writer, bars } = setup();
    const bar = { S: 'AAPL', o: 1, h: 2, l: 0.5, c: 1.5, v: 1000, t: '2024-03-01T14:30:00Z', n: 12, vw: 1.2 };
    parser.handleArray([
      { T: 'b', ...bar },
      { T: 'u', ...bar },
      { T: 'd', ...bar },
    ]);
    expect(writer.ticks).toEqual([]);
    expect(
      bars.map((each) => [each.intervalSeconds, each.revised ?? false, each.close, each.vwap, each.tradeCount]),
    ).toEqual([
      [60, false, 1.5, 1.2, 12],
      [60, true, 1.5, 1.2, 12],
      [86_400, false, 1.5, 1.2, 12],
    ]);
  });

  it('builds no event objects when nobody wants them', () => {
    const { parser, writer, quotes, trades } = setup(false);
    parser.handleArray([QUOTE, { T: 't', S: 'AAPL', p: 1, s: 1, t: '2024-03-01T14:30:00Z' }]);
    expect(writer.ticks).toHaveLength(2);
    expect(quotes).toEqual([]);
    expect(trades).toEqual([]);
  });

  it('reports unusable and unknown messages, skips them and goes on', () => {
    const { parser, writer, health, dataCount } = setup();
    parser.handleArray([
      { T: 'zq', S: 'AAPL' },
      { T: 'q', S: 'AAPL', bp: '189.99', ap: 190 },
      { T: 'q', S: 'AAPL', bp: 1, ap: 2, t: 'yesterday' },
      'not an object',
      { T: 's', S: 'AAPL', sc: 'H', sm: 'Trading Halt' },
      QUOTE,
    ]);
    expect(writer.ticks).toHaveLength(1);
    expect(health.protocolErrors.map((report) => report.error.message)).toEqual([
      expect.stringContaining('message type "zq" is unknown'),
      expect.stringContaining('a quote needs numeric "bp" and "ap"'),
      expect.stringContaining('not an RFC 3339 timestamp'),
      expect.stringContaining('not an object'),
    ]);
    expect(dataCount()).toBe(2);
  });

  it('reads MessagePack timestamps without losing nanoseconds, and stamps receive time when a message has none', () => {
    const { parser, writer } = setup();
    parser.handle({ ...QUOTE, t: { sec: 1_709_303_400, nsec: 987_654_321 } });
    expect(writer.ticks[0]).toMatchObject({ epochSeconds: 1_709_303_400, nanoseconds: 987_654_321 });
    const before = Date.now();
    parser.handle({ ...QUOTE, t: undefined } as never);
    const stamped = writer.ticks[1]!.epochSeconds * 1000 + writer.ticks[1]!.nanoseconds / 1e6;
    expect(stamped).toBeGreaterThanOrEqual(before - 5);
    expect(stamped).toBeLessThanOrEqual(Date.now() + 5);
  });

  it('puts GAP_BEFORE on the next tick of a symbol only', () => {
    const { parser, writer, states } = setup();
    states.get('AAPL').pendingFlags |= TickFlags.GAP_BEFORE;
    parser.handleArray([QUOTE, QUOTE]);
    expect(writer.ticks.map((tick) => tick.flags)).toEqual([TickFlags.GAP_BEFORE, 0]);
  });
});

describe('AlpacaOrderbooks', () => {
  const snapshot = {
    T: 'o',
    S: 'BTC/USD',
    t: '2024-03-01T14:30:00Z',
    b: [
      { p: 59_999, s: 1 },
      { p: 59_998, s: 2 },
    ],
    a: [
      { p: 60_001, s: 0.5 },
      { p: 60_002, s: 3 },
    ],
    r: true,
  };

  it('keeps the core L2 book and writes its top as a tick when it changes', () => {
    const { parser, writer, books, states, snapshotRequests } = setup(true, true);
    parser.handleArray([
      snapshot,
      { T: 'o', S: 'BTC/USD', t: '2024-03-01T14:30:01Z', b: [{ p: 59_998, s: 4 }], a: [] },
      { T: 'o', S: 'BTC/USD', t: '2024-03-01T14:30:02Z', b: [{ p: 59_999, s: 0 }], a: [{ p: 60_000, s: 1 }] },
    ]);
    const book = states.get('BTC/USD').book!;
    expect([book.bestBid, book.bestAsk, book.depth('bid'), book.depth('ask')]).toEqual([59_998, 60_000, 1, 3]);
    // The second message changed a level below the top: no tick for it.
    expect(writer.ticks.map((tick) => [tick.bid, tick.ask, tick.volume, tick.flags])).toEqual([
      [59_999, 60_001, 1.5, TickFlags.SNAPSHOT],
      [59_998, 60_000, 5, 0],
    ]);
    expect(books.map((event) => event.snapshot)).toEqual([true, false, false]);
    expect(books[2]!.bids).toEqual([{ price: 59_999, size: 0 }]);
    expect(snapshotRequests).toEqual([]);
  });

  it('leaves the top to quotes when quotes are subscribed too', () => {
    const { parser, writer, states } = setup(true, true);
    states.get('BTC/USD').quotesSubscribed = true;
    parser.handle(snapshot);
    expect(writer.ticks).toEqual([]);
  });

  it('refuses updates until a snapshot, rebuilds after a bad level, and waits for a new snapshot after a lost connection', () => {
    const { parser, writer, states, orderbooks, snapshotRequests, health } = setup(true, true);
    parser.handle(snapshot);
    parser.handle({ T: 'o', S: 'BTC/USD', t: '2024-03-01T14:30:01Z', b: [{ p: 59_999, s: -1 }], a: [] });
    expect(snapshotRequests).toEqual(['BTC-USD']);
    expect(health.protocolErrors).toHaveLength(1);
    expect(states.get('BTC/USD').book!.needsResync).toBe(true);
    parser.handle({ T: 'o', S: 'BTC/USD', t: '2024-03-01T14:30:02Z', b: [{ p: 1, s: 1 }], a: [] });
    expect(writer.ticks).toHaveLength(1);
    parser.handle(snapshot);
    orderbooks!.invalidateAll(states.values());
    parser.handle({ T: 'o', S: 'BTC/USD', t: '2024-03-01T14:30:03Z', b: [{ p: 2, s: 1 }], a: [] });
    expect(states.get('BTC/USD').book!.needsResync).toBe(true);
  });
});
