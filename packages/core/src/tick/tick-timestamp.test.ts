import { describe, expect, it } from 'vitest';
import { TickFormatError } from './tick-errors';
import {
  assertEncodableTimestamp,
  bigIntToEpochTime,
  type EpochTime,
  epochTimeToBigInt,
  readTimestampNs,
  splitTimestampBits,
  TIMESTAMP_MAX_EPOCH_SECONDS,
  TIMESTAMP_MAX_NANOSECONDS_AT_MAX_SECOND,
  writeTimestampNs,
} from './tick-timestamp';

/** Deterministic generator, so a failure reproduces. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

const u64Max = 0xffff_ffff_ffff_ffffn;

describe('timestamp halves', () => {
  const view = new DataView(new ArrayBuffer(16));
  const time: EpochTime = { epochSeconds: -1, nanoseconds: -1 };

  function roundTrip(epochSeconds: number, nanoseconds: number): void {
    writeTimestampNs(view, 4, epochSeconds, nanoseconds);
    const expected = BigInt(epochSeconds) * 1_000_000_000n + BigInt(nanoseconds);
    expect(view.getBigUint64(4, true), `${epochSeconds}.${nanoseconds}`).toBe(expected);
    readTimestampNs(view, 4, time);
    expect(time).toEqual({ epochSeconds, nanoseconds });
  }

  it('writes and reads the edges exactly, including carries between the halves', () => {
    roundTrip(0, 0);
    roundTrip(0, 1);
    roundTrip(4, 294_967_295); // 2^32 - 1
    roundTrip(4, 294_967_296); // 2^32
    roundTrip(65_535, 999_999_999);
    roundTrip(65_536, 0);
    roundTrip(9_223_372_036, 854_775_807); // 2^63 - 1
    roundTrip(9_223_372_036, 854_775_808); // 2^63
    roundTrip(1_709_303_400, 123_456_789);
    roundTrip(TIMESTAMP_MAX_EPOCH_SECONDS, TIMESTAMP_MAX_NANOSECONDS_AT_MAX_SECOND);
    expect(view.getBigUint64(4, true)).toBe(u64Max);
  });

  it('agrees with BigInt arithmetic over 20,000 random times across the whole range', () => {
    const random = createRandom(2024);
    const failures: string[] = [];
    for (let count = 0; count < 20_000; count++) {
      // Half spread over the whole u64, half around today where real ticks live.
      const epochSeconds =
        count % 2 === 0
          ? Math.floor(random() * TIMESTAMP_MAX_EPOCH_SECONDS)
          : 1_700_000_000 + Math.floor(random() * 100_000_000);
      const nanoseconds = Math.floor(random() * 1_000_000_000);
      writeTimestampNs(view, 0, epochSeconds, nanoseconds);
      readTimestampNs(view, 0, time);
      const written = view.getBigUint64(0, true);
      if (
        written !== BigInt(epochSeconds) * 1_000_000_000n + BigInt(nanoseconds) ||
        time.epochSeconds !== epochSeconds ||
        time.nanoseconds !== nanoseconds
      ) {
        failures.push(`${epochSeconds}.${nanoseconds} -> ${written}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('splits raw halves like BigInt division', () => {
    const random = createRandom(99);
    for (let count = 0; count < 5000; count++) {
      const low = Math.floor(random() * 0x1_0000_0000);
      const high = Math.floor(random() * 0x1_0000_0000);
      const total = (BigInt(high) << 32n) | BigInt(low);
      splitTimestampBits(low, high, time);
      expect(BigInt(time.epochSeconds)).toBe(total / 1_000_000_000n);
      expect(BigInt(time.nanoseconds)).toBe(total % 1_000_000_000n);
    }
    splitTimestampBits(0xffff_ffff, 0xffff_ffff, time);
    expect(time).toEqual({
      epochSeconds: TIMESTAMP_MAX_EPOCH_SECONDS,
      nanoseconds: TIMESTAMP_MAX_NANOSECONDS_AT_MAX_SECOND,
    });
  });

  it('refuses times the u64 cannot hold or that are not whole seconds + nanoseconds', () => {
    const refused: [number, number][] = [
      [-1, 0],
      [0, -1],
      [0, 1_000_000_000],
      [1.5, 0],
      [0, 0.5],
      [Number.NaN, 0],
      [0, Number.NaN],
      [Number.POSITIVE_INFINITY, 0],
      [TIMESTAMP_MAX_EPOCH_SECONDS, TIMESTAMP_MAX_NANOSECONDS_AT_MAX_SECOND + 1],
      [TIMESTAMP_MAX_EPOCH_SECONDS + 1, 0],
      [1_709_303_400_123, 0], // milliseconds passed as seconds
    ];
    for (const [epochSeconds, nanoseconds] of refused) {
      try {
        assertEncodableTimestamp(epochSeconds, nanoseconds);
        expect.unreachable(`${epochSeconds}.${nanoseconds} was accepted`);
      } catch (error) {
        expect(TickFormatError.isInstance(error)).toBe(true);
        expect((error as TickFormatError).problem).toBe('TICK_INVALID_TIMESTAMP');
        expect((error as Error).message).toContain(String(epochSeconds));
      }
    }
  });

  it('converts to and from BigInt for tools', () => {
    expect(epochTimeToBigInt(1_709_303_400, 5)).toBe(1_709_303_400_000_000_005n);
    bigIntToEpochTime(u64Max, time);
    expect(time).toEqual({
      epochSeconds: TIMESTAMP_MAX_EPOCH_SECONDS,
      nanoseconds: TIMESTAMP_MAX_NANOSECONDS_AT_MAX_SECOND,
    });
    expect(() => bigIntToEpochTime(-1n, time)).toThrow(/outside the u64 range/);
    expect(() => bigIntToEpochTime(u64Max + 1n, time)).toThrow(/outside the u64 range/);
  });
});
