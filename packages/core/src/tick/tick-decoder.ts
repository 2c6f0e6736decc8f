import { TICK_FLAGS_RESERVED_MASK, TickFlags } from './tick-flags';
import {
  TICK_OFFSET_ASK,
  TICK_OFFSET_BID,
  TICK_OFFSET_FLAGS,
  TICK_OFFSET_SEQUENCE,
  TICK_OFFSET_SOURCE,
  TICK_OFFSET_SPREAD_BPS,
  TICK_OFFSET_SYMBOL_ID,
  TICK_OFFSET_TIMESTAMP_NS,
  TICK_OFFSET_TIMESTAMP_NS_HIGH,
  TICK_OFFSET_VOLUME,
} from './tick-layout';
import type { TickRecord } from './tick-record';
import { SOURCE_ID_MAX, SOURCE_ID_MIN } from './tick-source';

const nanosPerSecond = 1_000_000_000;
const twoTo16 = 0x1_0000;

/**
 * Decodes the record at `byteOffset` into `target`, which the caller reuses for every tick (see
 * `createTickRecord`): no allocation. Nothing is validated here; use {@link describeTickRecordProblem} where
 * records come from an untrusted file.
 */
export function decodeTick(view: DataView, byteOffset: number, target: TickRecord): void {
  // The u64 split is inline (as in splitTimestampBits): V8 boxes a u32 above 2^30 passed to a call it did not
  // inline, and this runs for every tick. Long division of the four 16-bit digits by 1e9, all below 2^53.
  const low = view.getUint32(byteOffset + TICK_OFFSET_TIMESTAMP_NS, true);
  const high = view.getUint32(byteOffset + TICK_OFFSET_TIMESTAMP_NS_HIGH, true);
  let current = high >>> 16;
  let digit = Math.floor(current / nanosPerSecond);
  let quotient = digit;
  current = (current - digit * nanosPerSecond) * twoTo16 + (high & 0xffff);
  digit = Math.floor(current / nanosPerSecond);
  quotient = quotient * twoTo16 + digit;
  current = (current - digit * nanosPerSecond) * twoTo16 + (low >>> 16);
  digit = Math.floor(current / nanosPerSecond);
  quotient = quotient * twoTo16 + digit;
  current = (current - digit * nanosPerSecond) * twoTo16 + (low & 0xffff);
  digit = Math.floor(current / nanosPerSecond);
  target.epochSeconds = quotient * twoTo16 + digit;
  target.nanoseconds = current - digit * nanosPerSecond;
  target.symbolId = view.getUint32(byteOffset + TICK_OFFSET_SYMBOL_ID, true);
  target.bid = view.getFloat32(byteOffset + TICK_OFFSET_BID, true);
  target.ask = view.getFloat32(byteOffset + TICK_OFFSET_ASK, true);
  target.volume = view.getFloat32(byteOffset + TICK_OFFSET_VOLUME, true);
  target.source = view.getUint8(byteOffset + TICK_OFFSET_SOURCE);
  target.flags = view.getUint8(byteOffset + TICK_OFFSET_FLAGS);
  target.spreadBps = view.getUint16(byteOffset + TICK_OFFSET_SPREAD_BPS, true);
  target.sequence = view.getUint32(byteOffset + TICK_OFFSET_SEQUENCE, true);
}

/** The low 32 bits of the record's `timestamp_ns`. */
export function readTickTimestampLow(view: DataView, byteOffset: number): number {
  return view.getUint32(byteOffset + TICK_OFFSET_TIMESTAMP_NS, true);
}

/** The high 32 bits of the record's `timestamp_ns`. */
export function readTickTimestampHigh(view: DataView, byteOffset: number): number {
  return view.getUint32(byteOffset + TICK_OFFSET_TIMESTAMP_NS_HIGH, true);
}

/** The record's `timestamp_ns` as a BigInt. Allocates: for tools and tests, not the hot path. */
export function readTickTimestampBigInt(view: DataView, byteOffset: number): bigint {
  return view.getBigUint64(byteOffset + TICK_OFFSET_TIMESTAMP_NS, true);
}

/** The record's `symbol_id`. */
export function readTickSymbolId(view: DataView, byteOffset: number): number {
  return view.getUint32(byteOffset + TICK_OFFSET_SYMBOL_ID, true);
}

/** The record's `source`. */
export function readTickSource(view: DataView, byteOffset: number): number {
  return view.getUint8(byteOffset + TICK_OFFSET_SOURCE);
}

/** The record's `flags`. */
export function readTickFlags(view: DataView, byteOffset: number): number {
  return view.getUint8(byteOffset + TICK_OFFSET_FLAGS);
}

/** The record's `sequence`. */
export function readTickSequence(view: DataView, byteOffset: number): number {
  return view.getUint32(byteOffset + TICK_OFFSET_SEQUENCE, true);
}

/**
 * Why the record at `byteOffset` is not a valid v1 tick, or undefined when it is. Returns constant strings, so a
 * scan of a whole file allocates nothing. Catches what a zero-filled or torn record shows: source 0 or 255,
 * reserved flag bits, a missing-side bit that disagrees with its price, an infinite price or a bad volume.
 */
export function describeTickRecordProblem(view: DataView, byteOffset: number): string | undefined {
  const source = view.getUint8(byteOffset + TICK_OFFSET_SOURCE);
  if (source < SOURCE_ID_MIN || source > SOURCE_ID_MAX) return 'source is 0 or 255, which no tick carries';
  const flags = view.getUint8(byteOffset + TICK_OFFSET_FLAGS);
  if ((flags & TICK_FLAGS_RESERVED_MASK) !== 0) return 'reserved flag bit 7 is set';
  const bid = view.getFloat32(byteOffset + TICK_OFFSET_BID, true);
  const ask = view.getFloat32(byteOffset + TICK_OFFSET_ASK, true);
  if (Number.isNaN(bid) !== ((flags & TickFlags.BID_MISSING) !== 0))
    return 'bid and BID_MISSING disagree (NaN without the flag, or the flag over a price)';
  if (Number.isNaN(ask) !== ((flags & TickFlags.ASK_MISSING) !== 0))
    return 'ask and ASK_MISSING disagree (NaN without the flag, or the flag over a price)';
  if (bid === Number.POSITIVE_INFINITY || bid === Number.NEGATIVE_INFINITY) return 'bid is infinite';
  if (ask === Number.POSITIVE_INFINITY || ask === Number.NEGATIVE_INFINITY) return 'ask is infinite';
  if ((flags & TickFlags.TRADE) !== 0 && bid !== ask) return 'a trade whose bid and ask differ';
  const volume = view.getFloat32(byteOffset + TICK_OFFSET_VOLUME, true);
  if (!(volume >= 0) || volume === Number.POSITIVE_INFINITY) return 'volume is negative, NaN or infinite';
  return undefined;
}
