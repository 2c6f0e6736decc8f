export { assertPriceIncrement, PriceGrid, priceRoundTripsF32 } from './price-precision';
export { parseRfc3339Nanos } from './rfc3339';
export { SourceRegistry } from './source-registry';
export { spreadBpsOf } from './spread';
export { symbolIdOf } from './symbol-id';
export { SymbolRegistry } from './symbol-registry';
export {
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
export type { TickStamp } from './tick-encoder';
export { createTickStamp, encodeStampedTick, encodeTick, writeTickRecord } from './tick-encoder';
export type { TickFormatProblem } from './tick-errors';
export { SourceIdConflictError, SymbolIdCollisionError, TickFormatError } from './tick-errors';
export type { TickFlagName } from './tick-flags';
export { describeTickFlags, TICK_FLAGS_DEFINED_MASK, TICK_FLAGS_RESERVED_MASK, TickFlags } from './tick-flags';
export {
  TICK_FORMAT_VERSION,
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
  TICK_RECORD_SIZE,
  TICK_SPREAD_BPS_MAX,
  TICK_U32_MAX,
} from './tick-layout';
export type { TickRecord } from './tick-record';
export { createTickDraft, createTickRecord } from './tick-record';
export { missedTickCount, nextTickSequence } from './tick-sequence';
export type { SourceClaim, TickSourceName } from './tick-source';
export {
  BUILT_IN_SOURCES,
  SOURCE_ID_MAX,
  SOURCE_ID_MIN,
  SOURCE_ID_THIRD_PARTY_MAX,
  SOURCE_ID_THIRD_PARTY_MIN,
  SOURCE_ID_TICKWIRE_MAX,
  TickSource,
} from './tick-source';
export type { EpochTime } from './tick-timestamp';
export {
  assertEncodableTimestamp,
  bigIntToEpochTime,
  epochTimeToBigInt,
  readTimestampNs,
  splitTimestampBits,
  TIMESTAMP_MAX_EPOCH_SECONDS,
  TIMESTAMP_MAX_NANOSECONDS_AT_MAX_SECOND,
  writeTimestampNs,
} from './tick-timestamp';
export type { TickDraft, TickWriter } from './tick-writer';
