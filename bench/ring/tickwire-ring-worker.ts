// One side of the tickwire ring benchmark. The producer writes each record's words straight into the claimed
// slot (no staging copy); the consumer checks the sequence word in place through poll().
import { workerData } from 'node:worker_threads';
import { SpscRing } from '../../packages/core/src/ring/index';
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
const ring = SpscRing.attach(data.ringBuffer);
const control = new Int32Array(data.controlBuffer);
const batchSize = data.batchSize;

function refused(sequence: number): Error {
  return new Error(`record ${sequence} refused: ${JSON.stringify(ring.stats())}`);
}

/** Publishes records from `sequence` up to `end` with claim()/commit(). */
function publishOneAtATime(sequence: number, end: number): void {
  const words = ring.uint32;
  for (; sequence < end; sequence++) {
    const offset = ring.claim();
    if (offset < 0) throw refused(sequence);
    writeRecord(words, offset >> 2, sequence);
    ring.commit();
  }
}

/** Publishes records from `sequence` up to `end` with claimBatch()/commitBatch(). */
function publishBatches(sequence: number, end: number): void {
  const words = ring.uint32;
  for (; sequence < end; sequence += batchSize) {
    if (ring.claimBatch(batchSize) !== batchSize) throw refused(sequence);
    // The claim is at most two contiguous runs: up to the end of the slot region, then from its start.
    const contiguous = Math.min(batchSize, ring.contiguousClaimable());
    let word = ring.claimedOffset(0) >> 2;
    for (let index = 0; index < contiguous; index++, word += RECORD_WORDS) writeRecord(words, word, sequence + index);
    word = 0;
    for (let index = contiguous; index < batchSize; index++, word += RECORD_WORDS) {
      writeRecord(words, word, sequence + index);
    }
    ring.commitBatch(batchSize);
  }
}

function produce(): MeasuredWindow {
  let sequence = 0;
  let startMs = 0;
  let startRecord = 0;
  while (Atomics.load(control, ControlWord.stop) === 0) {
    if (batchSize === 1) publishOneAtATime(sequence, sequence + RECORDS_BETWEEN_CHECKS);
    else publishBatches(sequence, sequence + RECORDS_BETWEEN_CHECKS);
    sequence += RECORDS_BETWEEN_CHECKS;
    if (startMs === 0 && sequence >= data.warmupRecords) {
      startMs = performance.now();
      startRecord = sequence;
    }
  }
  const endMs = performance.now();
  ring.close();
  Atomics.store(control, ControlWord.producerDone, 1);
  return { records: sequence - startRecord, startMs, endMs, sequenceErrors: 0 };
}

function consume(): MeasuredWindow {
  const words = ring.uint32;
  const window = new ConsumerWindow(control, data.warmupRecords, data.measureMs);
  let expected = 0;
  let sequenceErrors = 0;
  const handler = (_view: DataView, byteOffset: number): void => {
    if (words[byteOffset >> 2] !== expected) sequenceErrors++;
    expected++;
  };
  while (!window.closedAfter(expected)) ring.poll(handler, batchSize);
  // Outside the window: drain until the producer has seen the stop word.
  while (Atomics.load(control, ControlWord.producerDone) === 0 || ring.available() > 0) ring.poll(handler);
  return window.result(sequenceErrors);
}

const gc = new GcCounter();
signalReadyAndWaitForGo(control);
await reportRun(data.role, data.role === 'producer' ? produce() : consume(), gc);
