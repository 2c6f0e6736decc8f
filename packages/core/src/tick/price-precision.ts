import { TickFormatError } from './tick-errors';

// How far (in increments) a price may sit from the grid and still count as on it: f64 noise of parsing and of
// price / increment, never a real off-grid price. Shared with the encoder, which inlines the same test.
/** @internal */
export const GRID_TOLERANCE_ABSOLUTE = 1e-9;
/** @internal */
export const GRID_TOLERANCE_RELATIVE = 1e-12;
// An f32 that lands within 1e-6 increments of a half increment is ambiguous: readers rounding half-up and
// half-to-even would disagree, so it counts as inexact.
/** @internal */
export const STORED_STEPS_LIMIT = 0.5 - 1e-6;
const maxDecimals = 15;

/**
 * Whether `price`, stored as f32, comes back exactly when a reader rounds it to the nearest multiple of
 * `priceIncrement` (see {@link PriceGrid.recover}). False when `price` is itself off the grid, or when the f32
 * spacing near `price` is too coarse for the increment (for 0.01 that starts above 131,072, where f32 spacing is
 * 0.015625). Allocates nothing: the encoder runs it on every price of every tick.
 *
 * `priceIncrement` must be finite and > 0 (checked by the encoder once per call, not here).
 */
export function priceRoundTripsF32(price: number, priceIncrement: number): boolean {
  const steps = price / priceIncrement;
  const nearest = Math.round(steps);
  if (Math.abs(steps - nearest) > GRID_TOLERANCE_ABSOLUTE + Math.abs(nearest) * GRID_TOLERANCE_RELATIVE) return false;
  return Math.abs(Math.fround(price) / priceIncrement - nearest) < STORED_STEPS_LIMIT;
}

/**
 * Throws unless `priceIncrement` is a usable increment: finite and > 0, or exactly 0, meaning "unknown: do not check
 * precision".
 */
export function assertPriceIncrement(priceIncrement: number): void {
  if (!(priceIncrement === 0 || (Number.isFinite(priceIncrement) && priceIncrement > 0))) {
    throw new TickFormatError(
      'TICK_INVALID_PRICE_INCREMENT',
      `price increment ${priceIncrement} is not usable: give the instrument's smallest price step (finite, > 0), or 0 ` +
        'when it is unknown and precision should not be checked.',
    );
  }
}

/**
 * An instrument's price grid: recovers exact prices from decoded f32 values. Build one per instrument (it works out
 * the increment's decimal places once), then call {@link PriceGrid.recover} per price.
 */
export class PriceGrid {
  /** The smallest price step. */
  readonly increment: number;
  /** Decimal places of the increment (0.01 -> 2, 0.25 -> 2, 0.0005 -> 4), or -1 when it has no short decimal form. */
  readonly decimals: number;
  private readonly incrementUnits: number;
  private readonly scale: number;

  /** @throws TickFormatError (`TICK_INVALID_PRICE_INCREMENT`) unless `increment` is finite and > 0. */
  constructor(increment: number) {
    if (!Number.isFinite(increment) || increment <= 0) {
      throw new TickFormatError(
        'TICK_INVALID_PRICE_INCREMENT',
        `price increment ${increment} is not usable for a price grid: give the instrument's smallest price step (finite, > 0).`,
      );
    }
    this.increment = increment;
    this.decimals = -1;
    this.incrementUnits = 0;
    this.scale = 1;
    for (let decimals = 0; decimals <= maxDecimals; decimals++) {
      const scale = 10 ** decimals;
      const scaled = increment * scale;
      const units = Math.round(scaled);
      // Slack of a few ulps for the multiplication only, so 1/3 never passes for 0.333333333.
      if (units > 0 && Math.abs(scaled - units) <= Math.max(1e-9, scaled * 4e-16)) {
        this.decimals = decimals;
        this.incrementUnits = units;
        this.scale = scale;
        break;
      }
    }
  }

  /**
   * The nearest price on the grid to `value` (typically a decoded f32), as the double closest to its decimal form, so
   * `recover(Math.fround(1.23))` is `1.23` exactly. NaN (a missing side) stays NaN. Allocates nothing.
   */
  recover(value: number): number {
    const steps = Math.round(value / this.increment);
    if (this.decimals < 0) return steps * this.increment;
    // An exact integer divided by a power of ten rounds once, to the double nearest the decimal.
    return (steps * this.incrementUnits) / this.scale;
  }

  /** {@link priceRoundTripsF32} at this grid's increment. */
  roundTrips(price: number): boolean {
    return priceRoundTripsF32(price, this.increment);
  }
}
