import type { PriceProcess } from './price-process';
import { SECONDS_PER_YEAR } from './price-process';
import type { SeededRandom } from './seeded-random';

/** Parameters of {@link MeanRevertingProcess}. */
export interface MeanRevertingParameters {
  /** Starting price, > 0. */
  readonly startPrice: number;
  /** Annualised volatility of log returns over short horizons, e.g. 0.1. */
  readonly volatility: number;
  /** The price the process is pulled towards, > 0. Defaults to the start price. */
  readonly meanPrice?: number;
  /** Time for half of a deviation from the mean to decay, in seconds, > 0. */
  readonly halfLifeSeconds: number;
}

/**
 * An Ornstein-Uhlenbeck process on the log price: deviations from `meanPrice` decay with the given half-life
 * while shocks keep arriving, so the price wanders but stays in a band, like a currency pair or a spread.
 *
 * Uses the exact discretisation, so any step length is unbiased. In the long run the log price is normal with
 * mean `ln(meanPrice)` and variance `volatility^2 / (2 * theta)`, where `theta = ln 2 / halfLife` (in years).
 */
export class MeanRevertingProcess implements PriceProcess {
  /**
   * {@inheritDoc PriceProcess.price}
   *
   * Initialised with a number, not left undefined, so V8 stores it as an in-place double: a field that starts
   * undefined would box a new number on every step.
   */
  price = 0;
  /** {@inheritDoc PriceProcess.elapsedSeconds} */
  elapsedSeconds = 0;
  private logPrice = 0;
  private readonly logMean: number;
  private readonly volatility: number;
  /** Reversion speed per year. */
  private readonly theta: number;

  /**
   * @param parameters - start price, volatility, mean and half-life.
   * @param random - the seeded source of the Gaussian shocks.
   */
  constructor(
    parameters: MeanRevertingParameters,
    private readonly random: SeededRandom,
  ) {
    const meanPrice = parameters.meanPrice ?? parameters.startPrice;
    if (!(parameters.startPrice > 0) || !(meanPrice > 0)) {
      throw new RangeError(
        `Mean-reverting startPrice and meanPrice must be > 0, got ${parameters.startPrice} and ${meanPrice}.`,
      );
    }
    if (!(parameters.volatility >= 0)) {
      throw new RangeError(`Mean-reverting volatility must be >= 0, got ${parameters.volatility}; 0.1 is 10 % a year.`);
    }
    if (!(parameters.halfLifeSeconds > 0)) {
      throw new RangeError(
        `Mean-reverting halfLifeSeconds must be > 0, got ${parameters.halfLifeSeconds}; try 3600 for one hour.`,
      );
    }
    this.logPrice = Math.log(parameters.startPrice);
    this.price = parameters.startPrice;
    this.logMean = Math.log(meanPrice);
    this.volatility = parameters.volatility;
    this.theta = Math.LN2 / (parameters.halfLifeSeconds / SECONDS_PER_YEAR);
  }

  /** The variance of the log price the process settles into. */
  get stationaryLogVariance(): number {
    return (this.volatility * this.volatility) / (2 * this.theta);
  }

  /** {@inheritDoc PriceProcess.step} */
  step(): void {
    if (!(this.elapsedSeconds > 0)) return;
    const decay = Math.exp((-this.theta * this.elapsedSeconds) / SECONDS_PER_YEAR);
    const shockDeviation = this.volatility * Math.sqrt((1 - decay * decay) / (2 * this.theta));
    this.random.drawGaussian();
    this.logPrice = this.logMean + (this.logPrice - this.logMean) * decay + shockDeviation * this.random.gaussian;
    this.price = Math.exp(this.logPrice);
  }

  /** {@inheritDoc PriceProcess.advance} */
  advance(elapsedSeconds: number): number {
    this.elapsedSeconds = elapsedSeconds;
    this.step();
    return this.price;
  }
}
