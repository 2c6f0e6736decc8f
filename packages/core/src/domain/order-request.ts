/** Which way an order trades. */
export type OrderSide = 'buy' | 'sell';

/** Order types a connector may support; its manifest's capabilities say which. */
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';

/**
 * Time in force. `day` and `gtc` are near universal; `opg`/`cls` are auction orders (Alpaca), `gtd` needs
 * {@link OrderRequest.expireAtMs}, `pre`/`post` are extended-session orders (Tradier).
 */
export type TimeInForce = 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls' | 'gtd' | 'pre' | 'post';

/** Linked-order structure. `simple` is a single order; the rest need broker support (see capabilities). */
export type OrderClass = 'simple' | 'bracket' | 'oco' | 'oto';

/**
 * A broker-neutral order, as it reaches a connector after the order manager and the risk gate accepted it.
 *
 * Exactly one of `quantity` or `notional` is set. Prices are in the instrument's quote currency.
 */
export interface OrderRequest {
  /** Idempotency key: a retry with the same id never creates a second order at the broker. */
  readonly clientOrderId: string;
  /** Canonical symbol, e.g. `AAPL`, `BTC-USD`. */
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Quantity in units of the instrument (shares, coins, contracts). */
  readonly quantity?: number;
  /** Cash amount to trade instead of a quantity (market orders only, where the broker allows it). */
  readonly notional?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  /** Trailing stop distance, as a price offset or as a percentage; set at most one. */
  readonly trailPrice?: number;
  readonly trailPercent?: number;
  /** Allow execution outside regular trading hours (limit + day orders at most brokers). */
  readonly extendedHours?: boolean;
  /** Maker-only: rejected rather than taking liquidity. */
  readonly postOnly?: boolean;
  /** Expiry for `gtd`, epoch milliseconds. */
  readonly expireAtMs?: number;
  readonly orderClass?: OrderClass;
  /** Bracket / OTO legs. */
  readonly takeProfit?: { readonly limitPrice: number };
  readonly stopLoss?: { readonly stopPrice: number; readonly limitPrice?: number };
  /** Which account to trade in, for connectors that manage several. */
  readonly account?: string;
}

/** A change to a live order. Fields left out keep their value. */
export interface ReplaceRequest {
  /** The order being replaced. */
  readonly clientOrderId: string;
  /** The client order id the replacement will carry. */
  readonly newClientOrderId: string;
  readonly quantity?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly trailPrice?: number;
  readonly timeInForce?: TimeInForce;
}
