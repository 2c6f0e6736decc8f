// The floor under any consumer that sleeps: how long this machine takes to wake a thread parked in Atomics.wait
// when another thread notifies it (futex wake, plus the scheduler and, on a virtual machine, the hypervisor waking
// an idle vCPU). The main thread stamps the clock and notifies once per millisecond, as the latency feed's bursts
// come; the worker records notify-to-running. Nothing else runs meanwhile.
import { once } from 'node:events';
import { spawnWorker } from '../../packages/core/src/threads/worker-launcher';
import type { LatencySummary } from './latency-histogram';
import { monotonicMs } from './thread-clock';

/** Int32 word the worker sleeps on; bumped once per wake. */
export const DOORBELL_WORD = 0;
/** Int32 word: -1 until the worker is up, 0 while running, 1 when the main thread is done. */
export const DONE_WORD = 1;
/** Float64 slot (bytes 8..15) holding the notify's monotonic stamp. */
export const STAMP_SLOT = 1;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Wakes a parked worker `wakes` times, `gapMs` apart, and returns the notify-to-running latency. */
export async function measureThreadWakeFloor(wakes: number, gapMs: number): Promise<LatencySummary> {
  const shared = new SharedArrayBuffer(16);
  const words = new Int32Array(shared);
  const stamps = new Float64Array(shared);
  words[DONE_WORD] = -1;
  const worker = spawnWorker(new URL('./thread-wake-worker.ts', import.meta.url), { workerData: shared });
  const summary = once(worker, 'message') as Promise<[LatencySummary]>;
  try {
    while (Atomics.load(words, DONE_WORD) !== 0) await sleep(1);
    // Let it settle into its first wait.
    await sleep(20);
    for (let wake = 0; wake < wakes; wake++) {
      await sleep(gapMs);
      stamps[STAMP_SLOT] = monotonicMs();
      Atomics.add(words, DOORBELL_WORD, 1);
      Atomics.notify(words, DOORBELL_WORD);
    }
    Atomics.store(words, DONE_WORD, 1);
    Atomics.add(words, DOORBELL_WORD, 1);
    Atomics.notify(words, DOORBELL_WORD);
    return (await summary)[0];
  } finally {
    await worker.terminate();
  }
}
