/**
 * The shapes Alpaca sends and accepts, as documented (see the package README for the sources). Everything is
 * optional or loose on purpose: Alpaca adds fields, and a connector must read what it needs and ignore the rest.
 * Numbers in REST bodies are strings (`"qty": "10"`); numbers in market-data streams are numbers.
 */

/** An order as the trading REST API and the `trade_updates` stream return it. */
export interface AlpacaOrder {
  readonly id: string;
  readonly client_order_id: string;
  readonly created_at?: string | null;
  readonly updated_at?: string | null;
  readonly submitted_at?: string | null;
  readonly filled_at?: string | null;
  readonly expired_at?: string | null;
  readonly canceled_at?: string | null;
  readonly failed_at?: string | null;
  readonly replaced_at?: string | null;
  readonly replaced_by?: string | null;
  readonly replaces?: string | null;
  readonly asset_id?: string;
  readonly symbol: string;
  readonly asset_class?: string;
  readonly notional?: string | null;
  readonly qty?: string | null;
  readonly filled_qty?: string | null;
  readonly filled_avg_price?: string | null;
  readonly order_class?: string;
  readonly order_type?: string;
  readonly type?: string;
  readonly side: string;
  readonly time_in_force?: string;
  readonly limit_price?: string | null;
  readonly stop_price?: string | null;
  readonly status: string;
  readonly extended_hours?: boolean;
  readonly legs?: readonly AlpacaOrder[] | null;
  readonly trail_percent?: string | null;
  readonly trail_price?: string | null;
  readonly hwm?: string | null;
  readonly position_intent?: string;
}

/** The body of `POST /v2/orders`. Prices and quantities are sent as strings, as Alpaca's own clients do. */
export interface AlpacaOrderBody {
  symbol: string;
  qty?: string;
  notional?: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
  time_in_force: 'day' | 'gtc' | 'opg' | 'cls' | 'ioc' | 'fok';
  limit_price?: string;
  stop_price?: string;
  trail_price?: string;
  trail_percent?: string;
  extended_hours?: boolean;
  client_order_id?: string;
  order_class?: 'simple' | 'bracket' | 'oco' | 'oto';
  take_profit?: { limit_price: string };
  stop_loss?: { stop_price: string; limit_price?: string };
}

/** The body of `PATCH /v2/orders/{id}`. */
export interface AlpacaReplaceBody {
  qty?: string;
  time_in_force?: string;
  limit_price?: string;
  stop_price?: string;
  trail?: string;
  client_order_id?: string;
}

/** `GET /v2/account`. */
export interface AlpacaAccount {
  readonly id?: string;
  readonly account_number?: string;
  readonly status?: string;
  readonly currency?: string;
  readonly cash?: string;
  readonly buying_power?: string;
  readonly equity?: string;
  readonly portfolio_value?: string;
  readonly trading_blocked?: boolean;
  readonly account_blocked?: boolean;
}

/** One entry of `GET /v2/positions`. */
export interface AlpacaPosition {
  readonly asset_id?: string;
  readonly symbol: string;
  readonly asset_class?: string;
  readonly avg_entry_price?: string;
  readonly qty?: string;
  readonly side?: string;
  readonly market_value?: string;
  readonly unrealized_pl?: string;
}

/** One entry of the 207 answer to `DELETE /v2/orders`. */
export interface AlpacaCancelAllEntry {
  readonly id: string;
  readonly status: number;
  readonly body?: { readonly code?: number; readonly message?: string } | null;
}

/** An error body: `{"code":40310000,"message":"insufficient buying power"}`. */
export interface AlpacaErrorBody {
  readonly code?: number;
  readonly message?: string;
}

/** The `data` of a `trade_updates` message. */
export interface AlpacaTradeUpdate {
  readonly event: string;
  readonly execution_id?: string;
  readonly order: AlpacaOrder;
  readonly position_qty?: string;
  readonly price?: string;
  readonly qty?: string;
  readonly timestamp?: string;
}

/** A timestamp in a MessagePack market-data frame, decoded without losing nanoseconds. */
export interface AlpacaTimeSpec {
  readonly sec: number;
  readonly nsec: number;
}

/** A market-data stream timestamp: RFC 3339 text (JSON) or a decoded MessagePack timestamp. */
export type AlpacaStreamTime = string | AlpacaTimeSpec;

/** One element of a market-data array. `T` says which; the other fields depend on it. */
export interface AlpacaDataMessage {
  readonly T: string;
  readonly S?: string;
  readonly t?: AlpacaStreamTime;
  // Quotes.
  readonly bp?: number;
  readonly bs?: number;
  readonly ap?: number;
  readonly as?: number;
  readonly bx?: string;
  readonly ax?: string;
  readonly c?: unknown;
  // Trades (p, s, i, x, tks) and bars (o, h, l, c, v, n, vw).
  readonly p?: number;
  readonly s?: number;
  readonly i?: number | string;
  readonly x?: string;
  readonly tks?: string;
  readonly o?: number;
  readonly h?: number;
  readonly l?: number;
  readonly v?: number;
  readonly n?: number;
  readonly vw?: number;
  // Orderbooks: bids, asks, reset.
  readonly b?: readonly { readonly p: number; readonly s: number }[];
  readonly a?: readonly { readonly p: number; readonly s: number }[];
  readonly r?: boolean;
  // Control messages.
  readonly msg?: string;
  readonly code?: number;
}
