import type { Fill } from '@tickwire/core';

/**
 * Every execution the venue made, oldest first, kept so reconciliation can answer "fills since T" after a
 * disconnect. Bounded: beyond `capacity` the oldest fills are forgotten, the way a broker's history API only
 * reaches back so far.
 */
export class FillJournal {
  private readonly fills: Fill[] = [];
  /** Index of the oldest retained fill in `fills`; compacted lazily. */
  private head = 0;

  /** @param capacity - how many fills to keep, > 0. */
  constructor(private readonly capacity = 100_000) {
    if (!(capacity > 0)) throw new RangeError(`FillJournal capacity must be > 0, got ${capacity}.`);
  }

  /** Records a fill. Fills arrive in venue-time order. */
  record(fill: Fill): void {
    this.fills.push(fill);
    if (this.fills.length - this.head > this.capacity) this.head++;
    if (this.head > this.capacity) {
      this.fills.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Number of fills retained. */
  get size(): number {
    return this.fills.length - this.head;
  }

  /** Fills with `timestampMs >= sinceMs`, oldest first. */
  since(sinceMs: number): Fill[] {
    let low = this.head;
    let high = this.fills.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.fills[middle]!.timestampMs < sinceMs) low = middle + 1;
      else high = middle;
    }
    return this.fills.slice(low);
  }
}
