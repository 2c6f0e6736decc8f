const twoTo32 = 4294967296;

/**
 * A small, fast, seedable pseudo-random generator (sfc32, seeded through splitmix32).
 *
 * Every random draw in the simulator goes through one of these, so a run with the same seed and the same clock
 * produces the same prices, sizes and fills.
 *
 * Two ways to draw. The `next*()` methods return the number, which is convenient. The `draw*()` methods return
 * nothing and leave the number in a field ({@link SeededRandom.uniform}, {@link SeededRandom.gaussian},
 * {@link SeededRandom.exponential}): the hot path uses them because V8 boxes a double returned from a call it did
 * not inline, which would allocate on every tick, while a double stored in a number field is updated in place.
 */
export class SeededRandom {
  /** The last {@link SeededRandom.drawUniform} result, in [0, 1) (or (0, 1) after `drawOpenUniform`). */
  uniform = Number.NaN;
  /** The last {@link SeededRandom.drawGaussian} result, standard normal. */
  gaussian = Number.NaN;
  /** The last {@link SeededRandom.drawExponential} result, exponential with mean 1. */
  exponential = Number.NaN;
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  /** The last raw 32-bit output, as a signed int32. */
  private raw = 0;
  private spareGaussian = Number.NaN;
  private hasSpareGaussian = false;

  /**
   * @param seed - any finite number; its integer part (mod 2^32) selects the stream.
   */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new RangeError(`SeededRandom needs a finite seed, got ${seed}; pass an integer such as 42.`);
    }
    // splitmix32 spreads nearby seeds (1, 2, 3...) into unrelated sfc32 states.
    let state = Math.trunc(seed) >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // sfc32's first outputs are weakly mixed; discard a few.
    for (let index = 0; index < 12; index++) this.step();
  }

  /** Sets {@link SeededRandom.uniform} to a uniform draw in [0, 1). */
  drawUniform(): void {
    this.step();
    this.uniform = (this.raw >>> 0) / twoTo32;
  }

  /** Sets {@link SeededRandom.uniform} to a uniform draw in (0, 1): safe to take the logarithm of. */
  drawOpenUniform(): void {
    this.step();
    this.uniform = ((this.raw >>> 0) + 0.5) / twoTo32;
  }

  /** Sets {@link SeededRandom.gaussian} to a standard normal draw (Box-Muller; the pair's spare is kept). */
  drawGaussian(): void {
    if (this.hasSpareGaussian) {
      this.hasSpareGaussian = false;
      this.gaussian = this.spareGaussian;
      return;
    }
    this.drawOpenUniform();
    const radius = Math.sqrt(-2 * Math.log(this.uniform));
    this.drawUniform();
    const angle = 2 * Math.PI * this.uniform;
    this.spareGaussian = radius * Math.sin(angle);
    this.hasSpareGaussian = true;
    this.gaussian = radius * Math.cos(angle);
  }

  /** Sets {@link SeededRandom.exponential} to an exponential draw with mean 1 (a Poisson process's waiting time). */
  drawExponential(): void {
    this.drawOpenUniform();
    this.exponential = -Math.log(this.uniform);
  }

  /** A uniformly distributed integer in [0, 2^32). */
  nextUint32(): number {
    this.step();
    return this.raw >>> 0;
  }

  /** A uniformly distributed number in [0, 1). */
  nextFloat(): number {
    this.drawUniform();
    return this.uniform;
  }

  /** A standard normal draw (mean 0, variance 1). */
  nextGaussian(): number {
    this.drawGaussian();
    return this.gaussian;
  }

  /**
   * An exponentially distributed draw with the given mean: the waiting time between events of a Poisson process.
   *
   * @param mean - the mean waiting time, > 0.
   */
  nextExponential(mean: number): number {
    this.drawExponential();
    return this.exponential * mean;
  }

  /** One sfc32 step; the output goes to `raw`. */
  private step(): void {
    const result = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + result) | 0;
    this.raw = result;
  }
}
