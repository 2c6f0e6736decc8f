import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { busyPollSpinsFor } from './busy-poll-calibration';
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
  /**
   * `consumeBlocking` only: how long, in microseconds, it keeps checking an empty ring before it sleeps in
   * `Atomics.wait`; default {@link DEFAULT_BUSY_POLL_US}. Waking a sleeping thread costs tens of microseconds
   * on bare metal and 100 us or more on a virtual machine, so a window longer than the gaps between a feed's
   * bursts keeps the consumer awake (and its core busy) while ticks flow, and lets it sleep once the feed goes
   * quiet. 0 sleeps as soon as the ring is empty (after a few microseconds of re-checks). At most 1 s.
   */
  readonly busyPollUs?: number;
}

/**
 * Default busy-poll window of `consumeBlocking`, in microseconds: longer than the gaps inside a busy feed (a few
 * milliseconds between bursts), so a consumer sleeps only when the feed has gone quiet.
 */
export const DEFAULT_BUSY_POLL_US = 5_000;

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
 * Consumes until the ring is closed and drained (or `shouldStop`); when the ring is empty it busy-polls for
 * `busyPollUs` (default {@link DEFAULT_BUSY_POLL_US}), then sleeps in `Atomics.wait` until the producer commits.
 * Returns the number of records handled. For worker threads: it blocks the calling thread.
 */
export function consumeBlocking(ring: SpscRing, handler: RingRecordHandler, options: RingConsumeOptions = {}): number {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const idleCheckMs = options.idleCheckMs ?? DEFAULT_IDLE_CHECK_MS;
  const busyPollSpins = busyPollSpinsFor(options.busyPollUs ?? DEFAULT_BUSY_POLL_US);
  const shouldStop = options.shouldStop;
  let total = 0;
  for (;;) {
    const handled = ring.poll(handler, maxBatch);
    if (handled > 0) {
      total += handled;
      continue;
    }
    if (shouldStop?.() === true || ring.waitForData(idleCheckMs, busyPollSpins) === 'closed') {
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
