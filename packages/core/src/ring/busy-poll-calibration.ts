import { RingError } from './ring-error';
import { SpscRing } from './spsc-ring';

/** Longest busy-poll window a consumer may ask for: one second. Beyond that it is a spinning consumer. */
export const MAX_BUSY_POLL_US = 1_000_000;

// Spins timed per calibration trial (about half a millisecond on a 2020s x86 core), and trials run: the fastest
// counts, so JIT warm-up and a trial cut short by the scheduler do not shrink the window.
const CALIBRATION_SPINS = 20_000;
const CALIBRATION_TRIALS = 5;

// SpscRing.busyPoll spins per microsecond on this thread; 0 until first asked. Per thread because each worker
// has its own module instance, and its own JIT.
let spinsPerMicrosecond = 0;

/**
 * How many {@link SpscRing.busyPoll} spins take about `microseconds` on this thread: the number to pass to
 * `SpscRing.waitForData` so that a consumer keeps checking an empty ring for that long before it sleeps. Measured
 * once per thread, on first use, on a scratch ring (a few milliseconds, with clock reads that allocate; never
 * again after). A slowed thread spins for longer than asked, never shorter. 0 for 0.
 */
export function busyPollSpinsFor(microseconds: number): number {
  if (!Number.isFinite(microseconds) || microseconds < 0 || microseconds > MAX_BUSY_POLL_US) {
    throw new RingError(
      'RING_INVALID_OPTION',
      `busyPollUs ${String(microseconds)} is not a number of microseconds from 0 to ${MAX_BUSY_POLL_US}; use 0 to ` +
        'sleep as soon as the ring is empty, or consumeSpinning to never sleep.',
    );
  }
  if (microseconds === 0) return 0;
  if (spinsPerMicrosecond === 0) spinsPerMicrosecond = calibrate();
  return Math.max(1, Math.round(microseconds * spinsPerMicrosecond));
}

function calibrate(): number {
  const scratch = SpscRing.create({ capacity: 2 });
  let fastestMs = Number.POSITIVE_INFINITY;
  for (let trial = 0; trial < CALIBRATION_TRIALS; trial++) {
    const startMs = performance.now();
    scratch.busyPoll(CALIBRATION_SPINS);
    fastestMs = Math.min(fastestMs, performance.now() - startMs);
  }
  // A clock too coarse to see the trial (0 ms) would mean "infinitely fast": cap at one spin per nanosecond.
  return CALIBRATION_SPINS / Math.max(fastestMs * 1000, CALIBRATION_SPINS / 1000);
}
