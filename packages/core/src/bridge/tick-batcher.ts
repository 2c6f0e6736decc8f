import { TickwireError } from '../errors';
import { TICK_FORMAT_VERSION, TICK_OFFSET_SOURCE, TICK_OFFSET_SYMBOL_ID, TICK_RECORD_SIZE } from '../tick/tick-layout';
import { BRIDGE_PROTOCOL_VERSION, TICK_BATCH_HEADER_SIZE } from './bridge-protocol';
import { PayloadSlabs } from './payload-slabs';
import { tickTopic, writeTickBatchHeader } from './tick-batch-header';

const recordWords = TICK_RECORD_SIZE / 4;
/** Typed-array words are in host order; the header is little-endian, so word writes need a little-endian host. */
const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Header bytes 0..3: protocol version, header size, record size, tick format version. */
const headerWord0 =
  BRIDGE_PROTOCOL_VERSION | (TICK_BATCH_HEADER_SIZE << 8) | (TICK_RECORD_SIZE << 16) | (TICK_FORMAT_VERSION << 24);
const headerWords = TICK_BATCH_HEADER_SIZE / 4;
const symbolIdWord = TICK_OFFSET_SYMBOL_ID / 4;
/** The word holding `source` (its low byte, little-endian). */
const sourceWord = TICK_OFFSET_SOURCE / 4;
const cacheBits = 8;
const cacheShift = 32 - cacheBits;
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
  /** Header plus room for `maxBatchRecords` records, in a slab; null between batches. Never written once sent. */
  words: Int32Array | null;
  count: number;
  /** Word index in `words` where the next record goes. */
  writeAt: number;
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
 * after all its payloads were collected. That makes two small views per batch and no allocation per tick.
 */
export class TickBatcher {
  private readonly maxRecords: number;
  private readonly maxDelayMs: number;
  private readonly sessionId: number;
  private readonly sink: TickBatchSink;
  private readonly nowMs: () => number;
  /** Indexed by source id; each maps the symbol id (as int32) to its batch. */
  private readonly bySource: (Map<number, TopicBatch> | undefined)[] = new Array(256);
  private readonly cachedBatches: (TopicBatch | undefined)[] = new Array(1 << cacheBits);
  private readonly cachedSymbols = new Int32Array(1 << cacheBits);
  private readonly slabs = new PayloadSlabs(slabBytes, maxFreeSlabs);
  /** Batches holding records, oldest first; an entry is live while its generation matches the batch's. */
  private pendingQueue: TopicBatch[] = [];
  private pendingGenerations: number[] = [];
  private pendingHead = 0;
  private pendingRecordCount = 0;
  private timer: NodeJS.Timeout | null = null;
  private alignedScratch: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private inputArray: Uint8Array | null = null;
  private inputBuffer: ArrayBufferLike | null = null;
  private callsSinceClock = 0;
  private lastNowMs = 0;
  private inputWords: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private inputBase = 0;
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
    const input = this.wordsOf(records, count);
    const now = this.clock(count);
    this.placeRun(input, this.inputBase, count, now);
    this.pendingRecordCount += count;
    this.afterAdd(now);
  }

  /**
   * Adds the one record at `byteOffset` of `bytes`, e.g. a ring slot. Allocates nothing while `bytes` stays the same
   * array (its word view is kept), which is what a ring consumer handing over one tick at a time needs.
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
    let input: Int32Array<ArrayBufferLike>;
    let from: number;
    const absolute = bytes.byteOffset + byteOffset;
    if (absolute % 4 === 0) {
      if (bytes !== this.inputArray) {
        this.inputArray = bytes;
        this.inputBuffer = bytes.buffer;
        this.inputWords = new Int32Array(bytes.buffer, 0, Math.floor(bytes.buffer.byteLength / 4));
      }
      input = this.inputWords;
      from = absolute / 4;
    } else {
      input = this.wordsOf(bytes.subarray(byteOffset, byteOffset + TICK_RECORD_SIZE), 1);
      from = this.inputBase;
    }
    const now = this.clock(1);
    this.placeRun(input, from, 1, now);
    this.pendingRecordCount++;
    this.afterAdd(now);
  }

  /**
   * Copies `count` records starting at word `from` of `input` into their topics' batches, sending each batch when
   * full. Most of the bridge's CPU time per tick is this loop, so its state lives in locals.
   */
  private placeRun(input: Int32Array<ArrayBufferLike>, from: number, count: number, now: number): void {
    const cachedBatches = this.cachedBatches;
    const cachedSymbols = this.cachedSymbols;
    const maxRecords = this.maxRecords;
    const end = from + count * recordWords;
    for (let at = from; at < end; at += recordWords) {
      const symbolId = input[at + symbolIdWord]!;
      const source = input[at + sourceWord]! & 0xff;
      // A small direct-mapped cache in front of the maps: feeds interleave a handful of hot symbols.
      const slot = Math.imul(symbolId ^ (source << 24), 0x9e3779b1) >>> cacheShift;
      let batch = cachedBatches[slot];
      if (batch === undefined || cachedSymbols[slot] !== symbolId || batch.source !== source) {
        batch = this.batchOf(source, symbolId);
        cachedBatches[slot] = batch;
        cachedSymbols[slot] = symbolId;
      }
      const words = batch.words ?? this.open(batch, now);
      const to = batch.writeAt;
      words[to] = input[at]!;
      words[to + 1] = input[at + 1]!;
      words[to + 2] = input[at + 2]!;
      words[to + 3] = input[at + 3]!;
      words[to + 4] = input[at + 4]!;
      words[to + 5] = input[at + 5]!;
      words[to + 6] = input[at + 6]!;
      words[to + 7] = input[at + 7]!;
      batch.writeAt = to + recordWords;
      if (++batch.count === maxRecords) this.send(batch);
    }
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

  private open(batch: TopicBatch, now: number): Int32Array {
    const words = this.slabs.carve(TICK_BATCH_HEADER_SIZE + this.maxRecords * TICK_RECORD_SIZE);
    batch.words = words;
    batch.writeAt = headerWords;
    batch.startedAtMs = now;
    this.pendingQueue.push(batch);
    this.pendingGenerations.push(batch.generation);
    return words;
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
        words: null,
        count: 0,
        writeAt: headerWords,
        startedAtMs: 0,
        batchSequence: 0,
        generation: 0,
      };
      symbols.set(symbolId, batch);
    }
    return batch;
  }

  /**
   * An Int32Array holding the records from word {@link inputBase}. A view over the whole buffer is kept and reused
   * while callers pass records from the same buffer (the ring hands out one tick at a time from one
   * SharedArrayBuffer), so the one-record path allocates nothing. Unaligned input is copied to scratch space first.
   */
  private wordsOf(records: Uint8Array, count: number): Int32Array<ArrayBufferLike> {
    if (records.byteOffset % 4 === 0) {
      if (records.buffer !== this.inputBuffer) {
        this.inputArray = null;
        this.inputBuffer = records.buffer;
        this.inputWords = new Int32Array(records.buffer, 0, Math.floor(records.buffer.byteLength / 4));
      }
      this.inputBase = records.byteOffset / 4;
      return this.inputWords;
    }
    const wordCount = count * recordWords;
    if (this.alignedScratch.length < wordCount) this.alignedScratch = new Int32Array(wordCount);
    new Uint8Array(this.alignedScratch.buffer).set(records.subarray(0, count * TICK_RECORD_SIZE));
    this.inputBase = 0;
    return this.alignedScratch;
  }
}
