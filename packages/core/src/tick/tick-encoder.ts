import {
  assertPriceIncrement,
  GRID_TOLERANCE_ABSOLUTE,
  GRID_TOLERANCE_RELATIVE,
  STORED_STEPS_LIMIT,
} from './price-precision';
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
  TICK_OFFSET_TIMESTAMP_NS_HIGH,
  TICK_OFFSET_VOLUME,
  TICK_SPREAD_BPS_MAX,
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
import {
  assertEncodableTimestamp,
  TIMESTAMP_MAX_EPOCH_SECONDS,
  TIMESTAMP_MAX_NANOSECONDS_AT_MAX_SECOND,
  writeTimestampNs,
} from './tick-timestamp';
import type { TickDraft } from './tick-writer';

const { TRADE, PRICE_INEXACT, BID_MISSING, ASK_MISSING } = TickFlags;
const nanosPerSecond = 1_000_000_000;
const twoTo16 = 0x1_0000;
const twoTo32 = 0x1_0000_0000;

function isSourceId(source: number): boolean {
  return Number.isInteger(source) && source >= SOURCE_ID_MIN && source <= SOURCE_ID_MAX;
}

/**
 * Checks one side's price; returns its MISSING bit when NaN, else 0, and throws when the price cannot be encoded.
 * Cold path only: the encoder calls it once it knows the side is wrong.
 */
