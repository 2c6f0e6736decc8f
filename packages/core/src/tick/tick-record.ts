import type { TickDraft } from './tick-writer';

/**
 * Every field of one decoded record, in JavaScript units: the draft's fields plus what the writer stamps.
 * `decodeTick` fills a reused instance, so reading allocates nothing per tick.
 */
export interface TickRecord extends TickDraft {
  /** Source id (see `TickSource`). */
  source: number;
  /** Spread over the mid in tenths of a basis point, 0..65535 (see docs/tick-format.md, "Spread"). */
  spreadBps: number;
  /** Per source+symbol sequence, u32, wrapping to 0 after 2^32 - 1. */
  sequence: number;
}

/** A fresh draft for a writer or a test to reuse: zero time, no symbol, both sides missing (NaN), no flags. */
export function createTickDraft(): TickDraft {
  return { epochSeconds: 0, nanoseconds: 0, symbolId: 0, bid: Number.NaN, ask: Number.NaN, volume: 0, flags: 0 };
}

/** A fresh record to pass to `decodeTick` and reuse for every tick. */
export function createTickRecord(): TickRecord {
  return {
    epochSeconds: 0,
    nanoseconds: 0,
    symbolId: 0,
    bid: Number.NaN,
    ask: Number.NaN,
    volume: 0,
    flags: 0,
    source: 0,
    spreadBps: 0,
    sequence: 0,
  };
}
