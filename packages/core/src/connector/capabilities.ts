import type { AssetClass } from '../domain/instrument';
import type { OrderClass, OrderType, TimeInForce } from '../domain/order-request';

/**
 * Kinds of market data a connector can stream. `quotes` and `trades` reach the ring as ticks; every kind can also
 * reach callers as full-precision events through {@link MarketDataSink}.
 */
export type DataKind = 'quotes' | 'trades' | 'bars' | 'book';

/** Every {@link DataKind}, for validation and iteration. */
export const DATA_KINDS: readonly DataKind[] = ['quotes', 'trades', 'bars', 'book'];

/** Whether a connector talks to a paper (simulated) account, a live one, or can do either by configuration. */
export type TradingMode = 'paper' | 'live';

/**
 * One rate limit the venue enforces, as a token bucket: up to `capacity` requests at once, refilled at
 * `refillPerSecond`. Alpaca's 200 requests/min is `{ name: 'rest', capacity: 200, refillPerSecond: 200 / 60 }`.
 */
export interface RateLimitBucketSpec {
  /** Short, stable name used in errors and metrics, e.g. `rest`, `orders`, `ws-messages`. */
  readonly name: string;
  readonly capacity: number;
  readonly refillPerSecond: number;
  /** What the venue counts the limit against; buckets with scope `account` or `ip` may be shared by the host. */
  readonly scope?: 'connection' | 'account' | 'ip';
  /** Where the figure comes from or what it covers, for people reading `tickwire connectors`. */
  readonly description?: string;
}

/**
 * What a connector can do. The host, the order manager and the test kit read it: the risk gate refuses an order
 * type the connector lacks before it reaches the wire, and the test kit skips the cases a capability excludes.
 * An empty list means "none": a data-only connector has `orderTypes: []`, an order-only one `dataKinds: []`.
 */
export interface ConnectorCapabilities {
  readonly assetClasses: readonly AssetClass[];
  readonly orderTypes: readonly OrderType[];
  readonly timeInForce: readonly TimeInForce[];
  /** `simple` at least, for any connector that trades. */
  readonly orderClasses: readonly OrderClass[];
  readonly dataKinds: readonly DataKind[];
  /** Which account kinds the connector can reach. */
  readonly tradingModes: readonly TradingMode[];
  /** True when the venue deduplicates on the client order id, so resending a submit cannot create a second order. */
  readonly idempotentClientOrderIds: boolean;
  /** Longest client order id the venue accepts (Alpaca 48); the order manager generates ids that fit. */
  readonly clientOrderIdMaxLength?: number;
  /** True when {@link ITradingConnector.replaceOrder} is native; false means it throws `NOT_SUPPORTED`. */
  readonly replaceOrders: boolean;
  /** True when {@link ITradingConnector.cancelAllOrders} is implemented with one venue call. */
  readonly cancelAllOrders: boolean;
  /**
   * True when {@link ITradingConnector.reconcile} returns closed orders and fills since a time. False means it
   * returns open orders only, and the order manager marks orders it cannot account for as `unknown`.
   */
  readonly reconciliation: boolean;
  /** Orders by cash amount ({@link OrderRequest.notional}). */
  readonly notionalOrders: boolean;
  /** Fractional quantities. */
  readonly fractionalQuantity: boolean;
  /** Orders that may execute outside regular trading hours. */
  readonly extendedHours: boolean;
  /** Most symbols one connection may stream (Alpaca IEX: 30); absent when the venue sets no limit. */
  readonly maxSubscribedSymbols?: number;
  /** The venue's rate limits. The connector creates a limiter for each through its context. */
  readonly rateLimitBuckets: readonly RateLimitBucketSpec[];
}
