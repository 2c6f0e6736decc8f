import {
  HeaderWord,
  RING_HEADER_BYTES,
  RING_SLOT_BYTES,
  type RingHeaderConfig,
  type RingOverflowPolicy,
} from './ring-layout';
import { type RingStats, readRingStats } from './ring-stats';

/** Spinning a few microseconds before sleeping catches most short stalls without a futex round trip. */
export const SPINS_BEFORE_SLEEP = 512;

/**
 * The shared memory of a ring as one thread sees it: the header, the typed views over the slot region, and what
 * either side may do at any time (close, read stats). {@link SpscRing} adds the producer and consumer halves.
 */
export abstract class RingMemory {
  /** The shared memory: send this to the other thread and call `SpscRing.attach` there. */
  readonly buffer: SharedArrayBuffer;
  /** Slots in the ring (a power of two). */
  readonly capacity: number;
  /** What the producer does when the ring is full. */
  readonly overflow: RingOverflowPolicy;
  /** Longest a `'wait'` producer blocks on a full ring, in milliseconds. */
  readonly waitTimeoutMs: number;
  /** The slot region as bytes; slot offsets from `claim`/`readOffset` index it directly. */
  readonly bytes: Uint8Array;
  /** The slot region as a DataView (use little-endian accessors for tick format v1). */
  readonly view: DataView;
  /** The slot region as f32 words: a field at byte offset `o` is `float32[o >> 2]` (host order, little-endian). */
  readonly float32: Float32Array;
  /** The slot region as u32 words: a field at byte offset `o` is `uint32[o >> 2]` (host order, little-endian). */
  readonly uint32: Uint32Array;

  /** The header words, indexed by `HeaderWord`. */
  protected readonly header: Int32Array;
  /** `capacity - 1`: a free-running index masked by it is a slot number. */
  protected readonly mask: number;

  protected constructor(buffer: SharedArrayBuffer, config: RingHeaderConfig) {
    this.buffer = buffer;
    this.capacity = config.capacity;
    this.overflow = config.overflow;
    this.waitTimeoutMs = config.waitTimeoutMs;
    const slotRegionBytes = config.capacity * RING_SLOT_BYTES;
    this.bytes = new Uint8Array(buffer, RING_HEADER_BYTES, slotRegionBytes);
    this.view = new DataView(buffer, RING_HEADER_BYTES, slotRegionBytes);
    this.float32 = new Float32Array(buffer, RING_HEADER_BYTES, slotRegionBytes / 4);
    this.uint32 = new Uint32Array(buffer, RING_HEADER_BYTES, slotRegionBytes / 4);
    this.header = new Int32Array(buffer, 0, RING_HEADER_BYTES / 4);
    this.mask = config.capacity - 1;
  }

  /**
   * Stops intake: later claims are refused (and counted in `dropped`), a waiting producer gives up, and a
   * waiting consumer wakes to drain what is left. Call it from the producer's side after its last commit: a
   * record committed concurrently from another thread after `close()` could be missed by a consumer that has
   * already finished draining. Idempotent.
   */
  close(): void {
    Atomics.store(this.header, HeaderWord.closed, 1);
    this.ringDoorbell(HeaderWord.consumerDoorbell);
    this.ringDoorbell(HeaderWord.producerDoorbell);
  }

  /** True once `close()` was called from any thread. */
  get closed(): boolean {
    return Atomics.load(this.header, HeaderWord.closed) !== 0;
  }

  /** A snapshot of the shared counters; see {@link RingStats}. Readable from any attached thread. */
  stats(): RingStats {
    return readRingStats(this.header);
  }

  /**
   * Wakes the other side after it raised `waitingFlag`. Clearing the flag here (the sleeper raises it again
   * before every sleep) spares the following commits or releases another notify while it is still waking.
   */
  protected wake(waitingFlag: number): void {
    Atomics.store(this.header, waitingFlag, 0);
    // Each side's doorbell is the word after its waiting flag (see HeaderWord).
    this.ringDoorbell(waitingFlag + 1);
  }

  // A sleeper waits on "doorbell still equals the value I read"; bumping it makes a wait that has not started
  // yet return at once, which notify alone cannot do.
  private ringDoorbell(doorbell: number): void {
    Atomics.add(this.header, doorbell, 1);
    Atomics.notify(this.header, doorbell);
  }
}
