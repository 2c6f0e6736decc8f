/**
 * A small, fast, seedable pseudo-random generator (sfc32, seeded through splitmix32).
 *
 * Every random draw in the simulator goes through one of these, so a run with the same seed and the same clock
 * produces the same prices, sizes and fills. Nothing here allocates: Gaussian draws come in pairs from Box-Muller
 * and the spare one is kept in a field.
 */
export class SeededRandom {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private spareGaussian = 0;
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
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // sfc32's first outputs are weakly mixed; discard a few.
    for (let index = 0; index < 12; index++) this.nextUint32();
  }

  /** A uniformly distributed integer in [0, 2^32). */
  nextUint32(): number {
    const result = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + result) | 0;
    return result >>> 0;
  }

  /** A uniformly distributed number in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniformly distributed number in (0, 1): safe to take the logarithm of. */
  nextOpenFloat(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  /** A standard normal draw (mean 0, variance 1). */
  nextGaussian(): number {
    if (this.hasSpareGaussian) {
      this.hasSpareGaussian = false;
      return this.spareGaussian;
    }
    const radius = Math.sqrt(-2 * Math.log(this.nextOpenFloat()));
    const angle = 2 * Math.PI * this.nextFloat();
    this.spareGaussian = radius * Math.sin(angle);
    this.hasSpareGaussian = true;
    return radius * Math.cos(angle);
  }

  /**
   * An exponentially distributed draw with the given mean: the waiting time between events of a Poisson process.
   *
   * @param mean - the mean waiting time, > 0.
   */
  nextExponential(mean: number): number {
    return -Math.log(this.nextOpenFloat()) * mean;
  }
}
