import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { RingRecordHandler, SpscRing } from './spsc-ring';

/** Options shared by the consumer loops. */
export interface RingConsumeOptions {
  /** Most records handed to the handler per poll (and released together); default 256. */
  readonly maxBatch?: number;
  /**
   * Asked whenever the ring is found empty (and, for the waiting loops, at least every `idleCheckMs`); return
   * true to leave the loop before the ring is closed. Without it the loop runs until the ring is closed and
   * drained.
   */
  readonly shouldStop?: () => boolean;
  /** Longest single wait of the blocking loops before `shouldStop` is asked again; default 100 ms. */
  readonly idleCheckMs?: number;
}

const DEFAULT_MAX_BATCH = 256;
const DEFAULT_IDLE_CHECK_MS = 100;
// consumeAsync yields to the event loop after this many records even when data keeps coming, so timers and I/O
// on the consumer's thread are not starved.
const ASYNC_RECORDS_BETWEEN_YIELDS = 65_536;

/**
 * Consumes by busy-polling until the ring is closed and drained (or `shouldStop`), and returns the number of
 * records handled. Lowest latency, but it keeps one core busy: run it in a worker thread that has nothing else
 * to do, never on a thread with an event loop to serve.
 */
export function consumeSpinning(ring: SpscRing, handler: RingRecordHandler, options: RingConsumeOptions = {}): number {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const shouldStop = options.shouldStop;
  let total = 0;
  for (;;) {
    const handled = ring.poll(handler, maxBatch);
    if (handled > 0) {
      total += handled;
    } else if (ring.isDrained() || shouldStop?.() === true) {
      ring.publishReleases();
      return total;
    }
  }
}

/**
 * Consumes until the ring is closed and drained (or `shouldStop`), sleeping in `Atomics.wait` while it is empty;
 * returns the number of records handled. For worker threads: it blocks the calling thread.
 */
export function consumeBlocking(ring: SpscRing, handler: RingRecordHandler, options: RingConsumeOptions = {}): number {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const idleCheckMs = options.idleCheckMs ?? DEFAULT_IDLE_CHECK_MS;
  const shouldStop = options.shouldStop;
  let total = 0;
  for (;;) {
    const handled = ring.poll(handler, maxBatch);
    if (handled > 0) {
      total += handled;
      continue;
    }
    if (shouldStop?.() === true || ring.waitForData(idleCheckMs) === 'closed') {
      ring.publishReleases();
      return total;
    }
  }
}

/**
 * Consumes until the ring is closed and drained (or `shouldStop`), waiting with `Atomics.waitAsync` while it is
 * empty, so the thread's event loop keeps running; resolves to the number of records handled. The blocking
 * consumer for the main thread.
 */
export async function consumeAsync(
  ring: SpscRing,
  handler: RingRecordHandler,
  options: RingConsumeOptions = {},
): Promise<number> {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const idleCheckMs = options.idleCheckMs ?? DEFAULT_IDLE_CHECK_MS;
  const shouldStop = options.shouldStop;
  let total = 0;
  let sinceYield = 0;
  for (;;) {
    const handled = ring.poll(handler, maxBatch);
    if (handled > 0) {
      total += handled;
      sinceYield += handled;
      if (sinceYield >= ASYNC_RECORDS_BETWEEN_YIELDS) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
      continue;
    }
    sinceYield = 0;
    if (shouldStop?.() === true || (await ring.waitForDataAsync(idleCheckMs)) === 'closed') {
      ring.publishReleases();
      return total;
    }
  }
}
