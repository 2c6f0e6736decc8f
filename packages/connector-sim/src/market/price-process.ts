/** Seconds in the simulator's year: it trades around the clock, so volatility scales over calendar time. */
export const SECONDS_PER_YEAR = 365.25 * 24 * 60 * 60;

/**
 * A stochastic model of one symbol's fair (mid) price. Quotes are built around it, snapped to the price grid.
 *
 * Implementations keep their state in plain number fields and allocate nothing in {@link PriceProcess.advance},
 * because the market generator calls it for every quote.
 */
export interface PriceProcess {
  /** The current fair price, always > 0. */
  readonly price: number;
  /**
   * Moves the price forward in time and returns the new price.
   *
   * @param elapsedSeconds - time since the previous call, >= 0. Zero leaves the price unchanged.
   */
  advance(elapsedSeconds: number): number;
}

/** Which price model a symbol follows. */
export type PriceProcessKind = 'gbm' | 'mean-reverting';
