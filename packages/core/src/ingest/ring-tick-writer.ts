import type { SpscRing } from '../ring/spsc-ring';
import { encodeStampedTick, type TickStamp } from '../tick/tick-encoder';
import { TickFormatError } from '../tick/tick-errors';
import { createTickDraft } from '../tick/tick-record';
import { nextTickSequence } from '../tick/tick-sequence';
import type { TickDraft, TickWriter } from '../tick/tick-writer';

/** Called when a connector hands the writer a tick that cannot be encoded; the tick is refused and counted. */
export type RefusedTickHandler = (error: TickFormatError, draft: Readonly<TickDraft>) => void;

/** Counters of one writer, for the runtime summary. */
export interface TickWriterCounters {
  /** Ticks handed to `publish()`. */
  received: number;
  /** Ticks committed to the ring. */
  published: number;
  /** Ticks the ring's overflow policy dropped (also counted in the ring's own stats). */
  dropped: number;
  /** Ticks refused as unencodable (a connector parser bug or a venue sending nonsense). */
  refused: number;
}

/**
 * The host's {@link TickWriter}: encodes a connector's draft straight into the next ring slot. It owns the
 * per-symbol sequence numbers of its source, so every consumer can detect a gap, including one the ring's own
 * drop policy made: a dropped tick still consumes its sequence number.
 */
export class RingTickWriter implements TickWriter {
  readonly draft: TickDraft = createTickDraft();
  readonly counters: TickWriterCounters = { received: 0, published: 0, dropped: 0, refused: 0 };
  // One stamp per symbol, created on first sight and then updated in place: no allocation per tick.
  private readonly stamps = new Map<number, TickStamp>();

  /**
   * @param ring - the ring this writer produces into; the writer must be its only producer.
   * @param sourceId - the `source` byte stamped on every tick (the connector's manifest `tickSourceId`).
   * @param priceIncrementOf - each symbol id's price increment, or 0 when unknown (no precision check then).
   * @param onRefused - told about each unencodable tick; it must not throw.
   */
  constructor(
    private readonly ring: SpscRing,
    private readonly sourceId: number,
    private readonly priceIncrementOf: (symbolId: number) => number,
    private readonly onRefused: RefusedTickHandler,
  ) {}

  publish(): boolean {
    const counters = this.counters;
    counters.received++;
    const draft = this.draft;
    const symbolId = draft.symbolId;
    const stamp = this.stamps.get(symbolId) ?? this.firstStamp(symbolId);
    const offset = this.ring.claim();
    if (offset < 0) {
      stamp.sequence = nextTickSequence(stamp.sequence);
      counters.dropped++;
      return false;
    }
    try {
      encodeStampedTick(this.ring.view, offset, draft, stamp);
    } catch (error) {
      // The claimed slot is simply not committed: the next claim reuses it.
      counters.refused++;
      if (!TickFormatError.isInstance(error)) throw error;
      this.onRefused(error, draft);
      return false;
    }
    this.ring.commit();
    stamp.sequence = nextTickSequence(stamp.sequence);
    counters.published++;
    return true;
  }

  /** Sequence numbers already used per symbol id: the next tick of each continues from here. */
  nextSequenceOf(symbolId: number): number {
    return this.stamps.get(symbolId)?.sequence ?? 0;
  }

  private firstStamp(symbolId: number): TickStamp {
    const stamp: TickStamp = { source: this.sourceId, sequence: 0, priceIncrement: this.priceIncrementOf(symbolId) };
    this.stamps.set(symbolId, stamp);
    return stamp;
  }
}
