import { TickwireError } from '../errors';
import { TICK_FORMAT_VERSION, TICK_OFFSET_SOURCE, TICK_OFFSET_SYMBOL_ID, TICK_RECORD_SIZE } from '../tick/tick-layout';
import { BRIDGE_PROTOCOL_VERSION, TICK_BATCH_HEADER_SIZE } from './bridge-protocol';
import { PayloadSlabs } from './payload-slabs';
import { tickTopic, writeTickBatchHeader } from './tick-batch-header';

const recordWords = TICK_RECORD_SIZE / 4;
const recordLanes = TICK_RECORD_SIZE / 8;
/** Typed-array words are in host order; the header is little-endian, so word writes need a little-endian host. */
const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Header bytes 0..3: protocol version, header size, record size, tick format version. */
const headerWord0 =
  BRIDGE_PROTOCOL_VERSION | (TICK_BATCH_HEADER_SIZE << 8) | (TICK_RECORD_SIZE << 16) | (TICK_FORMAT_VERSION << 24);
const headerLanes = TICK_BATCH_HEADER_SIZE / 8;
const symbolIdWord = TICK_OFFSET_SYMBOL_ID / 4;
/** The word holding `source` (its low byte, little-endian). */
const sourceWord = TICK_OFFSET_SOURCE / 4;
/** Payload buffers are carved from slabs of at least this size: one allocation serves many batches. */
const slabBytes = 1024 * 1024;
/**
 * Unused slabs kept for reuse. A garbage collection frees many payloads at once (tens of MiB in a burst); slabs
 * beyond this many go back to the system and their successors pay a page fault per 4 KiB on first write, which
 * costs more than copying the records into them.
 */
const maxFreeSlabs = 64;
/** Small calls read the clock once per this many calls (see `clock`). */
const clockEvery = 16;

/** Where full or expired batches go: one call per batch, with its topic and a payload nobody writes to again. */
export type TickBatchSink = (topic: Buffer, payload: Uint8Array, count: number) => void;

/** How a {@link TickBatcher} cuts batches. */
export interface TickBatcherOptions {
  /** A batch is sent as soon as it holds this many records (1 to 65536). */
  readonly maxBatchRecords: number;
  /**
   * A batch is sent once its oldest record waited this long. 0 sends every batch at the end of the
   * {@link TickBatcher.add} call that filled it. Checked on every `add` and by a timer, whose resolution is ~1 ms.
   */
  readonly maxBatchDelayMicros: number;
  /** Written into every batch header so subscribers notice a restarted bridge. */
  readonly sessionId: number;
  readonly sink: TickBatchSink;
  /** Clock in milliseconds with sub-millisecond precision; `performance.now` unless a test injects one. */
  readonly nowMs?: () => number;
}

/** The pending batch of one (source, symbol) topic. Kept for the life of the batcher, so lookups allocate nothing. */
interface TopicBatch {
  readonly topic: Buffer;
  readonly source: number;
  /** The symbol id as int32, as the records hold it. */
  readonly symbolId: number;
  /** Header plus room for `maxBatchRecords` records, in a slab; null between batches. Never written once sent. */
  words: Int32Array | null;
  /** The same memory as 64-bit lanes: a record is copied as four lanes, about half the cost of eight words. */
  lanes: BigInt64Array | null;
  count: number;
  /** Lane index in `lanes` where the next record goes. */
  writeAt: number;
  /**
   * The batch whose record followed one of this batch's last time the topic changed: a feed repeats its symbol
   * order, so this is the first guess before the map lookup.
   */
  successor: TopicBatch | undefined;
  startedAtMs: number;
  batchSequence: number;
  /** Bumped on every send, so stale entries of the pending queue are recognised and skipped. */
  generation: number;
}

/**
 * Groups tick records into per-(source, symbol) batches, because the PUB topic names one source and symbol and
 * subscribers filter by topic prefix.
 *
 * zeromq.js sends buffers above 128 bytes without copying, so a payload handed to the socket is never written again
 * while anyone can still read it; {@link PayloadSlabs} carves payloads from 1 MiB slabs and recycles a slab only
 * after all its payloads were collected. That makes three small views per batch (words for the header, lanes for
 * the records, the payload) and no allocation per tick.
 */