function checkSide(side: 'bid' | 'ask', price: number, flags: number, missingBit: number): number {
  if (Number.isNaN(price)) {
    if ((flags & TRADE) !== 0) {
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
 * What a writer stamps on each tick besides the draft: one mutable instance per writer, updated before each
 * {@link encodeStampedTick}. Holding these in an object, rather than passing them as arguments, is what keeps a
 * sequence above 2^30 or a fractional increment from being boxed on the heap at every call.
 */
export interface TickStamp {
  /** The `source` byte, 1..254. */
  source: number;
  /** The `sequence` of this tick, a u32. */
  sequence: number;
  /** The instrument's smallest price step, or 0 when unknown (no precision check). */
  priceIncrement: number;
}

/** A fresh stamp to reuse: source 0 (invalid until set), sequence 0, increment unknown. */
export function createTickStamp(): TickStamp {
  return { source: 0, sequence: 0, priceIncrement: 0 };
}

// encodeTick's stamp; safe to share since encoding never re-enters.
const argumentStamp: TickStamp = createTickStamp();

/**
 * Encodes a draft into the 32-byte record at `byteOffset` of `view`, stamping what the writer owns: the source,
 * the sequence, `spread_bps` (as `spreadBpsOf`), the BID_MISSING / ASK_MISSING bits (from NaN sides) and
 * PRICE_INEXACT (when a price fails `priceRoundTripsF32` at `priceIncrement`). Allocates nothing unless it throws,
 * but V8 boxes a `sequence` above 2^30 or a fractional `priceIncrement` held unboxed by the caller when passing it
 * as an argument: hot loops use {@link encodeStampedTick}.
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
  argumentStamp.source = source;
  argumentStamp.sequence = sequence;
  argumentStamp.priceIncrement = priceIncrement;
  return encodeStampedTick(view, byteOffset, draft, argumentStamp);
}

/**
 * {@link encodeTick} with the source, sequence and increment taken from `stamp`: the form for hot paths, which
 * allocates nothing whatever the values (unless it throws).
 *
 * @returns the flags byte written.
 * @throws TickFormatError as {@link encodeTick}.
 */
export function encodeStampedTick(view: DataView, byteOffset: number, draft: TickDraft, stamp: TickStamp): number {
  const source = stamp.source;
  const sequence = stamp.sequence;
  const priceIncrement = stamp.priceIncrement;
  // Everything on the success path is inline on purpose: V8 boxes a double (a price, a timestamp above 2^30) on
  // the heap when it is passed to a function it did not inline, and this runs for every tick. The shared helpers
  // (writeTimestampNs, spreadBpsOf, priceRoundTripsF32) compute the same values; tests hold them equal.
  const epochSeconds = draft.epochSeconds;
  const nanoseconds = draft.nanoseconds;
  if (
    !(
      Math.floor(epochSeconds) === epochSeconds &&
      Math.floor(nanoseconds) === nanoseconds &&
      nanoseconds >= 0 &&
      nanoseconds < nanosPerSecond &&
      epochSeconds >= 0 &&
      (epochSeconds < TIMESTAMP_MAX_EPOCH_SECONDS ||
        (epochSeconds === TIMESTAMP_MAX_EPOCH_SECONDS && nanoseconds <= TIMESTAMP_MAX_NANOSECONDS_AT_MAX_SECOND))
    )
  ) {
    assertEncodableTimestamp(epochSeconds, nanoseconds);
  }
  const symbolId = draft.symbolId;
  if (symbolId >>> 0 !== symbolId) refuseSymbolId(symbolId);
  if (!(source >= SOURCE_ID_MIN && source <= SOURCE_ID_MAX && (source | 0) === source)) refuseSource(source);
  if (sequence >>> 0 !== sequence) refuseSequence(sequence);
  let flags = draft.flags;
  if ((flags & TICK_FLAGS_DEFINED_MASK) !== flags) refuseFlags(flags, TICK_FLAGS_DEFINED_MASK);

  const bid = draft.bid;
  const ask = draft.ask;
  const storedBid = Math.fround(bid);
  const storedAsk = Math.fround(ask);
  const bidMissing = Number.isNaN(bid);
  const askMissing = Number.isNaN(ask);
  if (bidMissing) {
    if ((flags & TRADE) !== 0) checkSide('bid', bid, flags, BID_MISSING);
    flags |= BID_MISSING;
  } else if (
    storedBid === Number.POSITIVE_INFINITY ||
    storedBid === Number.NEGATIVE_INFINITY ||
    (flags & BID_MISSING) !== 0
  ) {
    checkSide('bid', bid, flags, BID_MISSING);
  }
  if (askMissing) {
    if ((flags & TRADE) !== 0) checkSide('ask', ask, flags, ASK_MISSING);
    flags |= ASK_MISSING;
  } else if (
    storedAsk === Number.POSITIVE_INFINITY ||
    storedAsk === Number.NEGATIVE_INFINITY ||
    (flags & ASK_MISSING) !== 0
  ) {
    checkSide('ask', ask, flags, ASK_MISSING);
  }
  if ((flags & TRADE) !== 0 && bid !== ask) {
    refusePrice(
      'ask',
      ask,
      `a trade carries its price in both bid and ask, but bid is ${bid}; set both to the trade price.`,
    );
  }
  const volume = draft.volume;
  if (!(volume >= 0 && Math.fround(volume) !== Number.POSITIVE_INFINITY)) refuseVolume(volume);

  // The precision guard, as priceRoundTripsF32.
  if (priceIncrement !== 0) {
    if (!(priceIncrement > 0 && priceIncrement !== Number.POSITIVE_INFINITY)) assertPriceIncrement(priceIncrement);
    if (!bidMissing) {
      const steps = bid / priceIncrement;
      const nearest = Math.round(steps);
      if (
        Math.abs(steps - nearest) > GRID_TOLERANCE_ABSOLUTE + Math.abs(nearest) * GRID_TOLERANCE_RELATIVE ||
        !(Math.abs(storedBid / priceIncrement - nearest) < STORED_STEPS_LIMIT)
      ) {
        flags |= PRICE_INEXACT;
      }
    }
    if (!askMissing) {
      const steps = ask / priceIncrement;
      const nearest = Math.round(steps);
      if (
        Math.abs(steps - nearest) > GRID_TOLERANCE_ABSOLUTE + Math.abs(nearest) * GRID_TOLERANCE_RELATIVE ||
        !(Math.abs(storedAsk / priceIncrement - nearest) < STORED_STEPS_LIMIT)
      ) {
        flags |= PRICE_INEXACT;
      }
    }
  }

  // spread_bps, as spreadBpsOf over the stored prices.
  let spreadBps = TICK_SPREAD_BPS_MAX;
  if (!bidMissing && !askMissing) {
    if (storedAsk <= storedBid) {
      spreadBps = 0;
    } else if (storedAsk + storedBid > 0) {
      spreadBps = Math.min(
        Math.floor((200_000 * (storedAsk - storedBid)) / (storedAsk + storedBid) + 0.5),
        TICK_SPREAD_BPS_MAX,
      );
    }
  }

  // timestamp_ns as two exact u32 halves, as writeTimestampNs.
  const secondsHigh = Math.floor(epochSeconds / twoTo16);
  const highProduct = secondsHigh * nanosPerSecond;
  const lowPart = (epochSeconds - secondsHigh * twoTo16) * nanosPerSecond + nanoseconds;
  // x - floor(x / 2^k) * 2^k is x mod 2^k, exact for these integers, and avoids the slow float modulo.
  const highProductHigh = Math.floor(highProduct / twoTo16);
  const lowPartHigh = Math.floor(lowPart / twoTo32);
  const lowSum = (highProduct - highProductHigh * twoTo16) * twoTo16 + (lowPart - lowPartHigh * twoTo32);
  const carry = Math.floor(lowSum / twoTo32);

  view.setUint32(byteOffset + TICK_OFFSET_TIMESTAMP_NS, lowSum - carry * twoTo32, true);
  view.setUint32(byteOffset + TICK_OFFSET_TIMESTAMP_NS_HIGH, highProductHigh + lowPartHigh + carry, true);
  view.setUint32(byteOffset + TICK_OFFSET_SYMBOL_ID, symbolId, true);
  // + 0 turns -0 into +0, so equal ticks are equal bytes; a missing side is the canonical NaN, bit for bit.
  if (bidMissing) view.setUint32(byteOffset + TICK_OFFSET_BID, TICK_MISSING_PRICE_BITS, true);
  else view.setFloat32(byteOffset + TICK_OFFSET_BID, bid + 0, true);
  if (askMissing) view.setUint32(byteOffset + TICK_OFFSET_ASK, TICK_MISSING_PRICE_BITS, true);
  else view.setFloat32(byteOffset + TICK_OFFSET_ASK, ask + 0, true);
  view.setFloat32(byteOffset + TICK_OFFSET_VOLUME, volume + 0, true);
  view.setUint8(byteOffset + TICK_OFFSET_SOURCE, source);
  view.setUint8(byteOffset + TICK_OFFSET_FLAGS, flags);
  view.setUint16(byteOffset + TICK_OFFSET_SPREAD_BPS, spreadBps, true);
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
  if (!Number.isInteger(record.spreadBps) || record.spreadBps < 0 || record.spreadBps > TICK_SPREAD_BPS_MAX) {
    refuseSpread(record.spreadBps);
  }
  const flags = record.flags;
  if ((flags & TICK_FLAGS_DEFINED_MASK) !== flags) refuseFlags(flags, TICK_FLAGS_DEFINED_MASK);
  // checkSide refuses a price under a MISSING bit and reports NaN as missing; here NaN must come with its bit.
  const missingSides = BID_MISSING | ASK_MISSING;
  const flagsWithoutMissing = flags & ~missingSides;
  const bidMissing = checkSide('bid', record.bid, flagsWithoutMissing, BID_MISSING);
  const askMissing = checkSide('ask', record.ask, flagsWithoutMissing, ASK_MISSING);
  if ((bidMissing | askMissing) !== (flags & missingSides)) {
    const side = bidMissing !== (flags & BID_MISSING) ? 'bid' : 'ask';
    refusePrice(
      side,
      side === 'bid' ? record.bid : record.ask,
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
