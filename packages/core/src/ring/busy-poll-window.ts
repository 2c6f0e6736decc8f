import { busyPollSpinsFor, MAX_BUSY_POLL_US } from './busy-poll-calibration';
import { RingError } from './ring-error';
import type { RingWaitResult, SpscRing } from './spsc-ring';

/** Default first busy-poll window of `consumeBlocking`, in microseconds: a few bursts' worth of a busy feed. */
export const DEFAULT_BUSY_POLL_US = 2_000;

/**
 * Default longest busy-poll window of `consumeBlocking`, in microseconds: the ring's sleep slice, so that a feed
 * whose gaps stay under it (a GC pause, a slow timer, a burst pattern) stops costing the consumer wake-ups.
 */
export const DEFAULT_MAX_BUSY_POLL_US = 100_000;

/**
 * The blocking consumer's busy-poll window, adapted to the feed without reading a clock: a sleep that a commit cut
 * short means the gap was shorter than the ring's 100 ms sleep slice, so the next window doubles (up to the
 * longest); a sleep that ran its whole slice means the feed went quiet, so the window drops back to the first.
 */
export class BusyPollWindow {
  private readonly firstSpins: number;
  private readonly longestSpins: number;
  private spins: number;

  constructor(
    private readonly ring: SpscRing,
    firstUs = DEFAULT_BUSY_POLL_US,
    longestUs = Math.max(firstUs, DEFAULT_MAX_BUSY_POLL_US),
  ) {
    if (!(longestUs >= firstUs) || longestUs > MAX_BUSY_POLL_US) {
      throw new RingError(
        'RING_INVALID_OPTION',
        `maxBusyPollUs ${String(longestUs)} is not from busyPollUs (${String(firstUs)}) to ${MAX_BUSY_POLL_US} ` +
          'microseconds; set it equal to busyPollUs for a fixed window.',
      );
    }
    this.firstSpins = busyPollSpinsFor(firstUs);
    this.longestSpins = busyPollSpinsFor(longestUs);
    this.spins = this.firstSpins;
  }

  /** The current window, in busy-poll spins. */
  get currentSpins(): number {
    return this.spins;
  }

  /** `ring.waitForData(timeoutMs)` with the current window, then adapts the window to how the wait went. */
  waitForData(timeoutMs: number): RingWaitResult {
    const ring = this.ring;
    const sleepsBefore = ring.consumerSleeps;
    const timedOutBefore = ring.consumerSleepsTimedOut;
    const result = ring.waitForData(timeoutMs, this.spins);
    if (ring.consumerSleepsTimedOut !== timedOutBefore) this.spins = this.firstSpins;
    else if (ring.consumerSleeps !== sleepsBefore) this.spins = Math.min(this.spins * 2, this.longestSpins);
    return result;
  }
}
