// The ring hand-off's own limit, for bench/store.bench.ts: a worker that takes the store's ring exactly as the store
// worker does (slices of at most a release run, waitForDataAsync when empty) and writes each readable slice of ring
// memory straight to one file with writeSync, in chunks of at most 64 KiB: no routing, no copy, no headers.
import { closeSync, openSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { SpscRing } from '../../packages/core/src/ring/index';

const CHUNK_RECORDS = 2048;
const RELEASE_RUN_SHIFT = 4;
const IDLE_WAIT_MS = 100;

const { ringBuffer, path } = workerData as { ringBuffer: SharedArrayBuffer; path: string };
const ring = SpscRing.attach(ringBuffer);
const fd = openSync(path, 'w');
const bytes = ring.bytes;
const slots = ring.capacity;
const slice = Math.min(CHUNK_RECORDS, Math.max(1, slots >> RELEASE_RUN_SHIFT));
let records = 0;
// Atomics.waitAsync holds no reference on the event loop: the port listener keeps the worker alive while it waits.
parentPort?.on('message', () => {});
parentPort?.postMessage({ type: 'ready' });
for (;;) {
  let available = ring.available();
  while (available > 0) {
    const first = ring.readOffset(0);
    const count = Math.min(available, slots - (first >> 5), slice);
    const length = count * 32;
    let written = 0;
    while (written < length) written += writeSync(fd, bytes, first + written, length - written);
    ring.release(count);
    records += count;
    available = ring.available();
  }
  if (ring.isDrained()) break;
  await ring.waitForDataAsync(IDLE_WAIT_MS);
}
closeSync(fd);
parentPort?.postMessage({ type: 'done', records });
parentPort?.close();
