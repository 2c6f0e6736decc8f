// The benchmark's clock, read on three threads: libuv's hrtime (CLOCK_MONOTONIC on Linux) through
// `process.hrtime()`, one process-wide clock with no origin to agree on. `performance.now()` reads the same source
// from `performance.timeOrigin`; on Node 20 workers share the process's timeOrigin, but that is a runtime detail
// (each browser worker has its own), so the benchmark does not lean on it. Either read allocates on Node 20 (an
// array, or a heap number where the JIT removes the array, depending on what it inlined), which is why the
// benchmark also runs the consumer once with its clock off to count the ring path's own GC events.
//
// The calibration below checks the threads agree instead of trusting it: a shared-memory ping-pong, NTP-style
// (main notes t0, raises a ping, the worker answers with its own reading t1, main notes t3); the round with the
// shortest round trip gives offset = t1 - (t0 + t3) / 2, exact to within half that round trip. It also measures how
// far the threads' `performance.timeOrigin + performance.now()` clocks disagree, the other candidate.

/** Milliseconds on the process-wide monotonic clock, the same in every thread. Allocates a heap number per call. */
export function monotonicMs(): number {
  const time = process.hrtime();
  return time[0] * 1e3 + time[1] / 1e6;
}

// This thread's `performance.timeOrigin + performance.now()` minus the monotonic clock, from the tightest of a few
// bracketed samples (a first call, or a preemption between the reads, would otherwise skew it).
function timeOriginClockMinusMonotonicMs(): number {
  let bestBracket = Number.POSITIVE_INFINITY;
  let best = 0;
  for (let sample = 0; sample < 100; sample++) {
    const before = monotonicMs();
    const timeOriginClock = performance.timeOrigin + performance.now();
    const after = monotonicMs();
    if (after - before < bestBracket) {
      bestBracket = after - before;
      best = timeOriginClock - (before + after) / 2;
    }
  }
  return best;
}

// Int32 word 0: 0 idle, 2r+1 ping of round r, 2r+2 its answer, DONE when the main thread has finished.
const STATE_WORD = 0;
const DONE = -1;
// Float64 slots (the first 8 bytes hold the state word).
const ANSWER_SLOT = 1;
const WORKER_TIME_ORIGIN_SLOT = 2;
const BYTES = 3 * 8;

/** What a calibration found about a worker's reading of {@link monotonicMs} against the main thread's. */
export interface ClockCalibration {
  /** Worker reading minus main reading at the same instant, in microseconds: 0 within `errorUs` if shared. */
  readonly offsetUs: number;
  /** Half the shortest round trip: the bound on `offsetUs`'s own error, in microseconds. */
  readonly errorUs: number;
  /** Ping-pong rounds completed. */
  readonly rounds: number;
  /**
   * How far the two threads' `performance.timeOrigin + performance.now()` disagree at the same instant, in
   * microseconds (worker minus main), to the 0.24 us an epoch-milliseconds double resolves.
   */
  readonly timeOriginDisagreementUs: number;
}

/** The shared memory of one main-thread/worker calibration. */
export function createCalibrationBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(BYTES);
}

/**
 * Worker side: answers every ping until the main thread is done. Blocks the worker's thread meanwhile; it sleeps
 * until the first ping and spins from then on (the pings come back to back).
 */
export function answerClockPings(buffer: SharedArrayBuffer): void {
  const state = new Int32Array(buffer);
  const slots = new Float64Array(buffer);
  slots[WORKER_TIME_ORIGIN_SLOT] = timeOriginClockMinusMonotonicMs();
  Atomics.wait(state, STATE_WORD, 0, 60_000);
  let answered = 0;
  for (;;) {
    const value = Atomics.load(state, STATE_WORD);
    if (value === DONE) return;
    if (value !== answered && (value & 1) === 1) {
      slots[ANSWER_SLOT] = monotonicMs();
      answered = value + 1;
      Atomics.store(state, STATE_WORD, answered);
    }
  }
}

/**
 * Main side: pings the worker (which must be inside {@link answerClockPings}) up to `maxRounds` times within
 * `budgetMs`, and keeps the round with the shortest round trip. Spins the main thread meanwhile. On a loaded machine
 * a round can wait for a time slice, so fewer rounds may fit; it throws only if the worker does not answer the first
 * ping within `firstAnswerTimeoutMs`.
 */
export function measureClockOffset(
  buffer: SharedArrayBuffer,
  maxRounds = 2000,
  budgetMs = 500,
  firstAnswerTimeoutMs = 10_000,
): ClockCalibration {
  const state = new Int32Array(buffer);
  const slots = new Float64Array(buffer);
  const start = monotonicMs();
  let bestRoundTrip = Number.POSITIVE_INFINITY;
  let bestOffset = 0;
  let rounds = 0;
  for (; rounds < maxRounds; rounds++) {
    const ping = 2 * rounds + 1;
    const t0 = monotonicMs();
    if (rounds > 0 && t0 - start > budgetMs) break;
    Atomics.store(state, STATE_WORD, ping);
    if (rounds === 0) Atomics.notify(state, STATE_WORD);
    while (Atomics.load(state, STATE_WORD) !== ping + 1) {
      if (rounds === 0 && monotonicMs() - start > firstAnswerTimeoutMs) {
        throw new Error(
          `clock calibration: the worker did not answer its first ping in ${firstAnswerTimeoutMs} ms; it must call ` +
            'answerClockPings() right after it reports ready.',
        );
      }
    }
    const t3 = monotonicMs();
    if (t3 - t0 < bestRoundTrip) {
      bestRoundTrip = t3 - t0;
      bestOffset = slots[ANSWER_SLOT]! - (t0 + t3) / 2;
    }
  }
  const workerTimeOriginClock = slots[WORKER_TIME_ORIGIN_SLOT]!;
  Atomics.store(state, STATE_WORD, DONE);
  return {
    offsetUs: bestOffset * 1000,
    errorUs: (bestRoundTrip / 2) * 1000,
    rounds,
    timeOriginDisagreementUs: (workerTimeOriginClock - timeOriginClockMinusMonotonicMs()) * 1000,
  };
}
