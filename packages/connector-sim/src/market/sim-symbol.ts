import type { AssetClass, Instrument } from '@tickwire/core';
import type { PriceProcessKind } from './price-process';

/**
 * Everything the simulator needs to know about one symbol: the instrument, its price model and how busy its
 * market is. The connector's config schema fills in every field, so the market code never guesses defaults.
 */
export interface SimSymbolSpec {
  /** Canonical symbol, e.g. `SIM-AAPL`. */
  readonly symbol: string;
  readonly assetClass: AssetClass;
  /** First mid price, > 0. */
  readonly startPrice: number;
  /** Smallest price step; quotes and fills sit on this grid. */
  readonly priceIncrement: number;
  /** Smallest quantity step; quote sizes, trade sizes and order quantities sit on this grid. */
  readonly quantityIncrement: number;
  /** The price model. */
  readonly process: PriceProcessKind;
  /** Annualised volatility of log returns, e.g. 0.3. */
  readonly volatility: number;
  /** Annualised drift, for `gbm`. */
  readonly drift: number;
  /** Half-life of deviations from `meanPrice` in seconds, for `mean-reverting`. */
  readonly halfLifeSeconds: number;
  /** Long-run price for `mean-reverting`; the start price when left out. */
  readonly meanPrice?: number;
  /** Quoted spread, in price increments (>= 1). */
  readonly spreadTicks: number;
  /** Average quote updates per second (Poisson arrivals); 0 for none. */
  readonly quoteRate: number;
  /** Average trade prints per second (Poisson arrivals); 0 for none. */
  readonly tradeRate: number;
  /** Average size shown at the bid and at the ask: the liquidity an order can take per quote. */
  readonly quoteSize: number;
  /** Average size of a trade print. */
  readonly tradeSize: number;
  /**
   * Most one order can fill per quote or trade, on top of the size at the touch. Lower it to force partial fills
   * in tests; unlimited when left out.
   */
  readonly maxFillQuantity?: number;
}

/** The {@link Instrument} a simulated symbol trades as. */
export function instrumentOf(spec: SimSymbolSpec): Instrument {
  return {
    symbol: spec.symbol,
    assetClass: spec.assetClass,
    priceIncrement: spec.priceIncrement,
    quantityIncrement: spec.quantityIncrement,
    minQuantity: spec.quantityIncrement,
  };
}

/**
 * The market the connector simulates when its config names no symbols: two equities, a coin and a currency pair,
 * about 4,000 ticks/s in total.
 */
export const DEFAULT_SIM_SYMBOLS: readonly SimSymbolSpec[] = [
  {
    symbol: 'SIM-AAPL',
    assetClass: 'equity',
    startPrice: 190,
    priceIncrement: 0.01,
    quantityIncrement: 1,
    process: 'gbm',
    volatility: 0.3,
    drift: 0,
    halfLifeSeconds: 3600,
    spreadTicks: 1,
    quoteRate: 800,
    tradeRate: 100,
    quoteSize: 300,
    tradeSize: 100,
  },
  {
    symbol: 'SIM-MSFT',
    assetClass: 'equity',
    startPrice: 420,
    priceIncrement: 0.01,
    quantityIncrement: 1,
    process: 'gbm',
    volatility: 0.25,
    drift: 0,
    halfLifeSeconds: 3600,
    spreadTicks: 2,
    quoteRate: 600,
    tradeRate: 80,
    quoteSize: 200,
    tradeSize: 100,
  },
  {
    symbol: 'SIM-BTC',
    assetClass: 'crypto',
    startPrice: 65_000,
    priceIncrement: 0.01,
    quantityIncrement: 0.0001,
    process: 'gbm',
    volatility: 0.6,
    drift: 0,
    halfLifeSeconds: 3600,
    spreadTicks: 10,
    quoteRate: 1_000,
    tradeRate: 200,
    quoteSize: 0.5,
    tradeSize: 0.05,
  },
  {
    symbol: 'SIM-EUR/USD',
    assetClass: 'fx',
    startPrice: 1.085,
    priceIncrement: 0.00001,
    quantityIncrement: 1_000,
    process: 'mean-reverting',
    volatility: 0.08,
    drift: 0,
    halfLifeSeconds: 3600,
    spreadTicks: 8,
    quoteRate: 1_200,
    tradeRate: 50,
    quoteSize: 1_000_000,
    tradeSize: 100_000,
  },
];