export class TickBatcher {
  private readonly maxRecords: number;
  private readonly maxDelayMs: number;
  private readonly sessionId: number;
  private readonly sink: TickBatchSink;
  private readonly nowMs: () => number;
  /** Indexed by source id; each maps the symbol id (as int32) to its batch. */
  private readonly bySource: (Map<number, TopicBatch> | undefined)[] = new Array(256);
  /** The batch of the last record placed. */
  private lastBatch: TopicBatch | undefined;
  private readonly slabs = new PayloadSlabs(slabBytes, maxFreeSlabs);
  /** Batches holding records, oldest first; an entry is live while its generation matches the batch's. */
  private pendingQueue: TopicBatch[] = [];
  private pendingGenerations: number[] = [];
  private pendingHead = 0;
  private pendingRecordCount = 0;
  private timer: NodeJS.Timeout | null = null;
  private alignedScratch: BigInt64Array<ArrayBufferLike> = new BigInt64Array(0);
  private inputBuffer: ArrayBufferLike | null = null;
  private callsSinceClock = 0;
  private lastNowMs = 0;
  private inputWords: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private inputLanes: BigInt64Array<ArrayBufferLike> = new BigInt64Array(0);
  private closed = false;

  constructor(options: TickBatcherOptions) {
    if (!Number.isInteger(options.maxBatchRecords) || options.maxBatchRecords < 1 || options.maxBatchRecords > 65536) {
      throw new TickwireError({
        code: 'INVALID_ARGUMENT',
        message: `maxBatchRecords must be an integer from 1 to 65536; got ${options.maxBatchRecords}. Use 256 for throughput, 1 for the lowest latency.`,
      });
    }
    if (!Number.isFinite(options.maxBatchDelayMicros) || options.maxBatchDelayMicros < 0) {
      throw new TickwireError({
        code: 'INVALID_ARGUMENT',
        message: `maxBatchDelayMicros must be a finite number >= 0; got ${options.maxBatchDelayMicros}. Use 0 to send at the end of every publishTicks call.`,
      });
    }
    this.maxRecords = options.maxBatchRecords;
    this.maxDelayMs = options.maxBatchDelayMicros / 1000;
    this.sessionId = options.sessionId;
    this.sink = options.sink;
    this.nowMs = options.nowMs ?? (() => performance.now());
  }

  /** Payload slabs allocated and recycled so far. */
  get slabCounts(): { readonly allocated: number; readonly recycled: number } {
    return { allocated: this.slabs.allocated, recycled: this.slabs.recycled };
  }

  /** Records waiting in partial batches. */
  get pendingRecords(): number {
    return this.pendingRecordCount;
  }

  /**
   * Adds `count` consecutive 32-byte records from `records`. Full batches are sent during the call; with a zero
   * delay every partial batch is sent before it returns.
   *
   * @throws TickwireError (`INVALID_ARGUMENT`) when `records` holds fewer than `count * 32` bytes.
   */
  add(records: Uint8Array, count: number): void {
    this.assertOpen();
    if (!Number.isInteger(count) || count < 0 || records.byteLength < count * TICK_RECORD_SIZE) {
      throw new TickwireError({
        code: 'INVALID_ARGUMENT',
        message: `publishTicks got count ${count} but ${records.byteLength} bytes; it needs count * 32 bytes of tick records.`,
      });
    }
    if (count === 0) return;
    const from = this.viewInput(records, count);
    const now = this.clock(count);
    this.placeRun(from, count, now);
    this.pendingRecordCount += count;
    this.afterAdd(now);
  }

