/** The top of the fake market for one symbol. */
export interface FakeTopOfBook {
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
}

/** One level of a fake crypto order book. */
export interface FakeBookLevel {
  readonly p: number;
  readonly s: number;
}

/** A deterministic pseudo-random generator (mulberry32), so a seeded fake replays the same market. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const KNOWN_PRICES: Readonly<Record<string, number>> = {
  'BTC/USD': 60_000,
  'ETH/USD': 3_000,
  FAKEPACA: 100,
  AAPL: 190,
  MSFT: 420,
};

/**
 * The fake venue's prices: per symbol a top of book that walks randomly around its starting price (pulled back
 * toward it, so a test's "far below the market" limit price stays far below), in cents, with sizes. Crypto
 * symbols (`BTC/USD`) also get a five-level book.
 */
export class FakeAlpacaMarket {
  readonly #random: () => number;
  readonly #tops = new Map<string, FakeTopOfBook>();
  readonly #anchors = new Map<string, number>();

  constructor(seed: number) {
    this.#random = seededRandom(seed);
  }

  /** The current top of `symbol` (Alpaca's spelling), created on first use. */
  top(symbol: string): FakeTopOfBook {
    let top = this.#tops.get(symbol);
    if (top === undefined) {
      const anchor = KNOWN_PRICES[symbol] ?? 20 + (hash(symbol) % 480);
      this.#anchors.set(symbol, anchor);
      top = { bid: round2(anchor - 0.01), ask: round2(anchor + 0.01), bidSize: 3, askSize: 4 };
      this.#tops.set(symbol, top);
    }
    return top;
  }

  /** Sets the top (tests that need a marketable or resting price). */
  setTop(symbol: string, bid: number, ask: number): void {
    const top = this.top(symbol);
    top.bid = bid;
    top.ask = ask;
    this.#anchors.set(symbol, (bid + ask) / 2);
  }

  /** Moves `symbol` one random step; returns the new top. */
  step(symbol: string): FakeTopOfBook {
    const top = this.top(symbol);
    const anchor = this.#anchors.get(symbol)!;
    const mid = (top.bid + top.ask) / 2;
    const pull = (anchor - mid) * 0.2;
    const move = (this.#random() - 0.5) * anchor * 0.002 + pull;
    const spread = Math.max(0.01, round2(anchor * 0.0001 * (1 + Math.floor(this.#random() * 3))));
    const bid = Math.max(0.01, round2(mid + move - spread / 2));
    top.bid = bid;
    top.ask = round2(bid + spread);
    top.bidSize = 1 + Math.floor(this.#random() * 9);
    top.askSize = 1 + Math.floor(this.#random() * 9);
    return top;
  }

  /** A trade inside the current spread. */
  trade(symbol: string): { readonly price: number; readonly size: number; readonly buyerInitiated: boolean } {
    const top = this.top(symbol);
    const buyerInitiated = this.#random() < 0.5;
    return { price: buyerInitiated ? top.ask : top.bid, size: 1 + Math.floor(this.#random() * 100), buyerInitiated };
  }

  /** `depth` levels per side around the current top (level 0 is the top). */
  book(symbol: string, depth: number): { readonly bids: FakeBookLevel[]; readonly asks: FakeBookLevel[] } {
    const top = this.top(symbol);
    const tick = Math.max(0.01, round2(top.ask - top.bid));
    const bids: FakeBookLevel[] = [];
    const asks: FakeBookLevel[] = [];
    for (let level = 0; level < depth; level++) {
      bids.push({ p: round2(top.bid - level * tick), s: level === 0 ? top.bidSize : 1 + level });
      asks.push({ p: round2(top.ask + level * tick), s: level === 0 ? top.askSize : 1 + level });
    }
    return { bids, asks };
  }

  /** A uniform number in [0, 1) from the seeded generator. */
  random(): number {
    return this.#random();
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function hash(text: string): number {
  let value = 0;
  for (let index = 0; index < text.length; index++) value = (Math.imul(value, 31) + text.charCodeAt(index)) >>> 0;
  return value;
}
