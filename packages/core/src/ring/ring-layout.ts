import { RingError } from './ring-error';

/**
 * Bytes per ring slot. The ring treats a slot as opaque; 32 is the size of a tick format v1 record, kept as a local
 * constant so the ring does not depend on the tick codec.
 */
export const RING_SLOT_BYTES = 32;

/** log2 of {@link RING_SLOT_BYTES}: slot index to byte offset is one shift. */
export const RING_SLOT_SHIFT = 5;

/** Version of the shared-memory layout below. A buffer written by another layout version is refused on attach. */
export const RING_LAYOUT_VERSION = 1;

/** Smallest capacity accepted, in slots. */
export const RING_MIN_CAPACITY = 2;

/**
 * Largest capacity accepted, in slots (512 MiB of slots). Head and tail are 32-bit wrapping counters, so the
 * capacity must stay far below 2^31 for `tail - head` to be unambiguous; this bound is much tighter than that.
 */
export const RING_MAX_CAPACITY = 2 ** 24;

/** "TWRG" read as a little-endian u32: the first word of every tickwire ring buffer. */
export const RING_MAGIC = 0x47525754;

/** Cache line size the header is laid out for (x86-64 and most ARM cores). */
const CACHE_LINE_BYTES = 64;
const CACHE_LINE_WORDS = CACHE_LINE_BYTES / 4;

/**
 * Header layout, as Int32Array word indices. Each group sits on its own 64-byte cache line, so the producer's
 * writes (tail, its counters) never invalidate the line the consumer writes (head, its counters) and vice versa.
 * The waiting flags and doorbells get lines of their own because they are read on every publish/release but
 * written only when a side goes to sleep.
 */
export const HeaderWord = {
  // Line 0: identity and configuration, written once at creation; plus the closed flag, written once at shutdown.
  magic: 0,
  layoutVersion: 1,
  slotBytes: 2,
  capacity: 3,
  headerBytes: 4,
  overflowPolicy: 5,
  waitTimeoutMs: 6,
  closed: 7,
  // Line 1: written only by the producer.
  tail: CACHE_LINE_WORDS,
  publishedHigh: CACHE_LINE_WORDS + 1,
  droppedLow: CACHE_LINE_WORDS + 2,
  droppedHigh: CACHE_LINE_WORDS + 3,
  producerHighWater: CACHE_LINE_WORDS + 4,
  producerWaits: CACHE_LINE_WORDS + 5,
  producerVersion: CACHE_LINE_WORDS + 6,
  // Line 2: written only by the consumer.
  head: 2 * CACHE_LINE_WORDS,
  consumedHigh: 2 * CACHE_LINE_WORDS + 1,
  consumerHighWater: 2 * CACHE_LINE_WORDS + 2,
  consumerVersion: 2 * CACHE_LINE_WORDS + 3,
  // Line 3: the consumer raises its flag before sleeping; the producer (or close) rings its doorbell.
  consumerWaiting: 3 * CACHE_LINE_WORDS,
  consumerDoorbell: 3 * CACHE_LINE_WORDS + 1,
  // Line 4: the producer raises its flag before sleeping on a full ring; the consumer (or close) rings its doorbell
  // once at least `producerNeeds` slots are free.
  producerWaiting: 4 * CACHE_LINE_WORDS,
  producerDoorbell: 4 * CACHE_LINE_WORDS + 1,
  producerNeeds: 4 * CACHE_LINE_WORDS + 2,
} as const;

/** Bytes before the first slot: five cache lines. A multiple of 64, so slots never straddle a cache line. */
export const RING_HEADER_BYTES = 5 * CACHE_LINE_BYTES;

/** Overflow policy codes as stored in the header. */
export const OverflowPolicyCode = { wait: 0, 'drop-newest': 1 } as const;

/**
 * What the producer does when the ring is full.
 *
 * - `'wait'`: block (spin briefly, then `Atomics.wait`) until the consumer frees room, at most `waitTimeoutMs`.
 *   On timeout the record is dropped and counted in `dropped`, and the publish call reports failure; it does not
 *   throw, because the producer is usually a feed parser that must keep going.
 * - `'drop-newest'`: refuse the record at once and count it in `dropped`. Records already in the ring are kept.
 */
export type RingOverflowPolicy = keyof typeof OverflowPolicyCode;

/** Total SharedArrayBuffer size for a ring of `capacity` slots. */
export function ringByteLength(capacity: number): number {
  validateCapacity(capacity);
  return RING_HEADER_BYTES + capacity * RING_SLOT_BYTES;
}

