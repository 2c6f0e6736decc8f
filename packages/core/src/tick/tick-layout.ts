/** The version of the record layout described in docs/tick-format.md. */
export const TICK_FORMAT_VERSION = 1;

/** Bytes in one tick record. Records are packed back to back with no padding. */
export const TICK_RECORD_SIZE = 32;

/** Byte offset of `timestamp_ns` (u64, little-endian: low 32 bits here, high 32 bits at +4). */
export const TICK_OFFSET_TIMESTAMP_NS = 0;
/** Byte offset of the high 32 bits of `timestamp_ns`. */
export const TICK_OFFSET_TIMESTAMP_NS_HIGH = 4;
/** Byte offset of `symbol_id` (u32). */
export const TICK_OFFSET_SYMBOL_ID = 8;
/** Byte offset of `bid` (f32). */
export const TICK_OFFSET_BID = 12;
/** Byte offset of `ask` (f32). */
export const TICK_OFFSET_ASK = 16;
/** Byte offset of `volume` (f32). */
export const TICK_OFFSET_VOLUME = 20;
/** Byte offset of `source` (u8). */
export const TICK_OFFSET_SOURCE = 24;
/** Byte offset of `flags` (u8). */
export const TICK_OFFSET_FLAGS = 25;
/** Byte offset of `spread_bps` (u16, tenths of a basis point). */
export const TICK_OFFSET_SPREAD_BPS = 26;
/** Byte offset of `sequence` (u32). */
export const TICK_OFFSET_SEQUENCE = 28;

/** Largest value of a u32 field (`symbol_id`, `sequence`). */
export const TICK_U32_MAX = 0xffff_ffff;
/** Largest `spread_bps`; also what a missing side or a non-positive mid reports (see docs/tick-format.md). */
export const TICK_SPREAD_BPS_MAX = 0xffff;

/**
 * The bit pattern written for a missing side: the canonical quiet NaN. Written as an integer so every record is
 * byte-for-byte reproducible, whatever NaN payload the engine would pick.
 */
export const TICK_MISSING_PRICE_BITS = 0x7fc0_0000;
