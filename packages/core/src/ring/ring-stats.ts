import { HeaderWord, OverflowPolicyCode, type RingOverflowPolicy } from './ring-layout';
import { readWideCounter } from './ring-wide-counter';

/**
 * A plain snapshot of a ring's counters, read from the shared header, so every thread attached to the ring sees
 * the same figures. Counters are 64-bit (exact up to 2^53) and never reset.
 */
export interface RingStats {
  /** Slots in the ring. */
  readonly capacity: number;
  /** The overflow policy the ring was created with. */
  readonly overflow: RingOverflowPolicy;
  /** Records committed by the producer. */
  readonly published: number;
  /**
   * Records released by the consumer and shown to the producer: the consumer shows its releases in runs of
   * capacity/16 records and whenever the ring runs dry, so while records flow this may trail by up to a run.
   */
  readonly consumed: number;
  /**
   * Records refused: by `'drop-newest'` on a full ring, by `'wait'` after its timeout, or offered after
   * `close()`. Every publish attempt ends up in exactly one of `published` and `dropped`.
   */
  readonly dropped: number;
  /** Records in the ring right now (`published - consumed`, read without a lock, so approximate under load). */
  readonly occupancy: number;
  /**
   * The largest occupancy either side observed when it synchronised with the other (the consumer each time it
   * re-reads the tail, the producer each time it re-reads the head). Sampled, so it never over-reports; it
   * reaches `capacity` whenever the ring was ever found full.
   */
  readonly highWaterMark: number;
  /** Times a `'wait'` producer found the ring full and had to wait for room (wraps at 2^32). */
  readonly producerWaits: number;
  /** True once `close()` was called: intake has stopped, the consumer drains what is left. */
  readonly closed: boolean;
}

/** Reads a {@link RingStats} snapshot from a ring header. Allocates the snapshot; not for the hot path. */
export function readRingStats(header: Int32Array): RingStats {
  const consumed = readWideCounter(header, HeaderWord.head, HeaderWord.consumedHigh, HeaderWord.consumerVersion);
  const published = readWideCounter(header, HeaderWord.tail, HeaderWord.publishedHigh, HeaderWord.producerVersion);
  const dropped = readWideCounter(header, HeaderWord.droppedLow, HeaderWord.droppedHigh, HeaderWord.producerVersion);
  const capacity = header[HeaderWord.capacity]!;
  const policyCode = header[HeaderWord.overflowPolicy];
  return {
    capacity,
    overflow: policyCode === OverflowPolicyCode['drop-newest'] ? 'drop-newest' : 'wait',
    published,
    consumed,
    dropped,
    // Consumed was read first, so published >= consumed; the clamp only guards a torn read across both counters.
    occupancy: Math.min(capacity, Math.max(0, published - consumed)),
    highWaterMark: Math.max(
      Atomics.load(header, HeaderWord.producerHighWater),
      Atomics.load(header, HeaderWord.consumerHighWater),
    ),
    producerWaits: Atomics.load(header, HeaderWord.producerWaits) >>> 0,
    closed: Atomics.load(header, HeaderWord.closed) !== 0,
  };
}
