/**
 * Regenerates the tick format v1 golden vectors: packages/core/fixtures/ticks-v1.bin (the records) and
 * ticks-v1.json (each record's fields by DESIGN.md's names, plus the encoder input that produced it).
 *
 *   node --import tsx packages/core/scripts/generate-golden-ticks.ts
 *
 * The fixtures are a contract: once released they change only with a new format version. Tests in TypeScript, C
 * and Python check the committed files, so rerun this only when adding cases, and review the diff.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createTickRecord,
  decodeTick,
  encodeTick,
  readTickTimestampBigInt,
  symbolIdOf,
  TICK_RECORD_SIZE,
  TickFlags,
  TickSource,
} from '../src/tick/index';

const { TRADE, SNAPSHOT, GAP_BEFORE, STALE, PRICE_INEXACT } = TickFlags;
const f32Max = 3.4028234663852886e38;
const f32MinSubnormal = 1.401298464324817e-45;
const now = 1_709_303_400; // 2024-03-01T14:30:00Z

interface GoldenCase {
  note: string;
  /** The canonical symbol; null where the case pins a raw symbol_id instead. */
  symbol: string | null;
  symbolId?: number;
  /** The instrument's price increment given to the encoder; 0 = unknown. */
  priceIncrement: number;
  source: number;
  sequence: number;
  epochSeconds: number;
  nanoseconds: number;
  bid: number;
  ask: number;
  volume: number;
  flags: number;
}

const quote = (overrides: Partial<GoldenCase> & Pick<GoldenCase, 'note'>): GoldenCase => ({
  symbol: 'AAPL',
  priceIncrement: 0.01,
  source: TickSource.ALPACA,
  sequence: 1,
  epochSeconds: now,
  nanoseconds: 123_456_789,
  bid: 189.52,
  ask: 189.53,
  volume: 700,
  flags: 0,
  ...overrides,
});

const trade = (price: number, overrides: Partial<GoldenCase> & Pick<GoldenCase, 'note'>): GoldenCase =>
  quote({
    bid: price,
    ask: price,
    volume: 100,
    ...overrides,
    flags: TRADE | (overrides.flags ?? 0),
  });

