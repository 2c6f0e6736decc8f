// The wake-floor worker: sleeps in Atomics.wait on the doorbell word, and on each wake records how long ago the main
// thread stamped its notify; posts the histogram's summary when the main thread says it is done.
import { parentPort, workerData } from 'node:worker_threads';
import { LatencyHistogram, tenthsOfUs } from './latency-histogram';
import { monotonicMs } from './thread-clock';
import { DONE_WORD, DOORBELL_WORD, STAMP_SLOT } from './thread-wake-floor';

const words = new Int32Array(workerData as SharedArrayBuffer);
const stamps = new Float64Array(workerData as SharedArrayBuffer);
const wakes = new LatencyHistogram();
let seen = 0;
Atomics.store(words, DONE_WORD, 0);
Atomics.notify(words, DONE_WORD);
for (;;) {
  Atomics.wait(words, DOORBELL_WORD, seen);
  const nowMs = monotonicMs();
  seen = Atomics.load(words, DOORBELL_WORD);
  if (Atomics.load(words, DONE_WORD) === 1) break;
  wakes.recordTenthsOfUs(tenthsOfUs(nowMs - stamps[STAMP_SLOT]!));
}
parentPort?.postMessage(wakes.summary());
