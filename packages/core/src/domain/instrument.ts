/** Asset classes a connector can trade or stream. */
export type AssetClass = 'equity' | 'option' | 'future' | 'fx' | 'crypto';

/** What the core needs to know about a tradable symbol. */
export interface Instrument {
  /** Canonical symbol, e.g. `AAPL`, `BTC-USD`, `EUR/USD`. */
  readonly symbol: string;
  readonly assetClass: AssetClass;
  /** Smallest price step. Ticks flag prices that f32 cannot carry exactly at this step. */
  readonly priceIncrement: number;
  /** Smallest quantity step (1 for most equities, 1e-8 for many coins). */
  readonly quantityIncrement: number;
  readonly minQuantity?: number;
}
