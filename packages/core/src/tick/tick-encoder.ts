import { assertPriceIncrement, priceRoundTripsF32 } from './price-precision';
import { spreadBpsOf } from './spread';
import { TICK_FLAGS_DEFINED_MASK, TickFlags } from './tick-flags';
import {
  TICK_MISSING_PRICE_BITS,
  TICK_OFFSET_ASK,
  TICK_OFFSET_BID,
  TICK_OFFSET_FLAGS,
  TICK_OFFSET_SEQUENCE,
  TICK_OFFSET_SOURCE,
  TICK_OFFSET_SPREAD_BPS,
  TICK_OFFSET_SYMBOL_ID,
  TICK_OFFSET_TIMESTAMP_NS,
  TICK_OFFSET_VOLUME,
} from './tick-layout';
import type { TickRecord } from './tick-record';
import {
  refuseFlags,
  refusePrice,
  refuseSequence,
  refuseSource,
  refuseSpread,
  refuseSymbolId,
  refuseVolume,
} from './tick-refusals';
import { SOURCE_ID_MAX, SOURCE_ID_MIN } from './tick-source';
import { assertEncodableTimestamp, writeTimestampNs } from './tick-timestamp';
import type { TickDraft } from './tick-writer';

const missingSides = TickFlags.BID_MISSING | TickFlags.ASK_MISSING;

function isSourceId(source: number): boolean {
  return Number.isInteger(source) && source >= SOURCE_ID_MIN && source <= SOURCE_ID_MAX;
}

/** Checks one side's price and returns the flag bit to add (its MISSING bit when NaN, else 0). */
function checkSide(side: 'bid' | 'ask', price: number, flags: number, missingBit: number): number {
  if (Number.isNaN(price)) {
    if ((flags & TickFlags.TRADE) !== 0) {
      refusePrice(side, price, 'a trade needs its price in both bid and ask (bid = ask = trade price).');
    }
    return missingBit;
  }
  if (!Number.isFinite(Math.fround(price))) {
    refusePrice(side, price, 'it must be finite and within f32 range (|price| < 3.4e38); use NaN for a missing side.');
  }
  if ((flags & missingBit) !== 0) {
    refusePrice(
      side,
      price,
      `the draft's flags mark the ${side} missing, yet it holds a price; use NaN for a missing side.`,
    );
  }
  return 0;
}

/**
 * Encodes a draft into the 32-byte record at `byteOffset` of `view`, stamping what the writer owns: the source,
 * the sequence, `spread_bps`, the BID_MISSING / ASK_MISSING bits (from NaN sides) and PRICE_INEXACT (when a price
 * does not survive f32 at `priceIncrement`). Allocates nothing unless it throws.
 *
 * @param priceIncrement the instrument's smallest price step, or 0 when unknown (then PRICE_INEXACT is only what
 *   the draft sets).
 * @returns the flags byte written.
 * @throws TickFormatError when the draft cannot be encoded: a timestamp outside 1970..2554 or not whole
 *   seconds + nanoseconds, a symbol id / sequence that is not a u32, a source outside 1..254, reserved flag bits, an
 *   infinite or out-of-f32 price, a trade without bid = ask, a negative or non-finite volume, a bad increment. The
 *   record's bytes are then unspecified; the caller must not publish it.
 */
export function encodeTick(
  view: DataView,
  byteOffset: number,
  draft: TickDraft,
  source: number,
  sequence: number,
  priceIncrement: number,
): number {
  const epochSeconds = draft.epochSeconds;
  const nanoseconds = draft.nanoseconds;
  assertEncodableTimestamp(epochSeconds, nanoseconds);
  const symbolId = draft.symbolId;
  if (symbolId >>> 0 !== symbolId) refuseSymbolId(symbolId);
  if (!isSourceId(source)) refuseSource(source);
  if (sequence >>> 0 !== sequence) refuseSequence(sequence);
  let flags = draft.flags;
  if ((flags & TICK_FLAGS_DEFINED_MASK) !== flags) refuseFlags(flags, TICK_FLAGS_DEFINED_MASK);
  const bid = draft.bid;
  const ask = draft.ask;
  flags |= checkSide('bid', bid, flags, TickFlags.BID_MISSING);
  flags |= checkSide('ask', ask, flags, TickFlags.ASK_MISSING);
  if ((flags & TickFlags.TRADE) !== 0 && bid !== ask) {
    refusePrice(
      'ask',
      ask,
      `a trade carries its price in both bid and ask, but bid is ${bid}; set both to the trade price.`,
    );
  }
  const volume = draft.volume;
  if (!(volume >= 0) || !Number.isFinite(Math.fround(volume))) refuseVolume(volume);
  if (priceIncrement !== 0) {
    if (!(priceIncrement > 0 && priceIncrement < Number.POSITIVE_INFINITY)) assertPriceIncrement(priceIncrement);
    if (
      ((flags & TickFlags.BID_MISSING) === 0 && !priceRoundTripsF32(bid, priceIncrement)) ||
      ((flags & TickFlags.ASK_MISSING) === 0 && !priceRoundTripsF32(ask, priceIncrement))
    ) {
      flags |= TickFlags.PRICE_INEXACT;
    }
  }

  writeTimestampNs(view, byteOffset + TICK_OFFSET_TIMESTAMP_NS, epochSeconds, nanoseconds);
  view.setUint32(byteOffset + TICK_OFFSET_SYMBOL_ID, symbolId, true);
  writePrice(view, byteOffset + TICK_OFFSET_BID, bid);
  writePrice(view, byteOffset + TICK_OFFSET_ASK, ask);
  // + 0 turns -0 into +0, so equal ticks are equal bytes.
  view.setFloat32(byteOffset + TICK_OFFSET_VOLUME, volume + 0, true);
  view.setUint8(byteOffset + TICK_OFFSET_SOURCE, source);
  view.setUint8(byteOffset + TICK_OFFSET_FLAGS, flags);
  view.setUint16(byteOffset + TICK_OFFSET_SPREAD_BPS, spreadBpsOf(Math.fround(bid), Math.fround(ask)), true);
  view.setUint32(byteOffset + TICK_OFFSET_SEQUENCE, sequence, true);
  return flags;
}

