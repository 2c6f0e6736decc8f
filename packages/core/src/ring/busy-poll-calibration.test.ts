import { describe, expect, it } from 'vitest';
import { busyPollSpinsFor, MAX_BUSY_POLL_US } from './busy-poll-calibration';
import { RingError } from './ring-error';
import { SpscRing } from './spsc-ring';

describe('busyPollSpinsFor', () => {
  it('refuses a window that is not a number of microseconds from 0 to one second, naming the value', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, MAX_BUSY_POLL_US + 1]) {
      let caught: unknown;
      try {
        busyPollSpinsFor(bad);
      } catch (error) {
        caught = error;
      }
      expect(RingError.isInstance(caught)).toBe(true);
      expect((caught as RingError).code).toBe('RING_INVALID_OPTION');
      expect((caught as RingError).message).toContain(`busyPollUs ${String(bad)}`);
    }
  });

  it('gives no spins for 0 and spins in proportion to the window otherwise', () => {
    expect(busyPollSpinsFor(0)).toBe(0);
    const oneMs = busyPollSpinsFor(1000);
    expect(oneMs).toBeGreaterThan(0);
    expect(busyPollSpinsFor(4000)).toBeGreaterThan(3 * oneMs);
    expect(busyPollSpinsFor(4000)).toBeLessThan(5 * oneMs);
  });
});

describe('SpscRing busy-poll', () => {
  it('reports ready, closed, or nothing, without sleeping', () => {
    const ring = SpscRing.create({ capacity: 4 });
    expect(ring.busyPoll(100)).toBeNull();
    ring.claim();
    ring.commit();
    expect(ring.busyPoll(100)).toBe('ready');
    ring.release(1);
    ring.close();
    expect(ring.busyPoll(100)).toBe('closed');
    expect(ring.consumerSleeps).toBe(0);
  });

  it('waitForData sleeps only after its busy-poll found nothing, and counts each sleep', () => {
    const ring = SpscRing.create({ capacity: 4 });
    // A zero budget after the busy-poll: timed out without a single sleep.
    expect(ring.waitForData(0, busyPollSpinsFor(200))).toBe('timed-out');
    expect(ring.consumerSleeps).toBe(0);
    // A 1 ms budget and no busy-poll: one sleep, then timed out.
    expect(ring.waitForData(1, 0)).toBe('timed-out');
    expect(ring.consumerSleeps).toBe(1);
  });
});