const cases: GoldenCase[] = [
  // Timestamps: both ends of the u64, carries between the 32-bit halves, every nanosecond digit.
  quote({ note: 'quote at timestamp 0 (the epoch), sequence 0', epochSeconds: 0, nanoseconds: 0, sequence: 0 }),
  quote({ note: 'largest timestamp: 2^64 - 1 ns', epochSeconds: 18_446_744_073, nanoseconds: 709_551_615 }),
  quote({ note: 'timestamp 2^32 - 1 ns: low half all ones', epochSeconds: 4, nanoseconds: 294_967_295 }),
  quote({ note: 'timestamp 2^32 ns: carry into the high half', epochSeconds: 4, nanoseconds: 294_967_296 }),
  quote({
    note: 'timestamp 2^63 - 1 ns: the last numpy datetime64[ns]',
    epochSeconds: 9_223_372_036,
    nanoseconds: 854_775_807,
  }),
  quote({ note: 'nanoseconds 999999999', nanoseconds: 999_999_999 }),
  quote({ note: 'a plain quote, nanosecond time', sequence: 42 }),
  // Tick kinds and every flag.
  trade(189.52, { note: 'trade: bid = ask = trade price, volume = size', sequence: 43 }),
  quote({ note: 'snapshot quote (sent on subscribe)', flags: SNAPSHOT }),
  trade(189.5, { note: 'snapshot trade (last trade on subscribe)', flags: SNAPSHOT }),
  quote({ note: 'venue gap before this tick', flags: GAP_BEFORE }),
  quote({ note: 'stale quote (market closed)', flags: STALE }),
  quote({ note: 'PRICE_INEXACT set by the parser, increment unknown', priceIncrement: 0, flags: PRICE_INEXACT }),
  quote({ note: 'bid missing: NaN and BID_MISSING, spread 65535', bid: Number.NaN, volume: 300 }),
  quote({ note: 'ask missing: NaN and ASK_MISSING, spread 65535', ask: Number.NaN, volume: 400 }),
  quote({ note: 'both sides missing (empty book)', bid: Number.NaN, ask: Number.NaN, volume: 0 }),
  quote({
    note: 'every quote flag at once: 0x7e',
    symbol: 'BTC-USD',
    source: TickSource.COINBASE,
    bid: Number.NaN,
    ask: Number.NaN,
    volume: 0,
    flags: SNAPSHOT | GAP_BEFORE | STALE | PRICE_INEXACT,
  }),
  trade(131_072.01, {
    note: 'every trade flag at once: 0x1f (inexact from the price)',
    symbol: 'BTC-USD',
    source: TickSource.COINBASE,
    volume: 0.5,
    flags: SNAPSHOT | GAP_BEFORE | STALE,
  }),
  // Precision guard.
  quote({
    note: '100000.01 at 0.01 survives f32 (spacing 0.0078)',
    symbol: 'BTC-USD',
    source: TickSource.COINBASE,
    bid: 100_000.01,
    ask: 100_000.02,
    volume: 1.25,
  }),
  quote({
    note: '131071.99 at 0.01: last band that survives',
    symbol: 'BTC-USD',
    source: TickSource.COINBASE,
    bid: 131_071.98,
    ask: 131_071.99,
    volume: 1.25,
  }),
  quote({
    note: '131072.01 at 0.01 is inexact (spacing 0.015625)',
    symbol: 'BTC-USD',
    source: TickSource.COINBASE,
    bid: 131_072.01,
    ask: 131_072.5,
    volume: 2,
  }),
  quote({
    note: '712000.01 at 0.01 is inexact (spacing 0.0625)',
    symbol: 'BTC-USD',
    source: TickSource.COINBASE,
    bid: 712_000,
    ask: 712_000.01,
    volume: 2,
  }),
  quote({
    note: '712000.25 at 0.25 survives',
    symbol: 'ES',
    source: TickSource.IB,
    priceIncrement: 0.25,
    bid: 712_000,
    ask: 712_000.25,
    volume: 10,
  }),
  quote({ note: 'off-grid price (1.234 at 0.01) is inexact', symbol: 'F', bid: 1.234, ask: 1.24, volume: 5 }),
  quote({
    note: 'EUR/USD at 0.00001 survives',
    symbol: 'EUR/USD',
    source: TickSource.TRUEFX,
    priceIncrement: 0.00001,
    bid: 1.08345,
    ask: 1.08347,
    volume: 0,
  }),
  quote({
    note: 'USD/JPY at 0.001 survives',
    symbol: 'USD/JPY',
    source: TickSource.OANDA,
    priceIncrement: 0.001,
    bid: 151.234,
    ask: 151.241,
    volume: 0,
  }),
  quote({
    note: 'bond price at 1/128 survives',
    symbol: 'ZN',
    source: TickSource.IB,
    priceIncrement: 0.0078125,
    bid: 110.5078125,
    ask: 110.515625,
    volume: 50,
  }),
  // Spread.
  quote({ note: 'crossed book: spread 0', bid: 100.02, ask: 100.01 }),
  quote({ note: 'locked book: spread 0', bid: 100.01, ask: 100.01 }),
  quote({
    note: 'spread 1 (0.1 bps)',
    symbol: 'EUR/USD',
    source: TickSource.TRUEFX,
    priceIncrement: 0.00001,
    bid: 1,
    ask: 1.00001,
    volume: 0,
  }),
  quote({
    note: 'spread below 0.05 bps rounds to 0',
    symbol: 'BTC-USD',
    source: TickSource.COINBASE,
    priceIncrement: 0,
    bid: 100_000,
    ask: 100_000.0078125,
    volume: 3,
  }),
  quote({ note: 'spread 65534, just under saturation', bid: 1, ask: 1.97473, priceIncrement: 0.00001 }),
  quote({ note: 'spread saturates at 65535', bid: 0.01, ask: 10 }),
  quote({
    note: 'zero bid (option): spread saturates',
    symbol: 'AAPL240315C00300000',
    source: TickSource.TRADIER,
    bid: 0,
    ask: 0.05,
    volume: 20,
  }),
  quote({
    note: 'negative prices (mid <= 0): spread 65535',
    symbol: 'CLK0',
    source: TickSource.IB,
    bid: -37.63,
    ask: -36.9,
    volume: 4,
  }),
  // Both ends of the other fields.
  quote({ note: 'largest f32 prices', priceIncrement: 0, bid: f32Max, ask: f32Max, volume: 1 }),
  quote({ note: 'most negative f32 prices', priceIncrement: 0, bid: -f32Max, ask: -f32Max, volume: 1 }),
  quote({
    note: 'smallest f32 subnormal price',
    priceIncrement: 0,
    bid: f32MinSubnormal,
    ask: f32MinSubnormal,
    volume: 1,
  }),
  quote({ note: 'volume 0', volume: 0 }),
  quote({ note: 'largest f32 volume', volume: f32Max }),
  quote({ note: 'volume 2^24 + 1 rounds to 2^24 in f32', volume: 16_777_217 }),
  trade(64_123.45, {
    note: 'fractional crypto size',
    symbol: 'BTC-USD',
    source: TickSource.COINBASE,
    volume: 0.00012345,
  }),
  quote({ note: '-0 prices and volume are written as +0', priceIncrement: 0, bid: -0, ask: 0.01, volume: -0 }),
  quote({ note: 'symbol_id 0', symbol: null, symbolId: 0 }),
  quote({ note: 'symbol_id 2^32 - 1', symbol: null, symbolId: 0xffff_ffff }),
  quote({
    note: 'non-ASCII symbol (UTF-8 bytes hashed)',
    symbol: '日経225',
    source: TickSource.IB,
    priceIncrement: 5,
    bid: 39_910,
    ask: 39_915,
  }),
  quote({
    note: 'source 1 (TrueFX)',
    symbol: 'GBP/USD',
    source: TickSource.TRUEFX,
    priceIncrement: 0.00001,
    bid: 1.26311,
    ask: 1.26318,
    volume: 0,
  }),
  quote({ note: 'source 5 (Tradier)', source: TickSource.TRADIER }),
  quote({ note: 'source 7 (sim)', symbol: 'SIM-A', source: TickSource.SIM }),
  quote({ note: 'source 128: first third-party id', source: 128 }),
  quote({ note: 'source 254: last third-party id', source: 254 }),
  quote({ note: 'sequence 2^31', sequence: 0x8000_0000 }),
  quote({ note: 'sequence 2^32 - 1 (wraps to 0 next)', sequence: 0xffff_ffff }),
  quote({ note: 'after the wrap: sequence 0 again', sequence: 0 }),
];

