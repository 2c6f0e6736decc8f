import { parentPort, workerData } from 'node:worker_threads';
import { SpscRing } from '../spsc-ring';
import { type ProducerResult, type ProducerWorkerData, setBit, writeSequencedRecord } from './sequenced-records';

const data = workerData as ProducerWorkerData;
const ring = SpscRing.attach(data.ringBuffer);
const control = new Int32Array(data.controlBuffer);
const dropped = new Uint8Array(data.droppedBitmap);
const words = ring.uint32;

// Start only once the consumer runs, so a drop test measures a slow consumer, not a slow worker start.
while (Atomics.load(control, 0) === 0) Atomics.wait(control, 0, 0, 10_000);

let published = 0;
let refused = 0;
if (data.batchSize === 1) {
  for (let sequence = 0; sequence < data.records; sequence++) {
    const offset = ring.claim();
    if (offset < 0) {
      refused++;
      setBit(dropped, sequence);
      continue;
    }
    writeSequencedRecord(words, offset >> 2, sequence);
    ring.commit();
    published++;
  }
} else {
  for (let first = 0; first < data.records; first += data.batchSize) {
    const wanted = Math.min(data.batchSize, data.records - first);
    const granted = ring.claimBatch(wanted);
    for (let index = 0; index < granted; index++) {
      writeSequencedRecord(words, ring.claimedOffset(index) >> 2, first + index);
    }
    ring.commitBatch(granted);
    published += granted;
    for (let index = granted; index < wanted; index++) {
      refused++;
      setBit(dropped, first + index);
    }
  }
}
ring.close();
parentPort?.postMessage({ published, refused } satisfies ProducerResult);
