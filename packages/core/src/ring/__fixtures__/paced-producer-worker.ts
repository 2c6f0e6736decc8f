// Commits sequenced records `gapMs` apart, then pauses `pauseMs`, commits one last record and closes the ring: a
// steady feed that then goes quiet, for the blocking consumer's adaptive busy-poll.
import { workerData } from 'node:worker_threads';
import { SpscRing } from '../spsc-ring';
import { writeSequencedRecord } from './sequenced-records';

export interface PacedProducerData {
  readonly ringBuffer: SharedArrayBuffer;
  readonly records: number;
  readonly gapMs: number;
  readonly pauseMs: number;
}

const data = workerData as PacedProducerData;
const ring = SpscRing.attach(data.ringBuffer);
const nap = new Int32Array(new SharedArrayBuffer(4));
const publish = (sequence: number): void => {
  const offset = ring.claim();
  writeSequencedRecord(ring.uint32, offset >> 2, sequence);
  ring.commit();
};
for (let sequence = 0; sequence < data.records; sequence++) {
  Atomics.wait(nap, 0, 0, data.gapMs);
  publish(sequence);
}
Atomics.wait(nap, 0, 0, data.pauseMs);
publish(data.records);
ring.close();
