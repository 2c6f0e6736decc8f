// One clock for three threads. Each worker's `performance.now()` counts from that worker's own start (its own
// timeOrigin), all on the same monotonic source (libuv's hrtime, CLOCK_MONOTONIC on Linux). So the threads differ by
// a constant, which this module measures by ping-pong through shared memory, NTP-style: the main thread notes t0,
// raises a ping, the worker answers with its own time t1, the main thread notes t3. The round with the shortest
// round trip gives offset = t1 - (t0 + t3) / 2, wrong by at most half that round trip.
//
// Why not `performance.timeOrigin + performance.now()` directly: each thread's timeOrigin ties its hrtime zero to
// a wall-clock reading taken at a different moment, so two threads' sums disagree by whatever the wall clock did
// meanwhile; the calibration reports by how much (timeOriginDisagreementUs).

// Int32 word 0: 0 idle, 2r+1 ping of round r, 2r+2 its answer, DONE when the main thread has finished.
const STATE_WORD = 0;
const DONE = -1;
// Float64 slots (the first 8 bytes hold the state word).
const ANSWER_SLOT = 1;
const OFFSET_SLOT = 2;
const ERROR_SLOT = 3;
const WORKER_TIME_ORIGIN_SLOT = 4;
const MAIN_TIME_ORIGIN_SLOT = 5;
const BYTES = 6 * 8;

/** How one worker's `performance.now()` relates to the main thread's. */
export interface ClockCalibration {
  /** Worker clock minus main clock, ms: main time = worker `performance.now()` - offsetMs. */
  readonly offsetMs: number;
  /** Half the shortest round trip: the offset is exact to within this, in microseconds. */
  readonly errorUs: number;
  /**
   * How far the two threads' `performance.timeOrigin + performance.now()` disagree at the same instant, in
   * microseconds (worker minus main): the error that naive cross-thread clock would have had.
   */
  readonly timeOriginDisagreementUs: number;
}

/** The shared memory of one main-thread/worker calibration. */
export function createCalibrationBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(BYTES);
}

/**
 * Worker side: answers every ping until the main thread is done, then returns the calibration it measured.
 * Blocks the worker's thread meanwhile; sleep until the first ping, spin from then on (the pings come back to back).
 */
export function answerClockPings(buffer: SharedArrayBuffer): ClockCalibration {
  const state = new Int32Array(buffer);
  const slots = new Float64Array(buffer);
  slots[WORKER_TIME_ORIGIN_SLOT] = performance.timeOrigin;
  Atomics.wait(state, STATE_WORD, 0, 60_000);
  let answered = 0;
  for (;;) {
    const value = Atomics.load(state, STATE_WORD);
    if (value === DONE) break;
    if (value !== answered && (value & 1) === 1) {
      slots[ANSWER_SLOT] = performance.now();
      answered = value + 1;
      Atomics.store(state, STATE_WORD, answered);
    }
  }
  const offsetMs = slots[OFFSET_SLOT]!;
  return {
    offsetMs,
    errorUs: slots[ERROR_SLOT]!,
    timeOriginDisagreementUs: (performance.timeOrigin - slots[MAIN_TIME_ORIGIN_SLOT]! + offsetMs) * 1000,
  };
}

/**
 * Main side: pings the worker `rounds` times (the worker must be inside {@link answerClockPings}), keeps the
 * round with the shortest round trip, and hands the result to the worker too. Spins the main thread meanwhile.
 * Throws if the worker does not answer within `timeoutMs`.
 */
export function measureClockOffset(buffer: SharedArrayBuffer, rounds = 2000, timeoutMs = 10_000): ClockCalibration {
  const state = new Int32Array(buffer);
  const slots = new Float64Array(buffer);
  const deadline = performance.now() + timeoutMs;
  let bestRoundTrip = Number.POSITIVE_INFINITY;
  let bestOffset = 0;
  for (let round = 0; round < rounds; round++) {
    const ping = 2 * round + 1;
    const t0 = performance.now();
    Atomics.store(state, STATE_WORD, ping);
    if (round === 0) Atomics.notify(state, STATE_WORD);
    let t3 = t0;
    while (Atomics.load(state, STATE_WORD) !== ping + 1) {
      t3 = performance.now();
      if (t3 > deadline) {
        throw new Error(
          `clock calibration: the worker answered ${round} of ${rounds} pings in ${timeoutMs} ms; ` +
            'it must call answerClockPings() right after it reports ready (is the machine overloaded?).',
        );
      }
    }
    t3 = performance.now();
    const roundTrip = t3 - t0;
    if (roundTrip < bestRoundTrip) {
      bestRoundTrip = roundTrip;
      bestOffset = slots[ANSWER_SLOT]! - (t0 + t3) / 2;
    }
  }
  const workerTimeOrigin = slots[WORKER_TIME_ORIGIN_SLOT]!;
  slots[OFFSET_SLOT] = bestOffset;
  slots[ERROR_SLOT] = (bestRoundTrip / 2) * 1000;
  slots[MAIN_TIME_ORIGIN_SLOT] = performance.timeOrigin;
  Atomics.store(state, STATE_WORD, DONE);
  return {
    offsetMs: bestOffset,
    errorUs: (bestRoundTrip / 2) * 1000,
    timeOriginDisagreementUs: (workerTimeOrigin - performance.timeOrigin + bestOffset) * 1000,
  };
}
