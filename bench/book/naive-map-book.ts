/**
 * The order book people write first: a Map of price to quantity per side, sorted when read. Updates are cheap;
 * every read of the best price sorts the keys.
 */
export class NaiveMapBook {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();

  applySnapshot(bids: ReadonlyArray<readonly [number, number]>, asks: ReadonlyArray<readonly [number, number]>): void {
    this.bids.clear();
    this.asks.clear();
    for (const [price, quantity] of bids) this.bids.set(price, quantity);
    for (const [price, quantity] of asks) this.asks.set(price, quantity);
  }

  applyUpdate(side: 'bid' | 'ask', price: number, quantity: number): void {
    const levels = side === 'bid' ? this.bids : this.asks;
    if (quantity === 0) levels.delete(price);
    else levels.set(price, quantity);
  }

  get bestBid(): number {
    return [...this.bids.keys()].sort((left, right) => right - left)[0] ?? Number.NaN;
  }

  get bestAsk(): number {
    return [...this.asks.keys()].sort((left, right) => left - right)[0] ?? Number.NaN;
  }
}
