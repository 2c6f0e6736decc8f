import { RingError } from './ring-error';
import {
  HeaderWord,
  OverflowPolicyCode,
  RING_HEADER_BYTES,
  RING_SLOT_SHIFT,
  type RingHeaderConfig,
  type RingOverflowPolicy,
  readHeader,
  ringByteLength,
  writeHeader,
} from './ring-layout';
import {
  CHECKS_AFTER_ANNOUNCING_SLEEP,
  CONSUMER_SLEEP_SLICE_MS,
  MAX_WAIT_SLICE_MS,
  SPINS_BEFORE_SLEEP,
} from './ring-memory';
import { RingProducerSide } from './ring-producer-side';
import { storeWideCounterAcrossWrap } from './ring-wide-counter';

/** Called by {@link SpscRing.poll} once per record: read the 32 bytes at `byteOffset` of `view` (slot region). */
export type RingRecordHandler = (view: DataView, byteOffset: number) => void;

/** How a consumer wait ended: data is readable, the wait timed out, or the ring is closed and fully drained. */
export type RingWaitResult = 'ready' | 'timed-out' | 'closed';

/** Options of {@link SpscRing.create}. */
export interface SpscRingOptions {
  /** Slots in the ring: a power of two from 2 to 2^24. Each slot holds one 32-byte record. */
  readonly capacity: number;
  /** What the producer does when the ring is full; default `'wait'`. See {@link RingOverflowPolicy}. */
  readonly overflow?: RingOverflowPolicy;
  /** Longest a `'wait'` producer blocks on a full ring before dropping (and counting) the record; default 1000. */
  readonly waitTimeoutMs?: number;
}

