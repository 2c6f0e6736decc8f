import { describe, expect, it } from 'vitest';
import {
  decodeTick,
  describeTickRecordProblem,
  readTickFlags,
  readTickSequence,
  readTickSource,
  readTickSymbolId,
  readTickTimestampBigInt,
  readTickTimestampHigh,
  readTickTimestampLow,
} from './tick-decoder';
import { encodeTick, writeTickRecord } from './tick-encoder';
import { TickFormatError, type TickFormatProblem } from './tick-errors';
import { TickFlags } from './tick-flags';
import {
  TICK_OFFSET_ASK,
  TICK_OFFSET_BID,
  TICK_OFFSET_FLAGS,
  TICK_OFFSET_SOURCE,
  TICK_OFFSET_VOLUME,
  TICK_RECORD_SIZE,
} from './tick-layout';
import { createTickDraft, createTickRecord, type TickRecord } from './tick-record';
import { TickSource } from './tick-source';
import type { TickDraft } from './tick-writer';

const { TRADE, SNAPSHOT, GAP_BEFORE, STALE, PRICE_INEXACT, BID_MISSING, ASK_MISSING } = TickFlags;

function quoteDraft(overrides: Partial<TickDraft> = {}): TickDraft {
  return {
    ...createTickDraft(),
    epochSeconds: 1_709_303_400,
    nanoseconds: 123_456_789,
    symbolId: 0x58cd330b,
    bid: 189.52,
    ask: 189.53,
    volume: 700,
    flags: 0,
    ...overrides,
  };
}

