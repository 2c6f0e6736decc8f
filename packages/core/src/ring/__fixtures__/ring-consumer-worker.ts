import { parentPort, workerData } from 'node:worker_threads';
import { consumeBlocking, consumeSpinning } from '../ring-consumer-loops';
import { SpscRing } from '../spsc-ring';
import { type ConsumerWorkerData, createRecordChecker } from './sequenced-records';

const data = workerData as ConsumerWorkerData;
const ring = SpscRing.attach(data.ringBuffer);
const control = new Int32Array(data.controlBuffer);
const checker = createRecordChecker(ring.uint32, new Uint8Array(data.seenBitmap), data.workPerRecord);

Atomics.store(control, 0, 1);
Atomics.notify(control, 0);
if (data.mode === 'spin') consumeSpinning(ring, checker.handler);
else {
  consumeBlocking(ring, checker.handler, {
    ...(data.idleCheckMs === undefined ? {} : { idleCheckMs: data.idleCheckMs }),
    ...(data.busyPollUs === undefined ? {} : { busyPollUs: data.busyPollUs }),
  });
}
parentPort?.postMessage({ ...checker.result(), sleeps: ring.consumerSleeps });
