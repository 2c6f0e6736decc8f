// Commits sequenced records `gapMs` apart, then pauses `pauseMs`, commits one last record and closes the ring: a
// steady feed that then goes quiet, for the blocking consumer's adaptive busy-poll.
import { workerData } from 'node:worker_threads';
import { SpscRing } from '../spsc-ring';
import { publishSequencedRecord } from './sequenced-records';

export interface PacedProducerData {
  readonly ringBuffer: SharedArrayBuffer;
  readonly records: number;
  readonly gapMs: number;
  readonly pauseMs: number;
}

const data = workerData as PacedProducerData;
const ring = SpscRing.attach(data.ringBuffer);
const nap = new Int32Array(new SharedArrayBuffer(4));
for (let sequence = 0; sequence < data.records; sequence++) {
  Atomics.wait(nap, 0, 0, data.gapMs);
  publishSequencedRecord(ring, sequence);
}
Atomics.wait(nap, 0, 0, data.pauseMs);
publishSequencedRecord(ring, data.records);
ring.close();
