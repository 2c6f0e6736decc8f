import { RingError } from './ring-error';
import { HeaderWord, RING_SLOT_BYTES, RING_SLOT_SHIFT, type RingHeaderConfig } from './ring-layout';
import { MAX_WAIT_SLICE_MS, RingMemory, TOTAL_STORE_ORDER } from './ring-memory';
import { highWordOf, storeWideCounterAcrossWrap } from './ring-wide-counter';

/**
 * The producer half of {@link SpscRing}: claim slots, write into them, commit. Only one thread may produce.
 *
 * The tail lives in a local field and goes to shared memory with one `Atomics.store` per commit; the consumer's
 * head is cached and re-read only when the cached value says the ring is full.
 */
export abstract class RingProducerSide extends RingMemory {
  private readonly dropNewest: boolean;
  // Free slots a waiting producer asks for before it resumes (see waitForRoom).
  private readonly resumeThreshold: number;
  private tail: number;
  private cachedHead: number;
  private claimedSlots = 0;
  private publishedHigh: number;
  private droppedTotal: number;
  private producerHighWater: number;
  private producerWaits: number;
  // publishRecord's word-copy view of the last source array, so repeated copies from one scratch array allocate once.
  private lastSource: Uint8Array | null = null;
  private lastSourceWords: Uint32Array | null = null;

  protected constructor(buffer: SharedArrayBuffer, config: RingHeaderConfig) {
    super(buffer, config);
    const header = this.header;
    this.dropNewest = config.overflow === 'drop-newest';
    this.resumeThreshold = Math.max(1, config.capacity >> 2);
    this.tail = Atomics.load(header, HeaderWord.tail);
    this.cachedHead = Atomics.load(header, HeaderWord.head);
    this.publishedHigh = Atomics.load(header, HeaderWord.publishedHigh);
    this.droppedTotal =
      (Atomics.load(header, HeaderWord.droppedHigh) >>> 0) * 2 ** 32 +
      (Atomics.load(header, HeaderWord.droppedLow) >>> 0);
    this.producerHighWater = Atomics.load(header, HeaderWord.producerHighWater);
    this.producerWaits = Atomics.load(header, HeaderWord.producerWaits);
  }

  /**
   * Claims the next free slot and returns its byte offset in the slot region, or -1 when the overflow policy
   * refused the record (ring full, wait timed out, or ring closed); a refusal is counted in `dropped`.
   * Write the record's 32 bytes at that offset, then call {@link RingProducerSide.commit}.
   */
  claim(): number {
    const tail = this.tail;
    // A plain read of `closed` is enough: it only has to catch claims made after close() on this same side.
    if (((tail - this.cachedHead) | 0) >= this.capacity || this.header[HeaderWord.closed] !== 0) {
      if (this.makeRoom(1) === 0) return -1;
    }
    this.claimedSlots = 1;
    return (tail & this.mask) << RING_SLOT_SHIFT;
  }

  /** Publishes the slot of the last successful {@link RingProducerSide.claim} to the consumer. */
  commit(): void {
    if (this.claimedSlots === 0) throw this.claimMisuse('commit() without a successful claim()');
    this.claimedSlots = 0;
    const next = (this.tail + 1) | 0;
    this.tail = next;
    if (next === 0) this.publishAcrossWrap(next);
    else this.publishTail(next);
    this.wakeConsumerIfAsleep();
  }

  /**
   * Claims up to `count` consecutive slots (1..capacity) and returns how many were granted. Every one of the
   * `count` records is accounted for: the granted ones you write and commit, the rest were refused by the
   * overflow policy and are already counted in `dropped` (`'wait'` first waits for room for all `count`, then
   * after its timeout grants what is free). Slot `i` of the claim is at `claimedOffset(i)`; the run wraps to
   * offset 0 after {@link RingProducerSide.contiguousClaimable} slots.
   */
  claimBatch(count: number): number {
    if ((count | 0) !== count || count < 1 || count > this.capacity) {
      throw this.claimMisuse(`claimBatch(${String(count)}) asks for a count outside 1..${this.capacity}`);
    }
    let granted = count;
    if (((this.tail - this.cachedHead) | 0) > this.capacity - count || this.header[HeaderWord.closed] !== 0) {
      granted = this.makeRoom(count);
    }
    this.claimedSlots = granted;
    return granted;
  }

