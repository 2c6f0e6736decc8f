/** Seconds in the simulator's year: it trades around the clock, so volatility scales over calendar time. */
export const SECONDS_PER_YEAR = 365.25 * 24 * 60 * 60;

/**
 * A stochastic model of one symbol's fair (mid) price. Quotes are built around it, snapped to the price grid.
 *
 * The hot path sets {@link PriceProcess.elapsedSeconds}, calls {@link PriceProcess.step} and reads
 * {@link PriceProcess.price}: numbers pass through fields, not arguments or return values, because V8 boxes a
 * double that crosses a call it did not inline, and that would allocate on every quote.
 */
export interface PriceProcess {
  /** The current fair price, always > 0. */
  readonly price: number;
  /** Length of the next {@link PriceProcess.step}, in seconds, >= 0. */
  elapsedSeconds: number;
  /** Moves the price forward by `elapsedSeconds`; zero leaves it unchanged. */
  step(): void;
  /**
   * Convenience for tools and tests: steps by `elapsedSeconds` and returns the new price.
   *
   * @param elapsedSeconds - time since the previous step, >= 0.
   */
  advance(elapsedSeconds: number): number;
}

/** Which price model a symbol follows. */
export type PriceProcessKind = 'gbm' | 'mean-reverting';
