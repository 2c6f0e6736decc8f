/**
 * An exact sliding-window rate limit: at most `maxEvents` in any `windowMs`. Keeps the times of the last
 * `maxEvents` allowed events in a preallocated ring, so checking and recording allocate nothing.
 *
 * An event is allowed when fewer than `maxEvents` have been recorded, or the oldest of the last `maxEvents` is at
 * least `windowMs` old. A non-finite `maxEvents` means no limit.
 */
export class SlidingWindowRate {
  private readonly times: Float64Array;
  private readonly unlimited: boolean;
  private oldest = 0;
  private size = 0;

  constructor(
    readonly maxEvents: number,
    readonly windowMs: number,
  ) {
    this.unlimited = !Number.isFinite(maxEvents);
    if (!this.unlimited && !(maxEvents >= 1 && maxEvents <= 1 << 22)) {
      throw new RangeError(
        `SlidingWindowRate: maxEvents must be between 1 and ${1 << 22} (or Infinity for no limit); got ${maxEvents}.`,
      );
    }
    this.times = new Float64Array(this.unlimited ? 0 : Math.ceil(maxEvents));
  }

  /** True when an event at `nowMs` would be within the limit. Changes nothing. */
  wouldAllow(nowMs: number): boolean {
    if (this.unlimited || this.size < this.times.length) return true;
    return nowMs - (this.times[this.oldest] as number) >= this.windowMs;
  }

  /** Records an allowed event at `nowMs` (call after {@link SlidingWindowRate.wouldAllow} said yes). */
  record(nowMs: number): void {
    if (this.unlimited) return;
    const capacity = this.times.length;
    if (this.size < capacity) {
      this.times[(this.oldest + this.size) % capacity] = nowMs;
      this.size++;
      return;
    }
    // Full: the newest replaces the oldest.
    this.times[this.oldest] = nowMs;
    this.oldest = (this.oldest + 1) % capacity;
  }

  /** Events recorded within the window ending at `nowMs`. */
  countWithin(nowMs: number): number {
    let count = 0;
    const capacity = this.times.length;
    for (let index = 0; index < this.size; index++) {
      if (nowMs - (this.times[(this.oldest + index) % capacity] as number) < this.windowMs) count++;
    }
    return count;
  }
}
