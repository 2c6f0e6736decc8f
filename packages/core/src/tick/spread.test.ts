import { describe, expect, it } from 'vitest';
import { spreadBpsOf } from './spread';

describe('spreadBpsOf', () => {
  it('is the spread over the mid in tenths of a basis point, rounded half up', () => {
    expect(spreadBpsOf(99.995, 100.005)).toBe(10); // 1 bps
    expect(spreadBpsOf(1, 1.00001)).toBe(1); // 0.1 bps
    expect(spreadBpsOf(100, 101)).toBe(995); // 1 / 100.5 = 99.50 bps
    expect(spreadBpsOf(100_000, 100_000.0078125)).toBe(0); // 0.0078 tenths rounds to 0
    expect(spreadBpsOf(99, 101)).toBe(2000); // exactly 200 bps
  });

  it('is 0 when locked or crossed', () => {
    expect(spreadBpsOf(100.01, 100.01)).toBe(0);
    expect(spreadBpsOf(100.02, 100.01)).toBe(0);
  });

  it('saturates at 65535 when too wide, and reports a missing side or a mid <= 0 as 65535', () => {
    expect(spreadBpsOf(1, 1.97473)).toBe(65_534);
    expect(spreadBpsOf(1, 1.97475)).toBe(65_535);
    expect(spreadBpsOf(0.01, 10)).toBe(65_535);
    expect(spreadBpsOf(0, 0.05)).toBe(65_535);
    expect(spreadBpsOf(Number.NaN, 100)).toBe(65_535);
    expect(spreadBpsOf(100, Number.NaN)).toBe(65_535);
    expect(spreadBpsOf(-37.63, -36.9)).toBe(65_535);
    expect(spreadBpsOf(-1, 1)).toBe(65_535);
  });

  it('returns an integer in 0..65535 for any finite pair', () => {
    for (let bid = -3; bid <= 3; bid += 0.37) {
      for (let ask = -3; ask <= 3; ask += 0.41) {
        const spread = spreadBpsOf(bid, ask);
        expect(Number.isInteger(spread) && spread >= 0 && spread <= 65_535).toBe(true);
      }
    }
  });
});
