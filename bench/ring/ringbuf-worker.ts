// One side of the ringbuf.js benchmark, given the best use of its API we found for fixed 32-byte records:
// a Uint32Array ring (eight elements per record, so its copy loop moves words, not bytes), a staging array of
// exactly one batch so `push` takes its `TypedArray.set` fast path, and `pop` into an array of one batch.
// Both sides only ever move whole records, so the free and readable counts stay multiples of eight and `push`
// / `pop` never split a record; the producer still loops on a partial push, as the API requires.
import { workerData } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';
import { GcCounter } from './gc-counter';
import {
  ConsumerWindow,
  ControlWord,
  type MeasuredWindow,
  RECORD_WORDS,
  RECORDS_BETWEEN_CHECKS,
  type RingBenchWorkerData,
  reportRun,
  signalReadyAndWaitForGo,
  writeRecord,
} from './ring-bench-protocol';

const data = workerData as RingBenchWorkerData;
// ringbuf.js types its constructor's second argument as an instance; it wants the constructor.
const ring = new RingBuffer(data.ringBuffer, Uint32Array as never);
const control = new Int32Array(data.controlBuffer);
const batchSize = data.batchSize;
const batchWords = batchSize * RECORD_WORDS;

/** Publishes records from `sequence` up to `end`, one batch per push. */
function publish(staging: Uint32Array, sequence: number, end: number): void {
  for (; sequence < end; sequence += batchSize) {
    for (let index = 0; index < batchSize; index++) writeRecord(staging, index * RECORD_WORDS, sequence + index);
    let written = 0;
    while (written < batchWords) written += ring.push(staging, batchWords - written, written);
  }
}

function produce(): MeasuredWindow {
  const staging = new Uint32Array(batchWords);
  let sequence = 0;
  let startMs = 0;
  let startRecord = 0;
  while (Atomics.load(control, ControlWord.stop) === 0) {
    publish(staging, sequence, sequence + RECORDS_BETWEEN_CHECKS);
    sequence += RECORDS_BETWEEN_CHECKS;
    if (startMs === 0 && sequence >= data.warmupRecords) {
      startMs = performance.now();
      startRecord = sequence;
    }
  }
  const endMs = performance.now();
  Atomics.store(control, ControlWord.producerDone, 1);
  return { records: sequence - startRecord, startMs, endMs, sequenceErrors: 0 };
}

function consume(): MeasuredWindow {
  const received = new Uint32Array(batchWords);
  const window = new ConsumerWindow(control, data.warmupRecords, data.measureMs);
  let expected = 0;
  let sequenceErrors = 0;
  const popAndCheck = (): void => {
    const words = ring.pop(received, batchWords);
    if (words % RECORD_WORDS !== 0) throw new Error(`pop returned ${words} words, not whole records`);
    for (let word = 0; word < words; word += RECORD_WORDS) {
      if (received[word] !== expected) sequenceErrors++;
      expected++;
    }
  };
  while (!window.closedAfter(expected)) popAndCheck();
  // Outside the window: drain until the producer has seen the stop word.
  while (Atomics.load(control, ControlWord.producerDone) === 0 || ring.availableRead() > 0) popAndCheck();
  return window.result(sequenceErrors);
}

const gc = new GcCounter();
signalReadyAndWaitForGo(control);
await reportRun(data.role, data.role === 'producer' ? produce() : consume(), gc);