  /** Byte offset of slot `index` of the current batch claim (index 0 is the slot `claim()` would return). */
  claimedOffset(index: number): number {
    return ((this.tail + index) & this.mask) << RING_SLOT_SHIFT;
  }

  /** How many slots from the producer's position fit before the slot region wraps to offset 0. */
  contiguousClaimable(): number {
    return this.capacity - (this.tail & this.mask);
  }

  /** Publishes the first `count` slots of the last batch claim (0..granted); the rest of the claim is abandoned. */
  commitBatch(count: number): void {
    if ((count | 0) !== count || count < 0 || count > this.claimedSlots) {
      throw this.claimMisuse(`commitBatch(${String(count)}) exceeds the ${this.claimedSlots} slot(s) claimed`);
    }
    this.claimedSlots = 0;
    if (count === 0) return;
    const previous = this.tail;
    const next = (previous + count) | 0;
    this.tail = next;
    if (next >>> 0 < previous >>> 0) this.publishAcrossWrap(next);
    else this.publishTail(next);
    this.wakeConsumerIfAsleep();
  }

  /**
   * Copies one 32-byte record from `source` at `sourceOffset` into the ring and publishes it. Returns false when
   * the overflow policy refused it (counted in `dropped`). Allocation-free when called repeatedly with the same
   * `source` array; writing fields through `claim()` avoids the copy altogether.
   */
  publishRecord(source: Uint8Array, sourceOffset = 0): boolean {
    if ((sourceOffset | 0) !== sourceOffset || sourceOffset < 0 || sourceOffset + RING_SLOT_BYTES > source.length) {
      throw new RingError(
        'RING_INVALID_OPTION',
        `publishRecord: a ${RING_SLOT_BYTES}-byte record at offset ${String(sourceOffset)} does not fit in a source ` +
          `of ${source.length} bytes; pass an offset from 0 to ${source.length - RING_SLOT_BYTES}.`,
      );
    }
    const offset = this.claim();
    if (offset < 0) return false;
    if (source !== this.lastSource) this.cacheSourceWords(source);
    const words = this.lastSourceWords;
    if (words !== null && (sourceOffset & 3) === 0) {
      const from = sourceOffset >> 2;
      const to = offset >> 2;
      const target = this.uint32;
      for (let word = 0; word < 8; word++) target[to + word] = words[from + word]!;
    } else {
      const target = this.bytes;
      for (let byte = 0; byte < RING_SLOT_BYTES; byte++) target[offset + byte] = source[sourceOffset + byte]!;
    }
    this.commit();
    return true;
  }

  // Makes the records up to `next` visible to the consumer; see TOTAL_STORE_ORDER for why a plain store will do
  // on x86.
  private publishTail(next: number): void {
    if (TOTAL_STORE_ORDER) this.header[HeaderWord.tail] = next;
    else Atomics.store(this.header, HeaderWord.tail, next);
  }

  // After a tail store: a consumer that raised its flag before that store may not have seen the new tail, so
  // ring its doorbell.
  private wakeConsumerIfAsleep(): void {
    const sleeper = TOTAL_STORE_ORDER
      ? this.header[HeaderWord.consumerWaiting]!
      : Atomics.load(this.header, HeaderWord.consumerWaiting);
    if (sleeper !== 0) this.wake(HeaderWord.consumerWaiting, sleeper);
  }

  private publishAcrossWrap(next: number): void {
    this.publishedHigh = (this.publishedHigh + 1) | 0;
    storeWideCounterAcrossWrap(
      this.header,
      HeaderWord.tail,
      HeaderWord.publishedHigh,
      HeaderWord.producerVersion,
      next,
      this.publishedHigh,
    );
  }

