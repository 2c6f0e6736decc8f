import type { SpscRing } from '../spsc-ring';

// The test record: a sequence number plus words derived from it, so a consumer can tell a torn or stale slot
// (some words from one record, some from another) from a good one.

const MIX = 0x9e3779b1;

/** Writes the record for `sequence` into `words` at word index `at`. */
export function writeSequencedRecord(words: Uint32Array, at: number, sequence: number): void {
  words[at] = sequence;
  words[at + 1] = Math.imul(sequence, MIX);
  words[at + 2] = sequence ^ 0x5555_5555;
  words[at + 3] = sequence + 3;
  words[at + 4] = sequence + 4;
  words[at + 5] = sequence + 5;
  words[at + 6] = sequence ^ 0xaaaa_aaaa;
  words[at + 7] = ~sequence;
}

/** Claims one slot of `ring`, writes the record for `sequence` into it and commits it. */
export function publishSequencedRecord(ring: SpscRing, sequence: number): void {
  const offset = ring.claim();
  writeSequencedRecord(ring.uint32, offset >> 2, sequence);
  ring.commit();
}

/** Returns the record's sequence number, or -1 when its words do not belong to one record. */
export function readSequencedRecord(words: Uint32Array, at: number): number {
  const sequence = words[at]!;
  if (words[at + 1] !== Math.imul(sequence, MIX) >>> 0) return -1;
  if (words[at + 6] !== (sequence ^ 0xaaaa_aaaa) >>> 0) return -1;
  if (words[at + 7] !== ~sequence >>> 0) return -1;
  return sequence;
}

/** Sets bit `index` of a bitmap; returns whether it was already set. */
export function setBit(bitmap: Uint8Array, index: number): boolean {
  const byte = index >> 3;
  const mask = 1 << (index & 7);
  const wasSet = (bitmap[byte]! & mask) !== 0;
  bitmap[byte] = bitmap[byte]! | mask;
  return wasSet;
}

/** How the fixture workers are driven. */
export interface ProducerWorkerData {
  readonly ringBuffer: SharedArrayBuffer;
  /** Int32 word 0: set to 1 by the consumer when it is ready; the producer waits for it. */
  readonly controlBuffer: SharedArrayBuffer;
  readonly records: number;
  /** 1 publishes with claim()/commit(); more publishes with claimBatch(n)/commitBatch. */
  readonly batchSize: number;
  /** Bit per sequence number the ring refused. */
  readonly droppedBitmap: SharedArrayBuffer;
}

/** What the producer worker reports. */
export interface ProducerResult {
  readonly published: number;
  readonly refused: number;
}

export interface ConsumerWorkerData {
  readonly ringBuffer: SharedArrayBuffer;
  readonly controlBuffer: SharedArrayBuffer;
  readonly mode: 'spin' | 'block';
  /** Busy work per record, to make the consumer slower than the producer (drop tests). */
  readonly workPerRecord: number;
  /** Bit per sequence number consumed. */
  readonly seenBitmap: SharedArrayBuffer;
  /** Passed to consumeBlocking; Infinity makes a missed wake-up hang instead of being papered over by a timeout. */
  readonly idleCheckMs?: number;
  /** Passed to consumeBlocking. */
  readonly busyPollUs?: number;
}

/** What a consumer reports. */
export interface ConsumerResult {
  readonly consumed: number;
  /** Records whose words did not belong together. */
  readonly torn: number;
  /** Records whose sequence did not follow the previous one (gap, repeat or reorder). */
  readonly outOfOrder: number;
  /** Records whose sequence was not above the previous one (repeat or reorder). */
  readonly notIncreasing: number;
  /** Sequence numbers seen twice. */
  readonly duplicates: number;
  readonly lastSequence: number;
  /** Sink for the busy work, so it cannot be optimised away. */
  readonly workSink: number;
  /** Times the consumer slept in Atomics.wait (set by the consumer worker, not by the checker). */
  readonly sleeps?: number;
}

/** A consumer's checks, as a poll handler plus a result reader. Allocation-free per record. */
export function createRecordChecker(words: Uint32Array, seenBitmap: Uint8Array, workPerRecord: number) {
  let consumed = 0;
  let torn = 0;
  let outOfOrder = 0;
  let notIncreasing = 0;
  let duplicates = 0;
  let lastSequence = -1;
  let workSink = 0;
  const handler = (_view: DataView, byteOffset: number): void => {
    const sequence = readSequencedRecord(words, byteOffset >> 2);
    consumed++;
    for (let step = 0; step < workPerRecord; step++) workSink = (workSink + step * sequence) | 0;
    if (sequence < 0) {
      torn++;
      return;
    }
    if (sequence !== lastSequence + 1) outOfOrder++;
    if (sequence <= lastSequence) notIncreasing++;
    lastSequence = sequence;
    if (setBit(seenBitmap, sequence)) duplicates++;
  };
  const result = (): ConsumerResult => ({
    consumed,
    torn,
    outOfOrder,
    notIncreasing,
    duplicates,
    lastSequence,
    workSink,
  });
  return { handler, result };
}
