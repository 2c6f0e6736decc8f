import { describe, expect, it } from 'vitest';
import { ClockSkewEstimator } from './clock-skew-estimator';

/** Deterministic pseudo-random in [0, 1) (mulberry32), so the "network" below is the same every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

describe('ClockSkewEstimator', () => {
  it('recovers a known offset through asymmetric, jittery delays, within its stated uncertainty', () => {
    const trueOffsetMs = 1_234.5;
    const random = seeded(7);
    const estimator = new ClockSkewEstimator({ windowSize: 32 });
    let local = 1_700_000_000_000;
    for (let index = 0; index < 32; index++) {
      // Outbound 2-5 ms, inbound 2-5 ms, plus an occasional 200 ms queueing spike.
      const outbound = 2 + random() * 3 + (random() < 0.2 ? 200 : 0);
      const inbound = 2 + random() * 3 + (random() < 0.2 ? 200 : 0);
      const sentAtMs = local;
      const serverTimeMs = Math.floor(sentAtMs + outbound + trueOffsetMs);
      const receivedAtMs = sentAtMs + outbound + inbound;
      expect(estimator.addSample({ sentAtMs, serverTimeMs, receivedAtMs })).toBe(true);
      local += 1_000;
    }
    const estimate = estimator.estimate()!;
    expect(Math.abs(estimate.offsetMs - trueOffsetMs)).toBeLessThanOrEqual(estimate.uncertaintyMs);
    expect(estimate.roundTripMs).toBeLessThan(10);
    expect(estimate.sampleCount).toBe(32);
  });

  it('ignores a slow outlier that would drag a mean', () => {
    const estimator = new ClockSkewEstimator();
    estimator.addSample({ sentAtMs: 0, serverTimeMs: 505, receivedAtMs: 10 });
    estimator.addSample({ sentAtMs: 1_000, serverTimeMs: 2_900, receivedAtMs: 1_800 });
    const estimate = estimator.estimate()!;
    expect(estimate.roundTripMs).toBe(10);
    expect(estimate.offsetMs).toBeCloseTo(505 + 0.5 - 5, 9);
  });

  it('corrects for whole-second server clocks and says how uncertain that makes it', () => {
    const estimator = new ClockSkewEstimator({ serverTimeResolutionMs: 1_000 });
    // Server is exactly 3 000.4 s ahead; it reports floor(seconds).
    const sentAtMs = 10_000;
    const receivedAtMs = 10_020;
    const serverTimeMs = Math.floor((sentAtMs + 10 + 3_000_400) / 1_000) * 1_000;
    estimator.addSample({ sentAtMs, serverTimeMs, receivedAtMs });
    const estimate = estimator.estimate()!;
    expect(estimate.uncertaintyMs).toBe(510);
    expect(Math.abs(estimate.offsetMs - 3_000_400)).toBeLessThanOrEqual(estimate.uncertaintyMs);
  });

  it('slides its window, refuses impossible samples and converts times both ways', () => {
    const estimator = new ClockSkewEstimator({ windowSize: 2, serverTimeResolutionMs: 0 });
    expect(estimator.estimate()).toBeUndefined();
    expect(estimator.toServerTimeMs(5)).toBe(5);
    expect(estimator.addSample({ sentAtMs: 10, serverTimeMs: 0, receivedAtMs: 5 })).toBe(false);
    expect(estimator.addSample({ sentAtMs: 0, serverTimeMs: Number.NaN, receivedAtMs: 5 })).toBe(false);
    estimator.addSample({ sentAtMs: 0, serverTimeMs: 101, receivedAtMs: 2 }); // offset 100, rtt 2
    estimator.addSample({ sentAtMs: 10, serverTimeMs: 70, receivedAtMs: 30 }); // offset 40, rtt 20
    estimator.addSample({ sentAtMs: 40, serverTimeMs: 95, receivedAtMs: 50 }); // offset 50, rtt 10; evicts the first
    expect(estimator.estimate()).toEqual({ offsetMs: 50, uncertaintyMs: 5, roundTripMs: 10, sampleCount: 2 });
    expect(estimator.toServerTimeMs(1_000)).toBe(1_050);
    expect(estimator.toLocalTimeMs(1_050)).toBe(1_000);
    estimator.reset();
    expect(estimator.estimate()).toBeUndefined();
  });
});
