import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random';

function moments(draw: () => number, count: number): { mean: number; variance: number } {
  let sum = 0;
  let sumOfSquares = 0;
  for (let index = 0; index < count; index++) {
    const value = draw();
    sum += value;
    sumOfSquares += value * value;
  }
  const mean = sum / count;
  return { mean, variance: sumOfSquares / count - mean * mean };
}

describe('SeededRandom', () => {
  it('repeats the same stream for the same seed and differs for another seed', () => {
    const first = new SeededRandom(42);
    const second = new SeededRandom(42);
    const other = new SeededRandom(43);
    const firstDraws = Array.from({ length: 8 }, () => first.nextUint32());
    const secondDraws = Array.from({ length: 8 }, () => second.nextUint32());
    const otherDraws = Array.from({ length: 8 }, () => other.nextUint32());
    expect(secondDraws).toEqual(firstDraws);
    expect(otherDraws).not.toEqual(firstDraws);
  });

  it('draws uniform floats in [0, 1) with mean 1/2 and variance 1/12', () => {
    const random = new SeededRandom(7);
    let outside = 0;
    const stats = moments(() => {
      const value = random.nextFloat();
      if (value < 0 || value >= 1) outside++;
      return value;
    }, 200_000);
    expect(outside).toBe(0);
    expect(stats.mean).toBeCloseTo(0.5, 2);
    expect(stats.variance).toBeCloseTo(1 / 12, 2);
  });

  it('draws standard normals', () => {
    const random = new SeededRandom(11);
    const stats = moments(() => random.nextGaussian(), 200_000);
    expect(Math.abs(stats.mean)).toBeLessThan(0.01);
    expect(stats.variance).toBeGreaterThan(0.98);
    expect(stats.variance).toBeLessThan(1.02);
  });

  it('draws exponential waiting times with the requested mean', () => {
    const random = new SeededRandom(3);
    const stats = moments(() => random.nextExponential(2.5), 200_000);
    expect(stats.mean).toBeGreaterThan(2.5 * 0.98);
    expect(stats.mean).toBeLessThan(2.5 * 1.02);
    // The exponential's variance is its mean squared.
    expect(stats.variance).toBeGreaterThan(6.25 * 0.95);
    expect(stats.variance).toBeLessThan(6.25 * 1.05);
  });

  it('refuses a seed that is not a finite number', () => {
    expect(() => new SeededRandom(Number.NaN)).toThrow(/finite seed, got NaN/);
  });
});
