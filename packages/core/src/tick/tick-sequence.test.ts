import { describe, expect, it } from 'vitest';
import { missedTickCount, nextTickSequence } from './tick-sequence';

describe('tick sequence', () => {
  it('advances by one and wraps from 2^32 - 1 to 0', () => {
    expect(nextTickSequence(0)).toBe(1);
    expect(nextTickSequence(0xffff_fffe)).toBe(0xffff_ffff);
    expect(nextTickSequence(0xffff_ffff)).toBe(0);
  });

  it('counts missed ticks across the wrap', () => {
    expect(missedTickCount(41, 42)).toBe(0);
    expect(missedTickCount(41, 45)).toBe(3);
    expect(missedTickCount(0xffff_ffff, 0)).toBe(0);
    expect(missedTickCount(0xffff_fffe, 1)).toBe(2);
  });

  it('shows a duplicate or a restart as a count of 2^31 or more', () => {
    expect(missedTickCount(42, 42)).toBe(0xffff_ffff);
    expect(missedTickCount(1_000_000, 0)).toBeGreaterThanOrEqual(2 ** 31);
  });
});