const buffer = new ArrayBuffer(cases.length * TICK_RECORD_SIZE);
const view = new DataView(buffer);
const decoded = createTickRecord();
const nullIfNaN = (value: number): number | null => (Number.isNaN(value) ? null : value);

const ticks = cases.map((golden, index) => {
  const symbolId = golden.symbolId ?? symbolIdOf(golden.symbol ?? '');
  const offset = index * TICK_RECORD_SIZE;
  const draft = { ...golden, symbolId };
  encodeTick(view, offset, draft, golden.source, golden.sequence, golden.priceIncrement);
  decodeTick(view, offset, decoded);
  return {
    index,
    note: golden.note,
    symbol: golden.symbol,
    price_increment: golden.priceIncrement,
    input: {
      epoch_seconds: golden.epochSeconds,
      nanoseconds: golden.nanoseconds,
      bid: nullIfNaN(golden.bid),
      ask: nullIfNaN(golden.ask),
      volume: golden.volume,
      flags: golden.flags,
    },
    timestamp_ns: readTickTimestampBigInt(view, offset).toString(),
    symbol_id: decoded.symbolId,
    bid: nullIfNaN(decoded.bid),
    ask: nullIfNaN(decoded.ask),
    volume: decoded.volume,
    source: decoded.source,
    flags: decoded.flags,
    spread_bps: decoded.spreadBps,
    sequence: decoded.sequence,
  };
});

const document = {
  format: 'tickwire tick v1',
  record_size: TICK_RECORD_SIZE,
  count: ticks.length,
  about:
    'Record i of ticks-v1.bin has the fields below (DESIGN.md names). timestamp_ns is a decimal string (it exceeds ' +
    "2^53); bid/ask/volume are the exact f32 values as decoded; null is NaN (a missing side). 'input' is what " +
    'encodeTick() was given (prices before f32 rounding, flags before the encoder adds its own), with ' +
    "'price_increment' (0 = unknown) and 'symbol' (null where symbol_id is pinned directly).",
  ticks,
};

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
writeFileSync(`${fixtures}ticks-v1.bin`, new Uint8Array(buffer));
writeFileSync(`${fixtures}ticks-v1.json`, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${ticks.length} ticks to ${fixtures}ticks-v1.bin and ticks-v1.json`);