function refusal(action: () => unknown): TickFormatError {
  try {
    action();
  } catch (error) {
    if (TickFormatError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a TickFormatError');
}

describe('encodeTick / decodeTick', () => {
  const view = new DataView(new ArrayBuffer(4 * TICK_RECORD_SIZE));
  const record = createTickRecord();

  it('writes the exact little-endian layout at any offset', () => {
    const offset = 2 * TICK_RECORD_SIZE + 0; // a slot in the middle of a buffer
    const flags = encodeTick(view, offset, quoteDraft(), TickSource.ALPACA, 0xdead_beef, 0.01);
    expect(flags).toBe(0);
    expect(view.getBigUint64(offset, true)).toBe(1_709_303_400_123_456_789n);
    expect(view.getUint32(offset + 8, true)).toBe(0x58cd330b);
    expect(view.getFloat32(offset + 12, true)).toBe(Math.fround(189.52));
    expect(view.getFloat32(offset + 16, true)).toBe(Math.fround(189.53));
    expect(view.getFloat32(offset + 20, true)).toBe(700);
    expect(view.getUint8(offset + 24)).toBe(4);
    expect(view.getUint8(offset + 25)).toBe(0);
    expect(view.getUint16(offset + 26, true)).toBe(5); // 0.01 / 189.525 = 0.53 bps
    expect(view.getUint32(offset + 28, true)).toBe(0xdead_beef);
    // Neighbouring slots are untouched.
    expect(new Uint8Array(view.buffer, offset - TICK_RECORD_SIZE, TICK_RECORD_SIZE).every((byte) => byte === 0)).toBe(
      true,
    );
    expect(new Uint8Array(view.buffer, offset + TICK_RECORD_SIZE, TICK_RECORD_SIZE).every((byte) => byte === 0)).toBe(
      true,
    );
  });

  it('decodes every field back, and offers raw halves, BigInt and single-field readers', () => {
    const draft = quoteDraft({ flags: SNAPSHOT | STALE });
    encodeTick(view, 32, draft, TickSource.COINBASE, 77, 0.01);
    decodeTick(view, 32, record);
    expect(record).toEqual({
      epochSeconds: 1_709_303_400,
      nanoseconds: 123_456_789,
      symbolId: 0x58cd330b,
      bid: Math.fround(189.52),
      ask: Math.fround(189.53),
      volume: 700,
      source: TickSource.COINBASE,
      flags: SNAPSHOT | STALE,
      spreadBps: 5,
      sequence: 77,
    } satisfies TickRecord);
    const nanos = 1_709_303_400_123_456_789n;
    expect(readTickTimestampLow(view, 32)).toBe(Number(nanos & 0xffff_ffffn));
    expect(readTickTimestampHigh(view, 32)).toBe(Number(nanos >> 32n));
    expect(readTickTimestampBigInt(view, 32)).toBe(nanos);
    expect(readTickSymbolId(view, 32)).toBe(0x58cd330b);
    expect(readTickSource(view, 32)).toBe(TickSource.COINBASE);
    expect(readTickFlags(view, 32)).toBe(SNAPSHOT | STALE);
    expect(readTickSequence(view, 32)).toBe(77);
  });

  it('carries a missing side as canonical NaN plus its flag, with spread 65535', () => {
    let flags = encodeTick(view, 0, quoteDraft({ bid: Number.NaN }), TickSource.IB, 1, 0.01);
    expect(flags).toBe(BID_MISSING);
    expect(view.getUint32(TICK_OFFSET_BID, true)).toBe(0x7fc0_0000);
    expect(view.getUint16(26, true)).toBe(65_535);
    flags = encodeTick(view, 0, quoteDraft({ ask: Number.NaN }), TickSource.IB, 1, 0.01);
    expect(flags).toBe(ASK_MISSING);
    expect(view.getUint32(TICK_OFFSET_ASK, true)).toBe(0x7fc0_0000);
    flags = encodeTick(view, 0, quoteDraft({ bid: Number.NaN, ask: Number.NaN, volume: 0 }), TickSource.IB, 1, 0.01);
    expect(flags).toBe(BID_MISSING | ASK_MISSING);
    decodeTick(view, 0, record);
    expect(record.bid).toBeNaN();
    expect(record.ask).toBeNaN();
    // A parser may also say so itself; the flag and the NaN agree.
    expect(encodeTick(view, 0, quoteDraft({ bid: Number.NaN, flags: BID_MISSING }), 3, 1, 0)).toBe(BID_MISSING);
  });

  it('adds PRICE_INEXACT when a price does not survive f32 at the increment, and only then', () => {
    expect(encodeTick(view, 0, quoteDraft({ bid: 100_000.01, ask: 100_000.02 }), 6, 1, 0.01) & PRICE_INEXACT).toBe(0);
    expect(encodeTick(view, 0, quoteDraft({ bid: 131_072.01, ask: 131_072.5 }), 6, 1, 0.01) & PRICE_INEXACT).toBe(
      PRICE_INEXACT,
    );
    expect(encodeTick(view, 0, quoteDraft({ bid: 712_000, ask: 712_000.01 }), 6, 1, 0.01) & PRICE_INEXACT).toBe(
      PRICE_INEXACT,
    );
    expect(encodeTick(view, 0, quoteDraft({ bid: 712_000, ask: 712_000.25 }), 6, 1, 0.25) & PRICE_INEXACT).toBe(0);
    // A missing side is not checked; an unknown increment (0) checks nothing.
    expect(encodeTick(view, 0, quoteDraft({ bid: Number.NaN, ask: 131_072.5 }), 6, 1, 0.01) & PRICE_INEXACT).toBe(0);
    expect(encodeTick(view, 0, quoteDraft({ bid: 131_072.01, ask: 131_072.5 }), 6, 1, 0) & PRICE_INEXACT).toBe(0);
    expect(readTickFlags(view, 0)).toBe(0);
  });

  it('encodes a trade as bid = ask = price with spread 0', () => {
    const flags = encodeTick(
      view,
      0,
      quoteDraft({ bid: 189.5, ask: 189.5, volume: 25, flags: TRADE | GAP_BEFORE }),
      4,
      9,
      0.01,
    );
    expect(flags).toBe(TRADE | GAP_BEFORE);
    decodeTick(view, 0, record);
    expect([record.bid, record.ask, record.volume, record.spreadBps]).toEqual([189.5, 189.5, 25, 0]);
  });

  it('writes -0 as +0 so equal ticks are equal bytes', () => {
    encodeTick(view, 0, quoteDraft({ bid: -0, ask: 0.01, volume: -0 }), 4, 1, 0);
    expect(view.getUint32(TICK_OFFSET_BID, true)).toBe(0);
    expect(view.getUint32(TICK_OFFSET_VOLUME, true)).toBe(0);
  });

  it('refuses what it cannot encode, naming the value and the rule', () => {
    const cases: [string, () => unknown, TickFormatProblem, RegExp][] = [
      [
        'negative seconds',
        () => encodeTick(view, 0, quoteDraft({ epochSeconds: -1 }), 4, 1, 0.01),
        'TICK_INVALID_TIMESTAMP',
        /-1/,
      ],
      [
        'nanoseconds = 1e9',
        () => encodeTick(view, 0, quoteDraft({ nanoseconds: 1e9 }), 4, 1, 0.01),
        'TICK_INVALID_TIMESTAMP',
        /1000000000/,
      ],
      [
        'symbol id 2^32',
        () => encodeTick(view, 0, quoteDraft({ symbolId: 2 ** 32 }), 4, 1, 0.01),
        'TICK_INVALID_SYMBOL_ID',
        /4294967296/,
      ],
      [
        'negative symbol id',
        () => encodeTick(view, 0, quoteDraft({ symbolId: -1 }), 4, 1, 0.01),
        'TICK_INVALID_SYMBOL_ID',
        /-1/,
      ],
      ['source 0', () => encodeTick(view, 0, quoteDraft(), 0, 1, 0.01), 'TICK_INVALID_SOURCE', /source 0/],
      ['source 255', () => encodeTick(view, 0, quoteDraft(), 255, 1, 0.01), 'TICK_INVALID_SOURCE', /source 255/],
      [
        'sequence 2^32',
        () => encodeTick(view, 0, quoteDraft(), 4, 2 ** 32, 0.01),
        'TICK_INVALID_SEQUENCE',
        /4294967296/,
      ],
      ['sequence -1', () => encodeTick(view, 0, quoteDraft(), 4, -1, 0.01), 'TICK_INVALID_SEQUENCE', /-1/],
      [
        'reserved flag bit',
        () => encodeTick(view, 0, quoteDraft({ flags: 0x80 }), 4, 1, 0.01),
        'TICK_INVALID_FLAGS',
        /reserved/,
      ],
      [
        'flags above a byte',
        () => encodeTick(view, 0, quoteDraft({ flags: 0x101 }), 4, 1, 0.01),
        'TICK_INVALID_FLAGS',
        /257/,
      ],
      [
        'infinite bid',
        () => encodeTick(view, 0, quoteDraft({ bid: Number.POSITIVE_INFINITY }), 4, 1, 0.01),
        'TICK_INVALID_PRICE',
        /bid Infinity/,
      ],
      [
        'ask beyond f32',
        () => encodeTick(view, 0, quoteDraft({ ask: 1e39 }), 4, 1, 0.01),
        'TICK_INVALID_PRICE',
        /ask 1e\+39/,
      ],
      [
        'trade without a price',
        () => encodeTick(view, 0, quoteDraft({ bid: Number.NaN, flags: TRADE }), 4, 1, 0.01),
        'TICK_INVALID_PRICE',
        /trade/,
      ],
      [
        'trade with bid != ask',
        () => encodeTick(view, 0, quoteDraft({ flags: TRADE }), 4, 1, 0.01),
        'TICK_INVALID_PRICE',
        /trade/,
      ],
      [
        'missing flag over a price',
        () => encodeTick(view, 0, quoteDraft({ flags: ASK_MISSING }), 4, 1, 0.01),
        'TICK_INVALID_PRICE',
        /missing/,
      ],
      [
        'negative volume',
        () => encodeTick(view, 0, quoteDraft({ volume: -1 }), 4, 1, 0.01),
        'TICK_INVALID_VOLUME',
        /volume -1/,
      ],
      [
        'NaN volume',
        () => encodeTick(view, 0, quoteDraft({ volume: Number.NaN }), 4, 1, 0.01),
        'TICK_INVALID_VOLUME',
        /NaN/,
      ],
      [
        'volume beyond f32',
        () => encodeTick(view, 0, quoteDraft({ volume: 1e39 }), 4, 1, 0.01),
        'TICK_INVALID_VOLUME',
        /1e\+39/,
      ],
      [
        'negative increment',
        () => encodeTick(view, 0, quoteDraft(), 4, 1, -0.01),
        'TICK_INVALID_PRICE_INCREMENT',
        /-0\.01/,
      ],
      [
        'NaN increment',
        () => encodeTick(view, 0, quoteDraft(), 4, 1, Number.NaN),
        'TICK_INVALID_PRICE_INCREMENT',
        /NaN/,
      ],
    ];
    for (const [label, action, problem, mentions] of cases) {
      const error = refusal(action);
      expect(error.problem, label).toBe(problem);
      expect(error.code, label).toBe('INVALID_ARGUMENT');
      expect(error.retryable, label).toBe(false);
      expect(error.message, label).toMatch(mentions);
    }
  });

  it('accepts the full range of every field', () => {
    const draft = quoteDraft({ symbolId: 0xffff_ffff, flags: SNAPSHOT | GAP_BEFORE | STALE | PRICE_INEXACT });
    expect(encodeTick(view, 0, draft, 254, 0xffff_ffff, 0.01)).toBe(0x1e);
    expect(encodeTick(view, 0, quoteDraft({ symbolId: 0 }), 1, 0, 0.01)).toBe(0);
    expect(readTickSymbolId(view, 0)).toBe(0);
  });
});

describe('writeTickRecord', () => {
  const view = new DataView(new ArrayBuffer(2 * TICK_RECORD_SIZE));

  it('writes decoded fields back to the same bytes', () => {
    encodeTick(view, 0, quoteDraft({ ask: Number.NaN, flags: STALE }), TickSource.OANDA, 12, 0.01);
    const record = createTickRecord();
    decodeTick(view, 0, record);
    writeTickRecord(view, TICK_RECORD_SIZE, record);
    expect(new Uint8Array(view.buffer, TICK_RECORD_SIZE)).toEqual(new Uint8Array(view.buffer, 0, TICK_RECORD_SIZE));
  });

  it('refuses a record whose missing-side flags disagree with its prices, or a bad spread', () => {
    const record: TickRecord = { ...quoteDraft(), source: 4, spreadBps: 5, sequence: 1 };
    expect(refusal(() => writeTickRecord(view, 0, { ...record, bid: Number.NaN })).problem).toBe('TICK_INVALID_PRICE');
    expect(refusal(() => writeTickRecord(view, 0, { ...record, flags: BID_MISSING })).problem).toBe(
      'TICK_INVALID_PRICE',
    );
    expect(refusal(() => writeTickRecord(view, 0, { ...record, spreadBps: 65_536 })).problem).toBe(
      'TICK_INVALID_SPREAD',
    );
    expect(refusal(() => writeTickRecord(view, 0, { ...record, source: 0 })).problem).toBe('TICK_INVALID_SOURCE');
  });
});

describe('describeTickRecordProblem', () => {
  const view = new DataView(new ArrayBuffer(TICK_RECORD_SIZE));

  it('passes what the encoder wrote and names what a zeroed or corrupted record shows', () => {
    encodeTick(view, 0, quoteDraft({ bid: Number.NaN }), 4, 1, 0.01);
    expect(describeTickRecordProblem(view, 0)).toBeUndefined();
    view.setUint8(TICK_OFFSET_FLAGS, 0);
    expect(describeTickRecordProblem(view, 0)).toMatch(/bid and BID_MISSING disagree/);
    view.setUint8(TICK_OFFSET_FLAGS, 0x80 | BID_MISSING);
    expect(describeTickRecordProblem(view, 0)).toMatch(/reserved/);
    view.setUint8(TICK_OFFSET_SOURCE, 0);
    expect(describeTickRecordProblem(new DataView(new ArrayBuffer(32)), 0)).toMatch(/source is 0/);
    encodeTick(view, 0, quoteDraft(), 4, 1, 0.01);
    view.setFloat32(TICK_OFFSET_VOLUME, -1, true);
    expect(describeTickRecordProblem(view, 0)).toMatch(/volume/);
    encodeTick(view, 0, quoteDraft({ bid: 1, ask: 1, flags: TRADE }), 4, 1, 0.01);
    view.setFloat32(TICK_OFFSET_ASK, 2, true);
    expect(describeTickRecordProblem(view, 0)).toMatch(/trade/);
    view.setFloat32(TICK_OFFSET_ASK, Number.POSITIVE_INFINITY, true);
    expect(describeTickRecordProblem(view, 0)).toMatch(/ask is infinite/);
  });
});
