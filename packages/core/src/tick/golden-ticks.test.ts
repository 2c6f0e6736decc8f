import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { symbolIdOf } from './symbol-id';
import { decodeTick, describeTickRecordProblem, readTickTimestampBigInt } from './tick-decoder';
import { encodeTick, writeTickRecord } from './tick-encoder';
import { TickFlags } from './tick-flags';
import { TICK_RECORD_SIZE } from './tick-layout';
import { createTickRecord, type TickRecord } from './tick-record';
import type { TickDraft } from './tick-writer';

/** One entry of packages/core/fixtures/ticks-v1.json (DESIGN.md's field names). */
interface GoldenTick {
  index: number;
  note: string;
  symbol: string | null;
  price_increment: number;
  input: {
    epoch_seconds: number;
    nanoseconds: number;
    bid: number | null;
    ask: number | null;
    volume: number;
    flags: number;
  };
  timestamp_ns: string;
  symbol_id: number;
  bid: number | null;
  ask: number | null;
  volume: number;
  source: number;
  flags: number;
  spread_bps: number;
  sequence: number;
}

const fixtures = new URL('../../fixtures/', import.meta.url);
const golden = JSON.parse(readFileSync(new URL('ticks-v1.json', fixtures), 'utf8')) as {
  record_size: number;
  count: number;
  ticks: GoldenTick[];
};
const bytes = readFileSync(new URL('ticks-v1.bin', fixtures));
const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const orNaN = (value: number | null): number => (value === null ? Number.NaN : value);

function recordOf(tick: GoldenTick): TickRecord {
  const nanos = BigInt(tick.timestamp_ns);
  return {
    epochSeconds: Number(nanos / 1_000_000_000n),
    nanoseconds: Number(nanos % 1_000_000_000n),
    symbolId: tick.symbol_id,
    bid: orNaN(tick.bid),
    ask: orNaN(tick.ask),
    volume: tick.volume,
    flags: tick.flags,
    source: tick.source,
    spreadBps: tick.spread_bps,
    sequence: tick.sequence,
  };
}

function recordBytes(index: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + index * TICK_RECORD_SIZE, TICK_RECORD_SIZE);
}

describe('golden tick vectors (packages/core/fixtures/ticks-v1.*)', () => {
  it('hold several dozen 32-byte records, one per JSON entry', () => {
    expect(golden.record_size).toBe(TICK_RECORD_SIZE);
    expect(golden.ticks.length).toBe(golden.count);
    expect(golden.count).toBeGreaterThanOrEqual(36);
    expect(bytes.byteLength).toBe(golden.count * TICK_RECORD_SIZE);
    for (const [index, tick] of golden.ticks.entries()) expect(tick.index).toBe(index);
  });

  it('decode to exactly the fields in the JSON', () => {
    const decoded = createTickRecord();
    for (const [index, tick] of golden.ticks.entries()) {
      decodeTick(view, index * TICK_RECORD_SIZE, decoded);
      expect(decoded, tick.note).toEqual(recordOf(tick));
      expect(readTickTimestampBigInt(view, index * TICK_RECORD_SIZE), tick.note).toBe(BigInt(tick.timestamp_ns));
      expect(describeTickRecordProblem(view, index * TICK_RECORD_SIZE), tick.note).toBeUndefined();
    }
  });

  it('re-encode from the JSON fields to the same bytes', () => {
    const out = new DataView(new ArrayBuffer(TICK_RECORD_SIZE));
    for (const [index, tick] of golden.ticks.entries()) {
      writeTickRecord(out, 0, recordOf(tick));
      expect(new Uint8Array(out.buffer), tick.note).toEqual(recordBytes(index));
    }
  });

  it('come out of the encoder byte for byte from their inputs (spread, missing and inexact bits derived)', () => {
    const out = new DataView(new ArrayBuffer(TICK_RECORD_SIZE));
    for (const [index, tick] of golden.ticks.entries()) {
      const symbolId = tick.symbol === null ? tick.symbol_id : symbolIdOf(tick.symbol);
      const draft: TickDraft = {
        epochSeconds: tick.input.epoch_seconds,
        nanoseconds: tick.input.nanoseconds,
        symbolId,
        bid: orNaN(tick.input.bid),
        ask: orNaN(tick.input.ask),
        volume: tick.input.volume,
        flags: tick.input.flags,
      };
      const flags = encodeTick(out, 0, draft, tick.source, tick.sequence, tick.price_increment);
      expect(flags, tick.note).toBe(tick.flags);
      expect(new Uint8Array(out.buffer), tick.note).toEqual(recordBytes(index));
    }
  });

  it('cover every flag, both ends of each field, missing sides and inexact prices', () => {
    const all = golden.ticks;
    expect(all.reduce((flags, tick) => flags | tick.flags, 0)).toBe(0x7f);
    const derivedInexact = all.filter(
      (tick) => (tick.flags & TickFlags.PRICE_INEXACT) !== 0 && (tick.input.flags & TickFlags.PRICE_INEXACT) === 0,
    );
    expect(derivedInexact.length).toBeGreaterThanOrEqual(3);
    for (const [field, low, high] of [
      ['sequence', 0, 0xffff_ffff],
      ['symbol_id', 0, 0xffff_ffff],
      ['source', 1, 254],
      ['spread_bps', 0, 65_535],
    ] as const) {
      const values = all.map((tick) => tick[field]);
      expect(Math.min(...values), field).toBe(low);
      expect(Math.max(...values), field).toBe(high);
    }
    const times = all.map((tick) => BigInt(tick.timestamp_ns));
    expect(times).toContain(0n);
    expect(times).toContain(0xffff_ffff_ffff_ffffn);
    expect(all.some((tick) => tick.bid === null && tick.ask !== null)).toBe(true);
    expect(all.some((tick) => tick.ask === null && tick.bid !== null)).toBe(true);
    expect(all.some((tick) => tick.bid !== null && tick.ask !== null && tick.bid > tick.ask)).toBe(true);
  });
});
