import {
  createTickDraft,
  encodeTick,
  TICK_RECORD_SIZE,
  type TickDraft,
  TickSource,
  type TickWriter,
} from '@tickwire/core';

/**
 * A TickWriter for tests. Every published draft is encoded through the real tick encoder (so a draft the ring
 * would refuse fails the test) into a fixed buffer, and its fields are also kept at full f64 precision in typed
 * arrays. When full it either refuses ticks like a ring under the drop policy, or wraps around (for long runs
 * that only count). It allocates nothing per tick.
 */
export class RecordingTickWriter implements TickWriter {
  readonly draft: TickDraft = createTickDraft();
  readonly epochSeconds: Float64Array;
  readonly nanoseconds: Float64Array;
  readonly symbolIds: Uint32Array;
  readonly bids: Float64Array;
  readonly asks: Float64Array;
  readonly volumes: Float64Array;
  readonly flags: Uint8Array;
  /** Ticks accepted. */
  count = 0;
  /** Ticks refused because the buffer was full. */
  refused = 0;
  private readonly view: DataView;
  private sequence = 0;

  /**
   * @param capacity - how many ticks fit.
   * @param whenFull - `refuse` returns false once full; `wrap` overwrites the oldest.
   * @param encode - run the real encoder on every tick (default). Off, only the fields are copied: for tests of
   *   the producer alone, which must not depend on how the encoder is compiled.
   */
  constructor(
    readonly capacity: number,
    private readonly whenFull: 'refuse' | 'wrap' = 'refuse',
    private readonly encode = true,
  ) {
    this.view = new DataView(new ArrayBuffer(capacity * TICK_RECORD_SIZE));
    this.epochSeconds = new Float64Array(capacity);
    this.nanoseconds = new Float64Array(capacity);
    this.symbolIds = new Uint32Array(capacity);
    this.bids = new Float64Array(capacity);
    this.asks = new Float64Array(capacity);
    this.volumes = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  publish(): boolean {
    if (this.count >= this.capacity && this.whenFull === 'refuse') {
      this.refused++;
      return false;
    }
    const slot = this.count % this.capacity;
    const draft = this.draft;
    if (this.encode) encodeTick(this.view, slot * TICK_RECORD_SIZE, draft, TickSource.SIM, this.sequence, 0);
    this.sequence = (this.sequence + 1) >>> 0;
    this.epochSeconds[slot] = draft.epochSeconds;
    this.nanoseconds[slot] = draft.nanoseconds;
    this.symbolIds[slot] = draft.symbolId;
    this.bids[slot] = draft.bid;
    this.asks[slot] = draft.ask;
    this.volumes[slot] = draft.volume;
    this.flags[slot] = draft.flags;
    this.count++;
    return true;
  }

  /** Timestamp of a recorded tick in epoch ms (f64; sub-microsecond precision is lost, which tests tolerate). */
  timestampMs(index: number): number {
    return this.epochSeconds[index]! * 1000 + this.nanoseconds[index]! / 1_000_000;
  }
}
