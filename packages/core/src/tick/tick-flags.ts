/**
 * Bits of the `flags` byte. Every bit is documented in docs/tick-format.md, "Flags". Bit 7 is reserved: encoders
 * write it as zero and refuse drafts that set it, so a later version can give it a meaning.
 */
export const TickFlags = {
  /** Set: a trade (bid = ask = trade price, volume = trade size). Clear: a quote or a book top. */
  TRADE: 0x01,
  /** Not a live incremental event: the state sent on (re)subscribe, or the venue replaying earlier events. */
  SNAPSHOT: 0x02,
  /** The venue stream had a gap just before this tick (its own sequence jumped, or the connection was re-made). */
  GAP_BEFORE: 0x04,
  /** The source marks the price as stale or indicative (market closed, halted, delayed); not a firm price. */
  STALE: 0x08,
  /** At least one price does not survive f32 at the instrument's price increment; see "Precision". */
  PRICE_INEXACT: 0x10,
  /** No bid: `bid` holds NaN. */
  BID_MISSING: 0x20,
  /** No ask: `ask` holds NaN. */
  ASK_MISSING: 0x40,
} as const;

/** The name of one defined flag. */
export type TickFlagName = keyof typeof TickFlags;

/** Every defined bit. */
export const TICK_FLAGS_DEFINED_MASK = 0x7f;
/** Bits reserved for later versions; they must be zero in a v1 record. */
export const TICK_FLAGS_RESERVED_MASK = 0x80;

const flagNames = Object.keys(TickFlags) as TickFlagName[];

/**
 * Human-readable form of a flags byte, e.g. `TRADE|SNAPSHOT`, `-` for none, and `RESERVED(0x80)` for reserved bits.
 * Allocates a string: for logs and tools, not for the hot path.
 */
export function describeTickFlags(flags: number): string {
  const parts: string[] = [];
  for (const name of flagNames) {
    if ((flags & TickFlags[name]) !== 0) parts.push(name);
  }
  const reserved = flags & TICK_FLAGS_RESERVED_MASK;
  if (reserved !== 0) parts.push(`RESERVED(0x${reserved.toString(16)})`);
  return parts.length === 0 ? '-' : parts.join('|');
}
