// What the ring benchmark's main thread and its two worker threads agree on.
import { parentPort } from 'node:worker_threads';
import type { GcCounter } from './gc-counter';

/** Which ring a worker drives. */
export type RingImplementation = 'tickwire' | 'ringbuf.js';

/** Sent to both workers of one run. */
export interface RingBenchWorkerData {
  readonly role: 'producer' | 'consumer';
  /** The ring's SharedArrayBuffer, created by the main thread. */
  readonly ringBuffer: SharedArrayBuffer;
  /** Int32 words, see {@link ControlWord}. */
  readonly controlBuffer: SharedArrayBuffer;
  /** Records per publish call, and at most that many per consume call. */
  readonly batchSize: number;
  /** Records passed before the measured window opens (JIT warm-up, first touch of the ring's pages). */
  readonly warmupRecords: number;
  /** Length of the consumer's measured window. */
  readonly measureMs: number;
  /** The TypeScript module the loader entry imports. */
  readonly fixtureUrl: string;
}

/** What each worker reports after its run. */
export interface RingBenchWorkerResult {
  readonly role: 'producer' | 'consumer';
  /** Records this worker passed inside its measured window. */
  readonly records: number;
  /** Milliseconds of the measured window, on this worker's clock. */
  readonly elapsedMs: number;
  /** GC events this thread saw in its measured window. */
  readonly gcEvents: number;
  /** Records whose sequence number was not the one expected (must be 0). */
  readonly sequenceErrors: number;
}

/** Word indices of the control buffer (Int32). */
export const ControlWord = {
  /** Each worker adds 1 once it is set up. */
  ready: 0,
  /** The main thread sets it to start both loops at once. */
  go: 1,
  /** The consumer sets it when its window closes; the producer stops at its next check. */
  stop: 2,
  /** The producer sets it after its last record; the consumer drains until then. */
  producerDone: 3,
} as const;

/** Int32 words in the control buffer. */
export const CONTROL_WORDS = 4;

/** Bytes per record, for both rings. */
export const RECORD_BYTES = 32;
/** 32-bit words per record. */
export const RECORD_WORDS = RECORD_BYTES / 4;

/**
 * Records between two looks at the clock (consumer) or at the stop word (producer): rare enough to cost nothing
 * per record, and the same for both rings.
 */
export const RECORDS_BETWEEN_CHECKS = 65_536;

/**
 * Writes one record's eight words, the same stores for both rings: tickwire writes them into the ring slot,
 * ringbuf.js into the producer's staging array that `push` then copies.
 */
export function writeRecord(words: Uint32Array, at: number, sequence: number): void {
  words[at] = sequence;
  words[at + 1] = sequence ^ 0x5555_5555;
  words[at + 2] = 2;
  words[at + 3] = 3;
  words[at + 4] = 4;
  words[at + 5] = 5;
  words[at + 6] = 6;
  words[at + 7] = ~sequence;
}

/** Tells the main thread this worker is set up, then blocks until the main thread starts the run. */
export function signalReadyAndWaitForGo(control: Int32Array): void {
  Atomics.add(control, ControlWord.ready, 1);
  Atomics.notify(control, ControlWord.ready);
  while (Atomics.load(control, ControlWord.go) === 0) Atomics.wait(control, ControlWord.go, 0, 1000);
}

/** The measured window of one worker's loop. */
export interface MeasuredWindow {
  readonly records: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly sequenceErrors: number;
}

/**
 * Tracks a consumer's measured window: opens it after the warm-up, closes it after `measureMs`, and then tells
 * the producer to stop. Looks at the clock only every {@link RECORDS_BETWEEN_CHECKS} records.
 */
export class ConsumerWindow {
  private nextCheck = RECORDS_BETWEEN_CHECKS;
  private startMs = 0;
  private startRecord = 0;
  private endMs = 0;
  private endRecord = 0;

  constructor(
    private readonly control: Int32Array,
    private readonly warmupRecords: number,
    private readonly measureMs: number,
  ) {}

  /** Call after each consume with the records consumed so far; returns true once the window has closed. */
  closedAfter(consumed: number): boolean {
    if (consumed < this.nextCheck) return false;
    this.nextCheck = consumed + RECORDS_BETWEEN_CHECKS;
    const now = performance.now();
    if (this.startMs === 0) {
      if (consumed >= this.warmupRecords) {
        this.startMs = now;
        this.startRecord = consumed;
      }
      return false;
    }
    if (now - this.startMs < this.measureMs) return false;
    this.endMs = now;
    this.endRecord = consumed;
    Atomics.store(this.control, ControlWord.stop, 1);
    return true;
  }

  /** The closed window. */
  result(sequenceErrors: number): MeasuredWindow {
    return { records: this.endRecord - this.startRecord, startMs: this.startMs, endMs: this.endMs, sequenceErrors };
  }
}

/** Counts the GC events inside the window (now that the loop has yielded) and posts the worker's result. */
export async function reportRun(
  role: RingBenchWorkerResult['role'],
  window: MeasuredWindow,
  gc: GcCounter,
): Promise<void> {
  const gcEvents = await gc.countIn(window.startMs, window.endMs);
  const result: RingBenchWorkerResult = {
    role,
    records: window.records,
    elapsedMs: window.endMs - window.startMs,
    gcEvents,
    sequenceErrors: window.sequenceErrors,
  };
  parentPort?.postMessage(result);
}
