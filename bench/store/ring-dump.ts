// The ring hand-off's own limit (see ring-dump-worker.ts), timed like the store: from the first publish to the
// worker's last write.
import { once } from 'node:events';
import { join } from 'node:path';
import { SpscRing } from '../../packages/core/src/ring/spsc-ring';
import { spawnWorker } from '../../packages/core/src/threads/worker-launcher';
import { publishFeed } from './store-feed';

/** Publishes `feed` into a fresh ring of `slots` slots that a worker dumps to `directory`; returns ticks/s. */
export async function ringDumpRun(
  feed: Uint8Array,
  directory: string,
  slots: number,
  publishBatch: number,
): Promise<number> {
  const ring = SpscRing.create({ capacity: slots, waitTimeoutMs: 60_000 });
  const worker = spawnWorker(new URL('./ring-dump-worker.ts', import.meta.url), {
    workerData: { ringBuffer: ring.buffer, path: join(directory, 'ring-dump.bin') },
  });
  try {
    await once(worker, 'message');
    const done = once(worker, 'message') as Promise<[{ records: number }]>;
    const startedAt = performance.now();
    const published = publishFeed(ring, feed, publishBatch);
    ring.close();
    const [{ records }] = await done;
    const elapsedMs = performance.now() - startedAt;
    if (records !== published || published !== feed.length / 32) {
      throw new Error(`ring dump lost ticks: published ${published}, written ${records}`);
    }
    return (records / elapsedMs) * 1000;
  } finally {
    await worker.terminate();
  }
}
