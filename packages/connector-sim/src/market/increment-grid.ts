/**
 * Snaps numbers to a fixed increment (a price tick such as 0.01, a lot such as 1e-8) without the binary
 * floating-point residue of `steps * increment` (`19001 * 0.01` is `190.01000000000002`).
 *
 * For decimal increments the inverse (100 for 0.01) is an exact integer, and `steps / 100` is the double closest
 * to the decimal price, which is what a venue would print.
 */
export class IncrementGrid {
  /** `1 / increment` when that is a whole number (decimal increments), else 0. */
  private readonly stepsPerUnit: number;

  /**
   * @param increment - the grid spacing, > 0.
   * @param what - what the grid is for, used in error messages (e.g. `priceIncrement of SIM-AAPL`).
   */
  constructor(
    readonly increment: number,
    what = 'increment',
  ) {
    if (!(increment > 0) || !Number.isFinite(increment)) {
      throw new RangeError(`${what} must be a positive number, got ${increment}; e.g. 0.01 for cents.`);
    }
    const inverse = 1 / increment;
    const roundedInverse = Math.round(inverse);
    this.stepsPerUnit = roundedInverse >= 1 && Math.abs(inverse - roundedInverse) < 1e-9 * inverse ? roundedInverse : 0;
  }

  /** The value of a whole number of steps. */
  toValue(steps: number): number {
    return this.stepsPerUnit > 0 ? steps / this.stepsPerUnit : steps * this.increment;
  }

  /**
   * Writes the value of `steps` into `target[index]`. The hot path uses this rather than
   * {@link IncrementGrid.toValue}: V8 boxes a double returned from a call it did not inline, a typed-array store
   * never allocates.
   */
  store(target: Float64Array, index: number, steps: number): void {
    target[index] = this.stepsPerUnit > 0 ? steps / this.stepsPerUnit : steps * this.increment;
  }

  /** The nearest whole number of steps to a value. */
  toSteps(value: number): number {
    return Math.round(this.stepsPerUnit > 0 ? value * this.stepsPerUnit : value / this.increment);
  }

  /** The value rounded to the nearest grid point. */
  snap(value: number): number {
    return this.toValue(this.toSteps(value));
  }

  /** True when the value sits on the grid, within floating-point noise. */
  isOnGrid(value: number): boolean {
    const steps = this.stepsPerUnit > 0 ? value * this.stepsPerUnit : value / this.increment;
    return Math.abs(steps - Math.round(steps)) < 1e-6;
  }
}
