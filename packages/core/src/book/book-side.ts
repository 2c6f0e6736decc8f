/**
 * One side of an L2 book: price levels in a sorted pair of typed arrays, found by binary search.
 *
 * Levels are stored so that the best price sits at the end of the arrays (bids ascending, asks descending). Most
 * venue updates touch the top of the book, so inserts and deletes there move only the few levels above them.
 * To keep one comparison for both sides, each price is stored as a key: `price` for bids, `-price` for asks, so the
 * keys always ascend (negation is exact in floating point, so the price comes back unchanged).
 */
export class BookSide {
  private keys: Float64Array;
  private quantities: Float64Array;
  private size = 0;
  private readonly direction: 1 | -1;
  // Best price and quantity, refreshed on every change. Reading a typed-array cell keeps the getter's result an
  // unboxed double once inlined; a `size === 0 ? NaN : ...` expression there made V8 box it per read.
  private readonly top = new Float64Array([Number.NaN, 0]);

  /** @param isBid - true for bids (best = highest), false for asks (best = lowest). */
  constructor(isBid: boolean, initialCapacity = 64) {
    this.direction = isBid ? 1 : -1;
    const capacity = Math.max(4, initialCapacity);
    this.keys = new Float64Array(capacity);
    this.quantities = new Float64Array(capacity);
  }

  /** Number of price levels. */
  get depth(): number {
    return this.size;
  }

  /** Best price, or `NaN` when the side is empty. */
  bestPrice(): number {
    return this.top[0] as number;
  }

  /** Quantity at the best price, or 0 when the side is empty. */
  bestQuantity(): number {
    return this.top[1] as number;
  }

  /** Price of the level `rank` steps from the best (0 = best), or `NaN` past the last level. */
  priceAt(rank: number): number {
    const index = this.size - 1 - rank;
    return index < 0 || rank < 0 ? Number.NaN : (this.keys[index] as number) * this.direction;
  }

  /** Quantity of the level `rank` steps from the best (0 = best), or 0 past the last level. */
  quantityAt(rank: number): number {
    const index = this.size - 1 - rank;
    return index < 0 || rank < 0 ? 0 : (this.quantities[index] as number);
  }

  /** Quantity resting at exactly `price`, or 0. */
  quantityAtPrice(price: number): number {
    const index = this.search(price * this.direction);
    return index >= 0 ? (this.quantities[index] as number) : 0;
  }

  /**
   * Sets the quantity at `price`; quantity 0 removes the level. Allocation-free except when the side outgrows its
   * arrays (they double). Returns true when the book changed.
   */
  set(price: number, quantity: number): boolean {
    const key = price * this.direction;
    // The search is written out here rather than called: passing the key (a fresh double) to a function V8 does
    // not inline would box it, one allocation per update.
    const keys = this.keys;
    let low = 0;
    let high = this.size - 1;
    let found = -1;
    if (high >= 0 && key >= (keys[high] as number)) {
      // Most updates hit the top of the book, which is the end of the arrays.
      if (key === keys[high]) found = high;
      else low = high + 1;
    } else {
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const value = keys[middle] as number;
        if (value < key) low = middle + 1;
        else if (value > key) high = middle - 1;
        else {
          found = middle;
          break;
        }
      }
    }
    if (found >= 0) {
      if (quantity === 0) {
        keys.copyWithin(found, found + 1, this.size);
        this.quantities.copyWithin(found, found + 1, this.size);
        this.size--;
        if (found >= this.size) this.refreshTop();
        return true;
      }
      if (this.quantities[found] === quantity) return false;
      this.quantities[found] = quantity;
      if (found === this.size - 1) this.top[1] = quantity;
      return true;
    }
    if (quantity === 0) return false;
    if (this.size === keys.length) this.grow();
    const insertAt = low;
    this.keys.copyWithin(insertAt + 1, insertAt, this.size);
    this.quantities.copyWithin(insertAt + 1, insertAt, this.size);
    this.keys[insertAt] = key;
    this.quantities[insertAt] = quantity;
    this.size++;
    if (insertAt === this.size - 1) {
      this.top[0] = price;
      this.top[1] = quantity;
    }
    return true;
  }

  /** Removes every level. */
  clear(): void {
    this.size = 0;
    this.refreshTop();
  }

  private refreshTop(): void {
    const last = this.size - 1;
    this.top[0] = last < 0 ? Number.NaN : (this.keys[last] as number) * this.direction;
    this.top[1] = last < 0 ? 0 : (this.quantities[last] as number);
  }

  /**
   * Copies up to `count` levels from the best outwards into the given arrays; returns how many were copied.
   * Allocation-free: for callers that publish depth on every update.
   */
  copyTop(count: number, outPrices: Float64Array | number[], outQuantities: Float64Array | number[]): number {
    const copied = Math.min(count, this.size, outPrices.length, outQuantities.length);
    for (let rank = 0; rank < copied; rank++) {
      const index = this.size - 1 - rank;
      outPrices[rank] = (this.keys[index] as number) * this.direction;
      outQuantities[rank] = this.quantities[index] as number;
    }
    return copied;
  }

  // Binary search over ascending keys: the index when found, else -(insertion point) - 1.
  private search(key: number): number {
    let low = 0;
    let high = this.size - 1;
    // Most updates hit the top of the book, which is the end of the arrays: check it before searching.
    if (high >= 0) {
      const top = this.keys[high] as number;
      if (key === top) return high;
      if (key > top) return -(high + 1) - 1;
    }
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.keys[middle] as number;
      if (value < key) low = middle + 1;
      else if (value > key) high = middle - 1;
      else return middle;
    }
    return -low - 1;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const quantities = new Float64Array(this.quantities.length * 2);
    quantities.set(this.quantities);
    this.keys = keys;
    this.quantities = quantities;
  }
}