  // Slow path of claim/claimBatch: the cached head says there is not enough room, or the ring is closed. Returns
  // the slots granted (0..wanted) and counts the rest as dropped.
  private makeRoom(wanted: number): number {
    let granted = 0;
    if (this.header[HeaderWord.closed] === 0) {
      let free = this.refreshFree();
      if (free < wanted && !this.dropNewest) free = this.waitForRoom(wanted);
      granted = Math.min(free, wanted);
    }
    if (granted < wanted) this.countDropped(wanted - granted);
    return granted;
  }

  // Re-reads the consumer's head; the occupancy seen here feeds the high-water mark. On x86 a plain read will
  // do: no later store into the slots it frees can be seen before it (see TOTAL_STORE_ORDER).
  private refreshFree(): number {
    const head = TOTAL_STORE_ORDER ? this.header[HeaderWord.head]! : Atomics.load(this.header, HeaderWord.head);
    this.cachedHead = head;
    const occupancy = (this.tail - head) | 0;
    if (occupancy > this.producerHighWater) {
      this.producerHighWater = occupancy;
      Atomics.store(this.header, HeaderWord.producerHighWater, occupancy);
    }
    return this.capacity - occupancy;
  }

  // 'wait' policy: spin, then sleep on the producer doorbell until enough slots are free, the ring closes, or
  // waitTimeoutMs passes. Returns the free slots found last (0 if closed); the caller grants `wanted` of them if it
  // can. "Enough" is a quarter of the ring, not `wanted`: a consumer slower than this producer then drains in runs
  // instead of trading every freed slot (and its cache lines) with the producer one at a time.
  private waitForRoom(wanted: number): number {
    const header = this.header;
    const target = Math.max(wanted, this.resumeThreshold);
    this.producerWaits = (this.producerWaits + 1) | 0;
    Atomics.store(header, HeaderWord.producerWaits, this.producerWaits);
    Atomics.store(header, HeaderWord.producerNeeds, target);
    let budgetMs = this.waitTimeoutMs;
    for (;;) {
      // Flag before re-check: a release that lands after the re-check is then sure to see the flag and ring.
      Atomics.store(header, HeaderWord.producerWaiting, this.nextSleepToken());
      const doorbell = Atomics.load(header, HeaderWord.producerDoorbell);
      const closed = Atomics.load(header, HeaderWord.closed) !== 0;
      const free = this.refreshFree();
      if (closed || free >= target || budgetMs <= 0) {
        Atomics.store(header, HeaderWord.producerWaiting, 0);
        return closed ? 0 : free;
      }
      const sliceMs = Math.min(budgetMs, MAX_WAIT_SLICE_MS);
      // Only a timeout spends the budget: a ring means the consumer made room (or closed), checked next turn.
      if (Atomics.wait(header, HeaderWord.producerDoorbell, doorbell, sliceMs) === 'timed-out') budgetMs -= sliceMs;
    }
  }

  private countDropped(count: number): void {
    const before = this.droppedTotal;
    const after = before + count;
    this.droppedTotal = after;
    const high = highWordOf(after);
    if (high !== highWordOf(before)) {
      storeWideCounterAcrossWrap(
        this.header,
        HeaderWord.droppedLow,
        HeaderWord.droppedHigh,
        HeaderWord.producerVersion,
        after | 0,
        high,
      );
    } else {
      // A plain store: the counter is only read for stats, and a drop storm must not cost a builtin call per drop.
      this.header[HeaderWord.droppedLow] = after | 0;
    }
  }

  private cacheSourceWords(source: Uint8Array): void {
    this.lastSource = source;
    this.lastSourceWords =
      (source.byteOffset & 3) === 0 ? new Uint32Array(source.buffer, source.byteOffset, source.length >> 2) : null;
  }

  private claimMisuse(what: string): RingError {
    return new RingError(
      'RING_CLAIM_MISUSE',
      `${what}. Claim with claim() or claimBatch(n), check the result (-1 or 0 means refused), then commit.`,
    );
  }
}