  /**
   * Adds the one record at `byteOffset` of `bytes`, e.g. a ring slot. Allocates nothing while `bytes` stays the same
   * array (its views are kept), which is what a ring consumer handing over one tick at a time needs.
   *
   * @throws TickwireError (`INVALID_ARGUMENT`) when the record does not fit in `bytes`.
   */
  addOne(bytes: Uint8Array, byteOffset: number): void {
    this.assertOpen();
    if (!(byteOffset >= 0 && byteOffset + TICK_RECORD_SIZE <= bytes.byteLength)) {
      throw new TickwireError({
        code: 'INVALID_ARGUMENT',
        message: `publishTickAt got byte offset ${byteOffset} in ${bytes.byteLength} bytes; a 32-byte record must fit.`,
      });
    }
    let from: number;
    const absolute = bytes.byteOffset + byteOffset;
    if (absolute % 8 === 0) {
      if (bytes.buffer !== this.inputBuffer) this.viewWholeBuffer(bytes.buffer);
      from = absolute / 4;
    } else {
      from = this.viewInput(bytes.subarray(byteOffset, byteOffset + TICK_RECORD_SIZE), 1);
    }
    const now = this.clock(1);
    this.placeRun(from, 1, now);
    this.pendingRecordCount++;
    this.afterAdd(now);
  }

  /**
   * Copies `count` records starting at word `from` (even) of the input views into their topics' batches, sending
   * each batch when full. Most of the bridge's CPU time per tick is this loop, so its state lives in locals.
   */
  private placeRun(from: number, count: number, now: number): void {
    const input = this.inputWords;
    const lanes = this.inputLanes;
    const maxRecords = this.maxRecords;
    const end = from + count * recordWords;
    let batch = this.lastBatch;
    for (let at = from; at < end; at += recordWords) {
      const symbolId = input[at + symbolIdWord]!;
      const source = input[at + sourceWord]! & 0xff;
      if (batch === undefined || batch.symbolId !== symbolId || batch.source !== source) {
        // An interleaved feed changes topic on every record, in the same order each time: try the one that came
        // after this batch last time before the map lookup.
        const guess = batch?.successor;
        if (guess !== undefined && guess.symbolId === symbolId && guess.source === source) batch = guess;
        else {
          const found = this.batchOf(source, symbolId);
          if (batch !== undefined) batch.successor = found;
          batch = found;
        }
      }
      const target = batch.lanes ?? this.open(batch, now);
      const to = batch.writeAt;
      const lane = at >> 1;
      target[to] = lanes[lane]!;
      target[to + 1] = lanes[lane + 1]!;
      target[to + 2] = lanes[lane + 2]!;
      target[to + 3] = lanes[lane + 3]!;
      batch.writeAt = to + recordLanes;
      if (++batch.count === maxRecords) this.send(batch);
    }
    this.lastBatch = batch;
  }

  /**
   * The time for batch ages. Reading the clock costs about as much as placing a record, so calls of few records
   * read it only every {@link clockEvery}-th call; batch ages are then late by at most that many calls.
   */
  private clock(count: number): number {
    if (count >= clockEvery || ++this.callsSinceClock >= clockEvery) {
      this.callsSinceClock = 0;
      this.lastNowMs = this.nowMs();
    }
    return this.lastNowMs;
  }

