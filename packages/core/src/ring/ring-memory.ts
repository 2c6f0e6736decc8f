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
 * True on x86 (total store order): other cores see one core's stores in program order, and loads are not
 * reordered with other loads. There a plain store of the tail after plain stores into the slot publishes the
 * record as safely as `Atomics.store` (V8 emits typed-array stores in program order), and a commit costs a
 * few nanoseconds instead of a builtin call plus a full fence that waits for every slot store to drain. Other
 * architectures (arm64) keep `Atomics` for every shared index and flag.
 *
 * The one thing x86 does reorder is a later load ahead of an earlier store: a committing producer may read the
 * consumer's waiting flag before its tail store is visible. The consumer covers that window: after raising its
 * flag it re-checks the tail for a few microseconds before sleeping, and never sleeps longer than
 * {@link CONSUMER_SLEEP_SLICE_MS} at a time (see SpscRing.waitForData).
 */
export const TOTAL_STORE_ORDER = typeof process !== 'undefined' && (process.arch === 'x64' || process.arch === 'ia32');

/**
 * Re-checks of the tail a consumer makes after raising its waiting flag and before sleeping (a few
 * microseconds): long enough for a tail store still in the producer's store buffer to become visible.
 */
export const CHECKS_AFTER_ANNOUNCING_SLEEP = 128;

/** Longest single sleep of a consumer, so that even a wake-up lost to the race above costs at most this. */
export const CONSUMER_SLEEP_SLICE_MS = 100;

/**
 * Longest single `Atomics.wait`, in ms. Waits are budgeted in whole milliseconds and cut into slices no longer
 * than this, so every timeout passed to `Atomics.wait` is a small integer: a fractional or huge one would be
 * boxed on every call, and the wait paths must not allocate (no clock is read there either, for the same reason).
 */
export const MAX_WAIT_SLICE_MS = 2 ** 30 - 1;

/**
 * The shared memory of a ring as one thread sees it: the header, the typed views over the slot region, and what
 * either side may do at any time (close, read stats). `SpscRing` adds the producer and consumer halves.
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
  private sleepToken = 0;

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
   * A fresh non-zero value for a waiting flag. The flag holds the sleeper's token, not just 1, so a waker that
   * read the flag during an earlier sleep cannot clear the flag of a later one (see {@link RingMemory.wake}).
   */
  protected nextSleepToken(): number {
    this.sleepToken = (this.sleepToken % 0x3fff_ffff) + 1;
    return this.sleepToken;
  }

  /**
   * Wakes the other side, which raised `waitingFlag` with `token` before sleeping. The flag is cleared here (the
   * sleeper raises it again before every sleep) so the following commits or releases do not notify again while
   * it is still waking; the compare-exchange leaves a newer sleep's flag alone.
   */
  protected wake(waitingFlag: number, token: number): void {
    if (Atomics.compareExchange(this.header, waitingFlag, token, 0) !== token) return;
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
