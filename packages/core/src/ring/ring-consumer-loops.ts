import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { BusyPollWindow } from './busy-poll-window';
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
   * `Atomics.wait`, at first; default `DEFAULT_BUSY_POLL_US` (2 ms). Waking a sleeping thread costs tens of
   * microseconds on bare metal and 100 us to milliseconds on a virtual machine, so the window adapts to the feed:
   * each time a sleep is cut short by a commit (the ring was empty for less than 100 ms) the window doubles, up to
   * `maxBusyPollUs`, and a sleep that runs its full 100 ms (the feed went quiet) brings it back to `busyPollUs`.
   * A steady feed therefore keeps the consumer awake, and its core busy; a sparse or stopped one lets it sleep.
   * 0 sleeps as soon as the ring is empty (after a few microseconds of re-checks) and never adapts. At most 1 s.
   */
  readonly busyPollUs?: number;
  /**
   * `consumeBlocking` only: the longest the busy-poll window grows to, in microseconds; default
   * `DEFAULT_MAX_BUSY_POLL_US` (100 ms). Set it equal to `busyPollUs` for a fixed window. At most 1 s.
   */
  readonly maxBusyPollUs?: number;
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
 * Consumes until the ring is closed and drained (or `shouldStop`); when the ring is empty it busy-polls for a
 * window that adapts to the feed (see `busyPollUs`), then sleeps in `Atomics.wait` until the producer commits.
 * Returns the number of records handled. For worker threads: it blocks the calling thread.
 */
export function consumeBlocking(ring: SpscRing, handler: RingRecordHandler, options: RingConsumeOptions = {}): number {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const idleCheckMs = options.idleCheckMs ?? DEFAULT_IDLE_CHECK_MS;
  const window = new BusyPollWindow(ring, options.busyPollUs, options.maxBusyPollUs);
  const shouldStop = options.shouldStop;
  let total = 0;
  for (;;) {
    const handled = ring.poll(handler, maxBatch);
    if (handled > 0) {
      total += handled;
      continue;
    }
    if (shouldStop?.() === true || window.waitForData(idleCheckMs) === 'closed') {
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