  private afterAdd(now: number): void {
    if (this.maxDelayMs === 0) this.flush();
    else {
      this.flushExpired(now);
      this.armTimer(now);
    }
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new TickwireError({
        code: 'INVALID_STATE',
        message: 'publishTicks was called after the bridge stopped. Start a new bridge to publish again.',
      });
    }
  }

  /** Sends every partial batch now. Call it when the source has nothing more for the moment (e.g. the ring is empty). */
  flush(): void {
    while (this.pendingHead < this.pendingQueue.length) this.sendHead();
    this.resetQueue();
  }

  /** Sends what is pending and refuses further records. */
  close(): void {
    this.flush();
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private flushExpired(now: number): void {
    while (this.pendingHead < this.pendingQueue.length) {
      const batch = this.pendingQueue[this.pendingHead]!;
      const live = this.pendingGenerations[this.pendingHead] === batch.generation;
      if (live && now - batch.startedAtMs < this.maxDelayMs) break;
      this.sendHead();
    }
    if (this.pendingHead === this.pendingQueue.length) this.resetQueue();
    else if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pendingQueue.length) {
      this.pendingQueue = this.pendingQueue.slice(this.pendingHead);
      this.pendingGenerations = this.pendingGenerations.slice(this.pendingHead);
      this.pendingHead = 0;
    }
  }

  private sendHead(): void {
    const batch = this.pendingQueue[this.pendingHead]!;
    const live = this.pendingGenerations[this.pendingHead] === batch.generation;
    this.pendingHead++;
    if (live) this.send(batch);
  }

  private resetQueue(): void {
    this.pendingQueue.length = 0;
    this.pendingGenerations.length = 0;
    this.pendingHead = 0;
  }

  private armTimer(now: number): void {
    if (this.timer !== null || this.pendingHead === this.pendingQueue.length) return;
    const oldest = this.pendingQueue[this.pendingHead]!;
    const waitMs = Math.max(1, Math.ceil(oldest.startedAtMs + this.maxDelayMs - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      const fired = this.nowMs();
      this.flushExpired(fired);
      this.armTimer(fired);
    }, waitMs);
  }

  private open(batch: TopicBatch, now: number): BigInt64Array {
    const words = this.slabs.carve(TICK_BATCH_HEADER_SIZE + this.maxRecords * TICK_RECORD_SIZE);
    const lanes = new BigInt64Array(words.buffer, words.byteOffset, words.length >> 1);
    batch.words = words;
    batch.lanes = lanes;
    batch.writeAt = headerLanes;
    batch.startedAtMs = now;
    this.pendingQueue.push(batch);
    this.pendingGenerations.push(batch.generation);
    return lanes;
  }

  private send(batch: TopicBatch): void {
    const words = batch.words!;
    const count = batch.count;
    const used = TICK_BATCH_HEADER_SIZE + count * TICK_RECORD_SIZE;
    const payload = this.slabs.seal(words, used);
    if (littleEndianHost) {
      // The header of tick-batch-header.ts as four words: no DataView per batch.
      words[0] = headerWord0;
      words[1] = count;
      words[2] = this.sessionId | 0;
      words[3] = batch.batchSequence | 0;
    } else writeTickBatchHeader(payload, count, this.sessionId, batch.batchSequence);
    batch.batchSequence = (batch.batchSequence + 1) >>> 0;
    batch.words = null;
    batch.lanes = null;
    batch.count = 0;
    batch.generation++;
    this.pendingRecordCount -= count;
    this.sink(batch.topic, payload, count);
  }

  private batchOf(source: number, symbolId: number): TopicBatch {
    let symbols = this.bySource[source];
    if (symbols === undefined) {
      symbols = new Map();
      this.bySource[source] = symbols;
    }
    let batch = symbols.get(symbolId);
    if (batch === undefined) {
      batch = {
        topic: Buffer.from(tickTopic(source, symbolId)),
        source,
        symbolId,
        words: null,
        lanes: null,
        count: 0,
        writeAt: headerLanes,
        successor: undefined,
        startedAtMs: 0,
        batchSequence: 0,
        generation: 0,
      };
      symbols.set(symbolId, batch);
    }
    return batch;
  }

  /**
   * Points the input views at `records` and returns the word index of its first record. Views over the whole
   * buffer are kept and reused while callers pass records from the same buffer (a ring hands out slices of one
   * SharedArrayBuffer); input that is not 8-byte aligned (the lanes need it) is copied to scratch space first.
   */
  private viewInput(records: Uint8Array, count: number): number {
    if (records.byteOffset % 8 === 0) {
      if (records.buffer !== this.inputBuffer) this.viewWholeBuffer(records.buffer);
      return records.byteOffset / 4;
    }
    const laneCount = count * recordLanes;
    if (this.alignedScratch.length < laneCount) this.alignedScratch = new BigInt64Array(laneCount);
    new Uint8Array(this.alignedScratch.buffer).set(records.subarray(0, count * TICK_RECORD_SIZE));
    this.viewWholeBuffer(this.alignedScratch.buffer);
    return 0;
  }

  private viewWholeBuffer(buffer: ArrayBufferLike): void {
    this.inputBuffer = buffer;
    this.inputWords = new Int32Array(buffer, 0, Math.floor(buffer.byteLength / 4));
    this.inputLanes = new BigInt64Array(buffer, 0, Math.floor(buffer.byteLength / 8));
  }
}
