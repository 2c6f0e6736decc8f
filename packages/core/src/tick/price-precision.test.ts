import { describe, expect, it } from 'vitest';
import { assertPriceIncrement, PriceGrid, priceRoundTripsF32 } from './price-precision';
import { TickFormatError } from './tick-errors';

/**
 * An independent oracle for increments 10^-decimals: does the f32 of price `steps / 10^decimals` round (exactly,
 * via toFixed's exact decimal expansion) back to the same decimal, away from a tie?
 */
function oracleSurvives(steps: number, decimals: number): boolean {
  const price = steps / 10 ** decimals;
  const stored = Math.fround(price);
  const doubled = stored * 2 * 10 ** decimals; // exact: 24 + at most 18 bits
  const tie = Number.isInteger(doubled) && Math.abs(doubled % 2) === 1;
  return !tie && stored.toFixed(decimals) === price.toFixed(decimals);
}

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

describe('priceRoundTripsF32', () => {
  it('follows the f32 spacing: 0.01 survives below 131,072 and fails above for some prices', () => {
    expect(priceRoundTripsF32(100_000.01, 0.01)).toBe(true);
    expect(priceRoundTripsF32(131_071.99, 0.01)).toBe(true);
    expect(priceRoundTripsF32(131_072.01, 0.01)).toBe(false); // stored 131072.015625
    expect(priceRoundTripsF32(131_072.5, 0.01)).toBe(true); // an f32 exactly
    expect(priceRoundTripsF32(712_000.01, 0.01)).toBe(false); // spacing 0.0625
    expect(priceRoundTripsF32(712_000.25, 0.25)).toBe(true);
    expect(priceRoundTripsF32(1.08345, 0.00001)).toBe(true);
    expect(priceRoundTripsF32(151.234, 0.001)).toBe(true);
    expect(priceRoundTripsF32(-37.63, 0.01)).toBe(true);
    expect(priceRoundTripsF32(0, 0.01)).toBe(true);
  });

  it('agrees with an exact decimal oracle on 60,000 prices at 0.01, 0.001 and 0.00001', () => {
    const random = createRandom(17);
    const disagreements: string[] = [];
    let survived = 0;
    let failed = 0;
    for (const [decimals, maxSteps] of [
      [2, 1e8],
      [3, 1e8],
      [5, 1e9],
    ] as const) {
      for (let count = 0; count < 20_000; count++) {
        // A third near the first power of two where the increment stops fitting, the rest anywhere.
        const boundary = decimals === 2 ? 13_107_200 : decimals === 3 ? 16_384_000 : 12_800_000;
        const steps =
          count % 3 === 0 ? boundary - 5000 + Math.floor(random() * 10_000) : Math.floor(random() * maxSteps);
        const price = steps / 10 ** decimals;
        const expected = oracleSurvives(steps, decimals);
        if (priceRoundTripsF32(price, 10 ** -decimals) !== expected) disagreements.push(`${price} at 1e-${decimals}`);
        if (expected) survived++;
        else failed++;
      }
    }
    expect(disagreements).toEqual([]);
    expect(survived).toBeGreaterThan(10_000);
    expect(failed).toBeGreaterThan(10_000);
  });

  it('counts every price below 2^17 at 0.01 as exact', () => {
    const failures: number[] = [];
    for (let steps = 13_000_000; steps < 13_107_200; steps += 7) {
      if (!priceRoundTripsF32(steps / 100, 0.01)) failures.push(steps / 100);
    }
    expect(failures).toEqual([]);
  });

  it('flags prices off the increment grid, but not float noise', () => {
    expect(priceRoundTripsF32(1.234, 0.01)).toBe(false);
    expect(priceRoundTripsF32(1.23 + 1e-6, 0.01)).toBe(false);
    expect(priceRoundTripsF32(0.1 + 0.2, 0.1)).toBe(true); // 0.30000000000000004
    expect(priceRoundTripsF32(1.23 + 1e-13, 0.01)).toBe(true);
    expect(priceRoundTripsF32(39_915, 5)).toBe(true);
    expect(priceRoundTripsF32(39_913, 5)).toBe(false);
  });

  it('treats an f32 that lands on a half increment as inexact (readers would round it differently)', () => {
    // 1048576.13 is stored as 1048576.125: exactly between .12 and .13.
    expect(Math.fround(1_048_576.13)).toBe(1_048_576.125);
    expect(priceRoundTripsF32(1_048_576.13, 0.01)).toBe(false);
    expect(priceRoundTripsF32(1_048_576.12, 0.01)).toBe(false);
  });
});

describe('assertPriceIncrement', () => {
  it('accepts a positive increment or 0 (unknown) and refuses the rest', () => {
    expect(() => assertPriceIncrement(0.01)).not.toThrow();
    expect(() => assertPriceIncrement(0)).not.toThrow();
    for (const bad of [-0.01, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => assertPriceIncrement(bad)).toThrow(TickFormatError);
    }
  });
});

describe('PriceGrid', () => {
  it('finds the decimal places of common increments', () => {
    const decimals = [0.01, 0.25, 0.0005, 1 / 128, 5, 0.00001, 1e-8, 1 / 3].map(
      (increment) => new PriceGrid(increment).decimals,
    );
    expect(decimals).toEqual([2, 2, 4, 7, 0, 5, 8, -1]);
  });

  it('recovers the exact decimal from a stored f32 whenever the guard says it round-trips', () => {
    const random = createRandom(5);
    for (const [increment, decimals] of [
      [0.01, 2],
      [0.00001, 5],
      [0.25, 2],
      [0.0078125, 7],
    ] as const) {
      const grid = new PriceGrid(increment);
      const mismatches: string[] = [];
      for (let count = 0; count < 5000; count++) {
        const price = Number((Math.floor(random() * 10_000_000) * increment).toFixed(decimals));
        const recovered = grid.recover(Math.fround(price));
        if (grid.roundTrips(price) && recovered !== price) mismatches.push(`${price} -> ${recovered}`);
        if (!grid.roundTrips(price) && recovered === price && priceRoundTripsF32(price, increment))
          mismatches.push(`${price}`);
      }
      expect(mismatches, String(increment)).toEqual([]);
    }
    expect(new PriceGrid(0.01).recover(Math.fround(189.52))).toBe(189.52);
    expect(new PriceGrid(0.01).recover(Number.NaN)).toBeNaN();
    expect(new PriceGrid(1 / 3).recover(0.67)).toBeCloseTo(2 / 3, 15);
  });

  it('refuses an unusable increment', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new PriceGrid(bad)).toThrow(/price increment/);
    }
  });
});
