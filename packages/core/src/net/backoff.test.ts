import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffDelayMs, resolveBackoffPolicy } from './backoff';

describe('backoff', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 3 };

  it('grows by the multiplier and stops at the cap', () => {
    expect([0, 1, 2, 3, 50, 5_000].map((attempt) => backoffCeilingMs(attempt, policy))).toEqual([
      100, 300, 900, 1_000, 1_000, 1_000,
    ]);
  });

  it('draws the delay uniformly below the ceiling (full jitter)', () => {
    expect(backoffDelayMs(2, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(2, policy, () => 0.5)).toBe(450);
    expect(backoffDelayMs(2, policy, () => 0.999_999)).toBe(899);
  });

  it('fills defaults and refuses policies that cannot back off', () => {
    expect(resolveBackoffPolicy({ maxDelayMs: 60_000 })).toEqual({
      initialDelayMs: 250,
      maxDelayMs: 60_000,
      multiplier: 2,
    });
    expect(() => resolveBackoffPolicy({ multiplier: 0.5 })).toThrow(/multiplier >= 1/);
    expect(() => resolveBackoffPolicy({ initialDelayMs: 10, maxDelayMs: 5 })).toThrow(/maxDelayMs >= initialDelayMs/);
  });
});