// Atomics.waitAsync ships in Node 20 but only in TypeScript's es2024 lib; the package targets es2022.
type AtomicsWaitAsync = (
  typedArray: Int32Array,
  index: number,
  value: number,
  timeout?: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const atomicsWaitAsync = (Atomics as unknown as { waitAsync: AtomicsWaitAsync }).waitAsync;

const DEFAULT_WAIT_TIMEOUT_MS = 1000;
// How far ahead poll() touches the slot region: 32 records (16 cache lines), roughly one cross-core line
// transfer's worth of records at one-at-a-time speed.
const PREFETCH_RECORDS = 32;
const MAX_WAIT_TIMEOUT_MS = MAX_WAIT_SLICE_MS;

/**
 * A single-producer single-consumer ring of 32-byte slots in a SharedArrayBuffer, for passing ticks between
 * `worker_threads` without copying or allocating.
 *
 * Create it in one thread with {@link SpscRing.create}, hand `ring.buffer` to the other (e.g. as `workerData`)
 * and {@link SpscRing.attach} there. Exactly one thread produces and one consumes at any time; each side keeps
 * its own index in a local field and caches the other side's, touching shared memory only to publish its own
 * progress or when the cached view says the ring is full (producer) or empty (consumer).
 *
 * Producer, writing fields straight into the slot (offsets index `bytes`, `view`, and `>> 2` the word views):
 * ```ts
 * const offset = ring.claim();               // -1 if the overflow policy refused it (counted in stats)
 * if (offset >= 0) { ring.uint32[(offset + 28) >> 2] = sequence; ...; ring.commit(); }
 * ```
 * Consumer: `ring.poll((view, offset) => ..., 256)`, or `available()` / `readOffset(i)` / `release(n)`; for a
 * whole loop see `consumeSpinning`, `consumeBlocking` and `consumeAsync`.
 *
 * Shutdown: the producer side calls `close()` after its last commit; the consumer wakes, drains what is left,
 * and then sees `'closed'`. Nothing committed before `close()` is lost.
 */
export class SpscRing extends RingProducerSide {
  // Consumer-side state: its own index, the value of it the producer has been shown, and a possibly stale copy
  // of the producer's index.
  private head: number;
  private publishedHead: number;
  private cachedTail: number;
  // Releases are shown to the producer in runs of this many records (or when the ring runs dry), not one by one:
  // each Atomics.store costs as much as handling a record.
  private readonly releaseRun: number;
  private consumedHigh: number;
  private consumerHighWater: number;
  // Where poll() puts the word it reads ahead, so the read is not optimised away.
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: written only, on purpose (see poll).
  private prefetchSink = 0;
  // The consumer doorbell value read just before deciding to sleep; the wait returns at once if it has changed.
  private doorbellSeen = 0;
  private sleeps = 0;
  private sleepsTimedOut = 0;

  private constructor(buffer: SharedArrayBuffer, config: RingHeaderConfig) {
    super(buffer, config);
    const header = this.header;
    this.head = Atomics.load(header, HeaderWord.head);
    this.publishedHead = this.head;
    this.releaseRun = Math.max(1, config.capacity >> 4);
    this.cachedTail = Atomics.load(header, HeaderWord.tail);
    this.consumedHigh = Atomics.load(header, HeaderWord.consumedHigh);
    this.consumerHighWater = Atomics.load(header, HeaderWord.consumerHighWater);
  }

  /** Allocates a new ring in a fresh SharedArrayBuffer. Throws a {@link RingError} on an invalid option. */
  static create(options: SpscRingOptions): SpscRing {
    const overflow = options.overflow ?? 'wait';
    if (!Object.hasOwn(OverflowPolicyCode, overflow)) {
      throw new RingError(
        'RING_INVALID_OPTION',
        `unknown overflow policy ${JSON.stringify(overflow)}; use 'wait' (backpressure with a timeout) or 'drop-newest'.`,
      );
    }
    const waitTimeoutMs = options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    if (!Number.isInteger(waitTimeoutMs) || waitTimeoutMs < 0 || waitTimeoutMs > MAX_WAIT_TIMEOUT_MS) {
      throw new RingError(
        'RING_INVALID_OPTION',
        `waitTimeoutMs ${String(waitTimeoutMs)} is not a whole number of milliseconds from 0 to ${MAX_WAIT_TIMEOUT_MS}; ` +
          `a 'wait' producer must give up at some point so that a stuck consumer cannot stall intake forever.`,
      );
    }
    const buffer = new SharedArrayBuffer(ringByteLength(options.capacity));
    const config: RingHeaderConfig = { capacity: options.capacity, overflow, waitTimeoutMs };
    writeHeader(new Int32Array(buffer, 0, RING_HEADER_BYTES / 4), config);
    return new SpscRing(buffer, config);
  }

  /**
   * Attaches to a ring created elsewhere (another thread, or earlier in this one). Throws a {@link RingError}
   * when `buffer` is not a tickwire ring of this layout version.
   */
  static attach(buffer: SharedArrayBuffer): SpscRing {
    return new SpscRing(buffer, readHeader(buffer));
  }

  /** SharedArrayBuffer size of a ring of `capacity` slots (header included). */
  static byteLengthFor(capacity: number): number {
    return ringByteLength(capacity);
  }

  /**
   * Records readable now. Re-reads the producer's index only when the cached one shows none, and then first
   * shows the producer every release so far. Consumer only.
   */
  available(): number {
    const head = this.head;
    let count = (this.cachedTail - head) | 0;
    if (count === 0) {
      if (head !== this.publishedHead) this.publishReleases();
      const tail = Atomics.load(this.header, HeaderWord.tail);
      this.cachedTail = tail;
      count = (tail - head) | 0;
      if (count > this.consumerHighWater) {
        this.consumerHighWater = count;
        Atomics.store(this.header, HeaderWord.consumerHighWater, count);
      }
    }
    return count;
  }

  /** Byte offset of readable record `index` (0 is the oldest); valid for index < `available()`. */
  readOffset(index: number): number {
    return ((this.head + index) & this.mask) << RING_SLOT_SHIFT;
  }

  /**
   * Hands the oldest `count` readable records back: their slots may be overwritten from now on. The producer
   * (and `stats().consumed`) learns of releases in runs of capacity/16 records, whenever the consumer finds the
   * ring empty, and on {@link SpscRing.publishReleases}.
   */
  release(count: number): void {
    const head = this.head;
    if ((count | 0) !== count || count < 0 || count > ((this.cachedTail - head) | 0)) {
      throw new RingError(
        'RING_RELEASE_MISUSE',
        `release(${String(count)}) exceeds the ${(this.cachedTail - head) | 0} record(s) available() reported; ` +
          'release only records you have seen through available() or poll().',
      );
    }
    const next = (head + count) | 0;
    this.head = next;
    if (((next - this.publishedHead) | 0) >= this.releaseRun) this.publishReleases();
  }

  /**
   * Shows the producer every release so far. The consumer loops and `available()` call it when the ring runs
   * dry; call it yourself when you stop consuming while records are still in the ring.
   */
  publishReleases(): void {
    const head = this.head;
    const previous = this.publishedHead;
    if (head === previous) return;
    this.publishedHead = head;
    if (head >>> 0 < previous >>> 0) {
      this.consumedHigh = (this.consumedHigh + 1) | 0;
      storeWideCounterAcrossWrap(
        this.header,
        HeaderWord.head,
        HeaderWord.consumedHigh,
        HeaderWord.consumerVersion,
        head,
        this.consumedHigh,
      );
    } else {
      Atomics.store(this.header, HeaderWord.head, head);
    }
    // Once per run, so the sequentially consistent load is affordable on every architecture.
    const sleeper = Atomics.load(this.header, HeaderWord.producerWaiting);
    if (sleeper !== 0) this.wakeProducerIfRoom(head, sleeper);
  }

  /**
   * Calls `handler(view, byteOffset)` for up to `maxRecords` readable records, oldest first, then releases them;
   * returns how many were handled (0 when the ring is empty). It re-reads the producer's index only when its
   * cached copy shows nothing left, so it may hand over fewer records than were just committed: poll again.
   * If the handler throws, the records before the throwing one are released and the throwing one stays at the
   * front of the ring.
   */
  poll(handler: RingRecordHandler, maxRecords: number = this.capacity): number {
    const head = this.head;
    let count = (this.cachedTail - head) | 0;
    if (count === 0) {
      count = this.available();
      if (count === 0) return 0;
    }
    const mask = this.mask;
    // Touch a line a few records ahead (inside what is already committed, so the producer is not disturbed):
    // a consumer taking records one by one otherwise waits for each line from the producer's core in turn.
    if (count > PREFETCH_RECORDS) this.prefetchSink = this.uint32[((head + PREFETCH_RECORDS) & mask) << 3]!;
    if (count > maxRecords) count = maxRecords;
    const view = this.view;
    let handled = 0;
    try {
      for (; handled < count; handled++) handler(view, ((head + handled) & mask) << RING_SLOT_SHIFT);
    } finally {
      // release() without its argument checks: `handled` is within what available() reported.
      const next = (head + handled) | 0;
      this.head = next;
      if (((next - this.publishedHead) | 0) >= this.releaseRun) this.publishReleases();
    }
    return count;
  }

  /**
   * Blocks this thread until a record is readable, the ring is closed and drained, or `timeoutMs` passes: it
   * first re-checks the ring `busyPollSpins` times (see `busyPollSpinsFor` to turn microseconds into spins),
   * then sleeps in `Atomics.wait`. For worker threads; on the main thread use {@link SpscRing.waitForDataAsync}.
   * Allocation-free for a whole-millisecond (or infinite) timeout. It sleeps in slices of at most 100 ms,
   * re-checking between them; the busy-poll does not count against `timeoutMs`.
   */
  waitForData(timeoutMs = Number.POSITIVE_INFINITY, busyPollSpins = SPINS_BEFORE_SLEEP): RingWaitResult {
    const polled = this.busyPoll(busyPollSpins);
    if (polled !== null) return polled;
    let budgetMs = timeoutMs;
    for (;;) {
      const outcome = this.prepareToSleep(budgetMs);
      if (outcome !== null) return outcome;
      const sliceMs = Math.min(budgetMs, CONSUMER_SLEEP_SLICE_MS);
      this.sleeps++;
      // Only a timeout spends the budget: a ring means a commit or close, which the next turn sees.
      if (Atomics.wait(this.header, HeaderWord.consumerDoorbell, this.doorbellSeen, sliceMs) === 'timed-out') {
        this.sleepsTimedOut++;
        budgetMs -= sliceMs;
      }
    }
  }

  /**
   * Like {@link SpscRing.waitForData} but waits with `Atomics.waitAsync`, so the calling thread's event loop
   * keeps running: the blocking consumer for the main thread. Allocates a promise per wait, never per record.
   */
  async waitForDataAsync(timeoutMs = Number.POSITIVE_INFINITY): Promise<RingWaitResult> {
    let budgetMs = timeoutMs;
    for (;;) {
      const outcome = this.prepareToSleep(budgetMs);
      if (outcome !== null) return outcome;
      const sliceMs = Math.min(budgetMs, CONSUMER_SLEEP_SLICE_MS);
      const waiting = atomicsWaitAsync(this.header, HeaderWord.consumerDoorbell, this.doorbellSeen, sliceMs);
      const result = waiting.async ? await waiting.value : waiting.value;
      if (result === 'timed-out') budgetMs -= sliceMs;
    }
  }

  /**
   * How many times this consumer has gone to sleep in `Atomics.wait` (in {@link SpscRing.waitForData}) on this
   * thread's handle: each one costs a wake-up when the next record comes. A local count, not shared memory.
   */
  get consumerSleeps(): number {
    return this.sleeps;
  }

  /**
   * How many of those sleeps (in {@link SpscRing.waitForData}) ran to their timeout, at most 100 ms each, rather
   * than being woken by a commit or close: a measure of how long the ring sat empty. A local count.
   */
  get consumerSleepsTimedOut(): number {
    return this.sleepsTimedOut;
  }

  /** True once the ring is closed and every record committed before `close()` has been released. Consumer only. */
  isDrained(): boolean {
    const closed = Atomics.load(this.header, HeaderWord.closed) !== 0;
    return closed && this.available() === 0;
  }

  /**
   * Re-checks the ring up to `spins` times without sleeping; returns `'ready'` or `'closed'` as soon as either
   * holds, or null after the last check. Consumer only. One spin is what {@link busyPollSpinsFor} calibrates.
   */
  busyPoll(spins: number): RingWaitResult | null {
    for (let spin = 0; spin < spins; spin++) {
      // Closed is read before emptiness: a record committed just before close() must not be missed.
      const closed = Atomics.load(this.header, HeaderWord.closed) !== 0;
      if (this.available() > 0) return 'ready';
      if (closed) return 'closed';
    }
    return null;
  }

  // Raises the consumer's waiting flag, then re-checks for a few microseconds; returns a result, or null when it
  // is safe to sleep on the doorbell value now in doorbellSeen. Flag before re-check is what makes a concurrent
  // commit ring the doorbell; re-checking for a while covers a commit whose tail store was still on its way
  // (see TOTAL_STORE_ORDER).
  private prepareToSleep(budgetMs: number): RingWaitResult | null {
    const header = this.header;
    Atomics.store(header, HeaderWord.consumerWaiting, this.nextSleepToken());
    this.doorbellSeen = Atomics.load(header, HeaderWord.consumerDoorbell);
    let outcome: RingWaitResult | null = null;
    for (let check = 0; check < CHECKS_AFTER_ANNOUNCING_SLEEP && outcome === null; check++) {
      // Closed is read before emptiness: a record committed just before close() must not be missed.
      const closed = Atomics.load(header, HeaderWord.closed) !== 0;
      if (this.available() > 0) outcome = 'ready';
      else if (closed) outcome = 'closed';
    }
    if (outcome === null && !(budgetMs > 0)) outcome = 'timed-out';
    if (outcome !== null) Atomics.store(header, HeaderWord.consumerWaiting, 0);
    return outcome;
  }

  // The producer sleeps until `producerNeeds` slots are free; its tail cannot move meanwhile, so one read of it
  // tells whether this release made enough room.
  private wakeProducerIfRoom(head: number, sleeper: number): void {
    const header = this.header;
    const free = this.capacity - ((Atomics.load(header, HeaderWord.tail) - head) | 0);
    if (free >= Atomics.load(header, HeaderWord.producerNeeds)) this.wake(HeaderWord.producerWaiting, sleeper);
  }
}
