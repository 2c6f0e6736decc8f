import { describe, expect, it } from 'vitest';
import { GeometricBrownianMotion } from './geometric-brownian-motion';
import { MeanRevertingProcess } from './mean-reverting-process';
import { SECONDS_PER_YEAR } from './price-process';
import { SeededRandom } from './seeded-random';

describe('GeometricBrownianMotion', () => {
  it('produces log returns with the mean and variance the model states', () => {
    const volatility = 0.4;
    const drift = 0.1;
    const stepSeconds = 60;
    const process = new GeometricBrownianMotion({ startPrice: 100, volatility, drift }, new SeededRandom(1));
    const steps = 100_000;
    let sum = 0;
    let sumOfSquares = 0;
    let previous = process.price;
    for (let index = 0; index < steps; index++) {
      const next = process.advance(stepSeconds);
      const logReturn = Math.log(next / previous);
      sum += logReturn;
      sumOfSquares += logReturn * logReturn;
      previous = next;
    }
    const years = stepSeconds / SECONDS_PER_YEAR;
    const expectedVariance = volatility * volatility * years;
    const expectedMean = (drift - 0.5 * volatility * volatility) * years;
    const mean = sum / steps;
    const variance = sumOfSquares / steps - mean * mean;
    expect(variance / expectedVariance).toBeGreaterThan(0.97);
    expect(variance / expectedVariance).toBeLessThan(1.03);
    // Four standard errors of the sample mean.
    expect(Math.abs(mean - expectedMean)).toBeLessThan(4 * Math.sqrt(expectedVariance / steps));
  });

  it('keeps the price positive and unchanged over a zero step', () => {
    const process = new GeometricBrownianMotion({ startPrice: 5, volatility: 3 }, new SeededRandom(2));
    let minimum = Number.POSITIVE_INFINITY;
    for (let index = 0; index < 10_000; index++) minimum = Math.min(minimum, process.advance(3600));
    expect(minimum).toBeGreaterThan(0);
    const before = process.price;
    expect(process.advance(0)).toBe(before);
  });

  it('is deterministic for a seed', () => {
    const first = new GeometricBrownianMotion({ startPrice: 100, volatility: 0.3 }, new SeededRandom(9));
    const second = new GeometricBrownianMotion({ startPrice: 100, volatility: 0.3 }, new SeededRandom(9));
    for (let index = 0; index < 100; index++) first.advance(1);
    for (let index = 0; index < 100; index++) second.advance(1);
    expect(second.price).toBe(first.price);
  });

  it('refuses a non-positive start price, naming the value', () => {
    expect(() => new GeometricBrownianMotion({ startPrice: 0, volatility: 0.2 }, new SeededRandom(1))).toThrow(
      /startPrice must be > 0, got 0/,
    );
  });
});

describe('MeanRevertingProcess', () => {
  it('settles around the mean with the stationary variance', () => {
    const halfLifeSeconds = 600;
    const process = new MeanRevertingProcess(
      { startPrice: 1.1, meanPrice: 1.1, volatility: 0.2, halfLifeSeconds },
      new SeededRandom(5),
    );
    // Steps of two half-lives keep successive samples only weakly correlated (autocorrelation 0.25).
    const stepSeconds = 2 * halfLifeSeconds;
    const steps = 50_000;
    let sum = 0;
    let sumOfSquares = 0;
    for (let index = 0; index < steps; index++) {
      const logDeviation = Math.log(process.advance(stepSeconds) / 1.1);
      sum += logDeviation;
      sumOfSquares += logDeviation * logDeviation;
    }
    const mean = sum / steps;
    const variance = sumOfSquares / steps - mean * mean;
    const expected = process.stationaryLogVariance;
    expect(variance / expected).toBeGreaterThan(0.95);
    expect(variance / expected).toBeLessThan(1.05);
    // Successive samples correlate at 0.25, which widens the sample mean's error by sqrt(1.25 / 0.75).
    const standardError = Math.sqrt(expected / steps) * Math.sqrt(1.25 / 0.75);
    expect(Math.abs(mean)).toBeLessThan(5 * standardError);
  });

  it('halves a deviation from the mean over one half-life, on average', () => {
    const halfLifeSeconds = 60;
    const random = new SeededRandom(8);
    const paths = 4_000;
    let sumOfDeviations = 0;
    for (let path = 0; path < paths; path++) {
      const process = new MeanRevertingProcess(
        { startPrice: 200, meanPrice: 100, volatility: 0.05, halfLifeSeconds },
        random,
      );
      // Many small steps: the exact discretisation must compose to the same decay.
      for (let step = 0; step < 60; step++) process.advance(1);
      sumOfDeviations += Math.log(process.price / 100);
    }
    const averageDeviation = sumOfDeviations / paths;
    expect(averageDeviation / Math.log(2)).toBeGreaterThan(0.49);
    expect(averageDeviation / Math.log(2)).toBeLessThan(0.51);
  });

  it('refuses a half-life that is not positive, naming the value', () => {
    expect(
      () => new MeanRevertingProcess({ startPrice: 1, volatility: 0.1, halfLifeSeconds: -1 }, new SeededRandom(1)),
    ).toThrow(/halfLifeSeconds must be > 0, got -1/);
  });
});