function writePrice(view: DataView, byteOffset: number, price: number): void {
  if (Number.isNaN(price)) view.setUint32(byteOffset, TICK_MISSING_PRICE_BITS, true);
  else view.setFloat32(byteOffset, price + 0, true);
}

/**
 * Writes `record` verbatim: nothing is derived, so `spreadBps` and every flag are written as given. For tools that
 * rebuild records from decoded fields (conversion, tests); connectors use {@link encodeTick}. The fields are still
 * checked: ranges as in `encodeTick`, reserved flag bits zero, and a side is NaN exactly when its MISSING bit is set.
 *
 * @throws TickFormatError when a field is out of range or the missing-side bits disagree with the prices.
 */
export function writeTickRecord(view: DataView, byteOffset: number, record: TickRecord): void {
  assertEncodableTimestamp(record.epochSeconds, record.nanoseconds);
  if (record.symbolId >>> 0 !== record.symbolId) refuseSymbolId(record.symbolId);
  if (!isSourceId(record.source)) refuseSource(record.source);
  if (record.sequence >>> 0 !== record.sequence) refuseSequence(record.sequence);
  if (!Number.isInteger(record.spreadBps) || record.spreadBps < 0 || record.spreadBps > 0xffff) {
    refuseSpread(record.spreadBps);
  }
  const flags = record.flags;
  if ((flags & TICK_FLAGS_DEFINED_MASK) !== flags) refuseFlags(flags, TICK_FLAGS_DEFINED_MASK);
  // checkSide refuses a price under a MISSING bit and reports NaN as missing; here NaN must come with its bit.
  const flagsWithoutMissing = flags & ~missingSides;
  const bidMissing = checkSide('bid', record.bid, flagsWithoutMissing, TickFlags.BID_MISSING);
  const askMissing = checkSide('ask', record.ask, flagsWithoutMissing, TickFlags.ASK_MISSING);
  if ((bidMissing | askMissing) !== (flags & missingSides)) {
    refusePrice(
      bidMissing !== (flags & TickFlags.BID_MISSING) ? 'bid' : 'ask',
      bidMissing !== (flags & TickFlags.BID_MISSING) ? record.bid : record.ask,
      'a side is NaN exactly when its BID_MISSING / ASK_MISSING flag is set, and these disagree.',
    );
  }
  if (!(record.volume >= 0) || !Number.isFinite(Math.fround(record.volume))) refuseVolume(record.volume);

  writeTimestampNs(view, byteOffset + TICK_OFFSET_TIMESTAMP_NS, record.epochSeconds, record.nanoseconds);
  view.setUint32(byteOffset + TICK_OFFSET_SYMBOL_ID, record.symbolId, true);
  writePrice(view, byteOffset + TICK_OFFSET_BID, record.bid);
  writePrice(view, byteOffset + TICK_OFFSET_ASK, record.ask);
  view.setFloat32(byteOffset + TICK_OFFSET_VOLUME, record.volume + 0, true);
  view.setUint8(byteOffset + TICK_OFFSET_SOURCE, record.source);
  view.setUint8(byteOffset + TICK_OFFSET_FLAGS, flags);
  view.setUint16(byteOffset + TICK_OFFSET_SPREAD_BPS, record.spreadBps, true);
  view.setUint32(byteOffset + TICK_OFFSET_SEQUENCE, record.sequence, true);
}
