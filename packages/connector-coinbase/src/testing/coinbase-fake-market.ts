/** One product the fake lists. */
export interface CoinbaseFakeProduct {
  readonly productId: string;
  /** The price the random walk stays around. */
  readonly basePrice: number;
  readonly tickSize: number;
}

/** What the fake lists unless told otherwise. */
export const DEFAULT_FAKE_PRODUCTS: readonly CoinbaseFakeProduct[] = [
  { productId: 'BTC-USD', basePrice: 60_000, tickSize: 0.01 },
  { productId: 'ETH-USD', basePrice: 3_000, tickSize: 0.01 },
  { productId: 'SOL-USD', basePrice: 150, tickSize: 0.01 },
];

/** One level change as Coinbase sends it in `l2_data`. */
export interface FakeLevelChange {
  readonly side: 'bid' | 'offer';
  readonly price_level: string;
  readonly new_quantity: string;
}

/** One generated trade. */
export interface FakeTrade {
  readonly price: string;
  readonly size: string;
  readonly side: 'BUY' | 'SELL';
}

const DEPTH = 10;
// The walk reverts towards the base price so a resting order far away never fills by itself.
const MAX_DRIFT_TICKS = 200;

/** A seeded PRNG (mulberry32): the fake's markets repeat for a given seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A product's simulated L2 book, ten levels a side around a mid that walks a tick at a time. Prices are kept as
 * integer ticks and written as decimal strings, so the strings sent and the numbers the fake logs always agree.
 * Each {@link FakeProductMarket.step} moves the mid, changes a few sizes and collects the level changes since the
 * last step; a trade happens now and then.
 */
export class FakeProductMarket {
  readonly product: CoinbaseFakeProduct;
  readonly #random: () => number;
  readonly #decimals: number;
  readonly #baseTicks: number;
  readonly #bids = new Map<number, string>();
  readonly #asks = new Map<number, string>();
  #midTicks: number;
  #lastTradeTicks: number;
  #volume = 0;

  constructor(product: CoinbaseFakeProduct, random: () => number) {
    this.product = product;
    this.#random = random;
    this.#decimals = Math.max(0, Math.round(-Math.log10(product.tickSize)));
    this.#baseTicks = Math.round(product.basePrice / product.tickSize);
    this.#midTicks = this.#baseTicks;
    this.#lastTradeTicks = this.#baseTicks;
    this.#rebuild([]);
  }

  /** Advances one step; returns the level changes it made and the trade, if one happened. */
  step(): { readonly changes: FakeLevelChange[]; readonly trade: FakeTrade | undefined } {
    const drift = this.#midTicks - this.#baseTicks;
    const move = this.#random();
    const up = 0.5 - drift / (2 * MAX_DRIFT_TICKS);
    this.#midTicks += move < up * 0.6 ? 1 : move > 1 - (1 - up) * 0.6 ? -1 : 0;
    const changes: FakeLevelChange[] = [];
    this.#rebuild(changes);
    for (let count = 0; count < 2; count++) {
      const isBid = this.#random() < 0.5;
      const ticks = isBid ? this.#midTicks - 1 - this.#level() : this.#midTicks + 1 + this.#level();
      const quantity = this.#quantity();
      (isBid ? this.#bids : this.#asks).set(ticks, quantity);
      changes.push(this.#change(isBid, ticks, quantity));
    }
    let trade: FakeTrade | undefined;
    if (this.#random() < 0.3) {
      const buy = this.#random() < 0.5;
      const ticks = buy ? this.#midTicks + 1 : this.#midTicks - 1;
      const size = (this.#random() * 0.5 + 0.001).toFixed(8);
      this.#lastTradeTicks = ticks;
      this.#volume += Number(size);
      trade = { price: this.#price(ticks), size, side: buy ? 'BUY' : 'SELL' };
    }
    return { changes, trade };
  }

  /** Every level, best first, as a snapshot's updates. */
  snapshotLevels(): FakeLevelChange[] {
    const bids = [...this.#bids].sort((left, right) => right[0] - left[0]);
    const asks = [...this.#asks].sort((left, right) => left[0] - right[0]);
    return [
      ...bids.map(([ticks, quantity]) => this.#change(true, ticks, quantity)),
      ...asks.map(([ticks, quantity]) => this.#change(false, ticks, quantity)),
    ];
  }

  /** The top of the book as decimal strings. */
  top(): { bid: string; bidQuantity: string; ask: string; askQuantity: string } {
    const bidTicks = Math.max(...this.#bids.keys());
    const askTicks = Math.min(...this.#asks.keys());
    return {
      bid: this.#price(bidTicks),
      bidQuantity: this.#bids.get(bidTicks) ?? '0',
      ask: this.#price(askTicks),
      askQuantity: this.#asks.get(askTicks) ?? '0',
    };
  }

  /** Last trade price and 24-hour volume, as decimal strings. */
  lastTrade(): { price: string; volume: string } {
    return { price: this.#price(this.#lastTradeTicks), volume: this.#volume.toFixed(8) };
  }

  /** Resting liquidity a taker meets, best first: asks for a buy, bids for a sell, as numbers. */
  liquidity(side: 'BUY' | 'SELL'): Array<{ price: number; quantity: number }> {
    const levels =
      side === 'BUY' ? [...this.#asks].sort((l, r) => l[0] - r[0]) : [...this.#bids].sort((l, r) => r[0] - l[0]);
    return levels.map(([ticks, quantity]) => ({ price: Number(this.#price(ticks)), quantity: Number(quantity) }));
  }

  /** A price as the fake writes it. */
  formatPrice(price: number): string {
    return price.toFixed(this.#decimals);
  }

  // Keeps DEPTH levels each side of the mid, two ticks wide; levels that fall out are removed (quantity "0").
  #rebuild(changes: FakeLevelChange[]): void {
    for (const [isBid, levels] of [
      [true, this.#bids],
      [false, this.#asks],
    ] as const) {
      const wanted = new Set<number>();
      for (let rank = 0; rank < DEPTH; rank++)
        wanted.add(isBid ? this.#midTicks - 1 - rank : this.#midTicks + 1 + rank);
      for (const ticks of [...levels.keys()]) {
        if (wanted.has(ticks)) continue;
        levels.delete(ticks);
        changes.push(this.#change(isBid, ticks, '0'));
      }
      for (const ticks of wanted) {
        if (levels.has(ticks)) continue;
        const quantity = this.#quantity();
        levels.set(ticks, quantity);
        changes.push(this.#change(isBid, ticks, quantity));
      }
    }
  }

  #change(isBid: boolean, ticks: number, quantity: string): FakeLevelChange {
    return { side: isBid ? 'bid' : 'offer', price_level: this.#price(ticks), new_quantity: quantity };
  }

  #price(ticks: number): string {
    return (ticks * this.product.tickSize).toFixed(this.#decimals);
  }

  #level(): number {
    return Math.floor(this.#random() * DEPTH);
  }

  #quantity(): string {
    return (this.#random() * 5 + 0.01).toFixed(8);
  }
}
