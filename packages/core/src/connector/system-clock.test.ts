import { describe, expect, it } from 'vitest';
import { createSystemClock } from './system-clock';

describe('createSystemClock', () => {
  it('writes epoch seconds + nanoseconds that agree with Date.now and never go backwards', () => {
    const clock = createSystemClock();
    const target = { epochSeconds: 0, nanoseconds: 0 };
    let previous = 0;
    const problems: string[] = [];
    for (let index = 0; index < 10_000; index++) {
      clock.writeEpochTime(target);
      const { epochSeconds, nanoseconds } = target;
      if (!Number.isInteger(epochSeconds) || !Number.isInteger(nanoseconds) || nanoseconds < 0 || nanoseconds >= 1e9) {
        problems.push(`malformed ${epochSeconds}s ${nanoseconds}ns`);
      }
      const asMs = epochSeconds * 1000 + nanoseconds / 1e6;
      if (asMs < previous) problems.push(`went back from ${previous} to ${asMs}`);
      previous = asMs;
    }
    expect(problems).toEqual([]);
    expect(Math.abs(previous - Date.now())).toBeLessThan(50);
  });

  it('has a monotonic nanosecond counter with sub-millisecond resolution', () => {
    const clock = createSystemClock();
    const first = clock.monotonicNs();
    let last = first;
    let distinct = 0;
    for (let index = 0; index < 1_000; index++) {
      const now = clock.monotonicNs();
      expect(now).toBeGreaterThanOrEqual(last);
      if (now !== last) distinct++;
      last = now;
    }
    expect(distinct).toBeGreaterThan(1);
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(50);
  });
});