/** Throws a {@link RingError} unless `capacity` is a power of two within the accepted range. */
export function validateCapacity(capacity: number): void {
  const isPowerOfTwo = Number.isInteger(capacity) && capacity > 0 && (capacity & (capacity - 1)) === 0;
  if (!isPowerOfTwo || capacity < RING_MIN_CAPACITY || capacity > RING_MAX_CAPACITY) {
    const nextPowerOfTwo =
      Number.isFinite(capacity) && capacity > 0
        ? Math.min(RING_MAX_CAPACITY, Math.max(RING_MIN_CAPACITY, 2 ** Math.ceil(Math.log2(capacity))))
        : RING_MIN_CAPACITY;
    throw new RingError(
      'RING_INVALID_CAPACITY',
      `ring capacity ${String(capacity)} is not a power of two between ${RING_MIN_CAPACITY} and ${RING_MAX_CAPACITY} ` +
        `slots; indices are masked, not divided, so the capacity must be a power of two. Use ${nextPowerOfTwo} instead.`,
    );
  }
}

/** The configuration a ring's header carries, as read back on attach. */
export interface RingHeaderConfig {
  readonly capacity: number;
  readonly overflow: RingOverflowPolicy;
  readonly waitTimeoutMs: number;
}

/** Writes identity and configuration into a fresh (all-zero) buffer. */
export function writeHeader(header: Int32Array, config: RingHeaderConfig): void {
  header[HeaderWord.magic] = RING_MAGIC;
  header[HeaderWord.layoutVersion] = RING_LAYOUT_VERSION;
  header[HeaderWord.slotBytes] = RING_SLOT_BYTES;
  header[HeaderWord.capacity] = config.capacity;
  header[HeaderWord.headerBytes] = RING_HEADER_BYTES;
  header[HeaderWord.overflowPolicy] = OverflowPolicyCode[config.overflow];
  header[HeaderWord.waitTimeoutMs] = config.waitTimeoutMs;
}

function foreign(buffer: { byteLength: number }, reason: string): RingError {
  return new RingError(
    'RING_FOREIGN_BUFFER',
    `cannot attach to a ${buffer.byteLength}-byte buffer: ${reason}. Pass the \`buffer\` of a ring made by ` +
      'SpscRing.create() (tickwire ring layout).',
  );
}

/** Checks that `buffer` holds a ring of this layout version and returns its configuration; throws otherwise. */
export function readHeader(buffer: unknown): RingHeaderConfig {
  if (!(buffer instanceof SharedArrayBuffer)) {
    const kind = buffer instanceof ArrayBuffer ? 'an ArrayBuffer' : typeof buffer;
    throw new RingError(
      'RING_FOREIGN_BUFFER',
      `cannot attach to ${kind}: a ring lives in a SharedArrayBuffer, so that two threads see the same memory. ` +
        'Pass `ring.buffer` from SpscRing.create(), e.g. through workerData.',
    );
  }
  if (buffer.byteLength < RING_HEADER_BYTES) {
    throw foreign(buffer, `it is shorter than the ${RING_HEADER_BYTES}-byte ring header`);
  }
  const header = new Int32Array(buffer, 0, RING_HEADER_BYTES / 4);
  const magic = header[HeaderWord.magic]! >>> 0;
  if (magic !== RING_MAGIC) {
    throw foreign(
      buffer,
      `its first word is 0x${magic.toString(16).padStart(8, '0')}, not the ring magic 0x${RING_MAGIC.toString(16)}`,
    );
  }
  const version = header[HeaderWord.layoutVersion]!;
  const slotBytes = header[HeaderWord.slotBytes]!;
  const headerBytes = header[HeaderWord.headerBytes]!;
  if (version !== RING_LAYOUT_VERSION || slotBytes !== RING_SLOT_BYTES || headerBytes !== RING_HEADER_BYTES) {
    throw new RingError(
      'RING_LAYOUT_MISMATCH',
      `the buffer holds a ring of layout version ${version} (${slotBytes}-byte slots, ${headerBytes}-byte header), ` +
        `but this @tickwire/core reads layout version ${RING_LAYOUT_VERSION} (${RING_SLOT_BYTES}-byte slots, ` +
        `${RING_HEADER_BYTES}-byte header). Create and attach the ring with the same @tickwire/core version.`,
    );
  }
  const capacity = header[HeaderWord.capacity]!;
  try {
    validateCapacity(capacity);
  } catch {
    throw foreign(buffer, `its header claims a capacity of ${capacity} slots, which no ring can have`);
  }
  const expectedBytes = RING_HEADER_BYTES + capacity * RING_SLOT_BYTES;
  if (buffer.byteLength !== expectedBytes) {
    throw foreign(buffer, `a ring of ${capacity} slots takes exactly ${expectedBytes} bytes`);
  }
  const policyCode = header[HeaderWord.overflowPolicy];
  const overflow = (Object.keys(OverflowPolicyCode) as RingOverflowPolicy[]).find(
    (name) => OverflowPolicyCode[name] === policyCode,
  );
  if (overflow === undefined) throw foreign(buffer, `its overflow policy code ${String(policyCode)} is unknown`);
  return { capacity, overflow, waitTimeoutMs: header[HeaderWord.waitTimeoutMs]! };
}
