import type { PriceProcess } from './price-process';
import { SECONDS_PER_YEAR } from './price-process';
import type { SeededRandom } from './seeded-random';

/** Parameters of {@link GeometricBrownianMotion}. */
export interface GeometricBrownianMotionParameters {
  /** Starting price, > 0. */
  readonly startPrice: number;
  /** Annualised volatility of log returns, e.g. 0.3 for 30 % a year. */
  readonly volatility: number;
  /** Annualised drift of the price, e.g. 0.05; 0 for a driftless walk. */
  readonly drift?: number;
}

/**
 * Geometric Brownian motion, the textbook stock-price model: log returns are independent and normal with mean
 * `(drift - volatility^2 / 2) * dt` and variance `volatility^2 * dt`, for any step length `dt`. The exact solution
 * is used, so uneven step lengths (ticks arrive at random times) do not bias the path.
 */
export class GeometricBrownianMotion implements PriceProcess {
  /**
   * {@inheritDoc PriceProcess.price}
   *
   * Initialised with a number, not left undefined, so V8 stores it as an in-place double: a field that starts
   * undefined would box a new number on every step.
   */
  price = 0;
  /** {@inheritDoc PriceProcess.elapsedSeconds} */
  elapsedSeconds = 0;
  private readonly volatility: number;
  private readonly drift: number;

  /**
   * @param parameters - start price, volatility and drift.
   * @param random - the seeded source of the Gaussian shocks.
   */
  constructor(
    parameters: GeometricBrownianMotionParameters,
    private readonly random: SeededRandom,
  ) {
    if (!(parameters.startPrice > 0)) {
      throw new RangeError(`GBM startPrice must be > 0, got ${parameters.startPrice}; use the instrument's price.`);
    }
    if (!(parameters.volatility >= 0)) {
      throw new RangeError(`GBM volatility must be >= 0, got ${parameters.volatility}; 0.3 means 30 % a year.`);
    }
    this.price = parameters.startPrice;
    this.volatility = parameters.volatility;
    this.drift = parameters.drift ?? 0;
  }

  /** {@inheritDoc PriceProcess.step} */
  step(): void {
    if (!(this.elapsedSeconds > 0)) return;
    const years = this.elapsedSeconds / SECONDS_PER_YEAR;
    const sigma = this.volatility;
    this.random.drawGaussian();
    const logReturn = (this.drift - 0.5 * sigma * sigma) * years + sigma * Math.sqrt(years) * this.random.gaussian;
    this.price *= Math.exp(logReturn);
  }

  /** {@inheritDoc PriceProcess.advance} */
  advance(elapsedSeconds: number): number {
    this.elapsedSeconds = elapsedSeconds;
    this.step();
    return this.price;
  }
}
