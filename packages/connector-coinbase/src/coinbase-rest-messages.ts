/**
 * Shapes of the Advanced Trade REST messages tickwire reads and writes (`/api/v3/brokerage`). Numbers are decimal
 * strings. Fields are optional where Coinbase leaves them out for some orders or products: readers check each one.
 */

/** One order configuration, keyed by its kind, e.g. `{ "limit_limit_gtc": { "base_size": "1", ... } }`. */
export type CoinbaseOrderConfiguration = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** `POST /orders` body. */
export interface CoinbaseCreateOrderBody {
  readonly client_order_id: string;
  readonly product_id: string;
  readonly side: 'BUY' | 'SELL';
  readonly order_configuration: CoinbaseOrderConfiguration;
}

/** `POST /orders` answer, success or failure. */
export interface CoinbaseCreateOrderResponse {
  readonly success?: boolean;
  readonly success_response?: {
    readonly order_id?: string;
    readonly product_id?: string;
    readonly side?: string;
    readonly client_order_id?: string;
  };
  readonly error_response?: {
    readonly error?: string;
    readonly message?: string;
    readonly error_details?: string;
    readonly preview_failure_reason?: string;
    readonly new_order_failure_reason?: string;
  };
  /** Older answers put the reason here. */
  readonly failure_reason?: string;
  readonly order_configuration?: CoinbaseOrderConfiguration;
}

/** `POST /orders/batch_cancel` answer. */
export interface CoinbaseBatchCancelResponse {
  readonly results?: readonly {
    readonly success?: boolean;
    readonly failure_reason?: string;
    readonly order_id?: string;
  }[];
}

/** An order as `GET /orders/historical/...` returns it. */
export interface CoinbaseHistoricalOrder {
  readonly order_id: string;
  readonly product_id?: string;
  readonly client_order_id?: string;
  readonly side?: string;
  readonly status?: string;
  readonly time_in_force?: string;
  readonly order_type?: string;
  readonly order_configuration?: CoinbaseOrderConfiguration;
  readonly created_time?: string;
  readonly last_fill_time?: string;
  readonly filled_size?: string;
  readonly average_filled_price?: string;
  readonly total_fees?: string;
  readonly reject_reason?: string;
  readonly cancel_message?: string;
}

/** `GET /orders/historical/batch` answer. */
export interface CoinbaseListOrdersResponse {
  readonly orders?: readonly CoinbaseHistoricalOrder[];
  readonly has_next?: boolean;
  readonly cursor?: string;
}

/** One execution as `GET /orders/historical/fills` returns it. */
export interface CoinbaseFill {
  readonly entry_id?: string;
  readonly trade_id: string;
  readonly order_id: string;
  readonly trade_time?: string;
  readonly price?: string;
  readonly size?: string;
  readonly commission?: string;
  readonly product_id?: string;
  readonly side?: string;
  readonly size_in_quote?: boolean;
}

/** `GET /orders/historical/fills` answer. */
export interface CoinbaseListFillsResponse {
  readonly fills?: readonly CoinbaseFill[];
  readonly cursor?: string;
}

/** One balance. */
export interface CoinbaseBalance {
  readonly value?: string;
  readonly currency?: string;
}

/** One account (one currency wallet) as `GET /accounts` returns it. */
export interface CoinbaseAccount {
  readonly uuid?: string;
  readonly name?: string;
  readonly currency?: string;
  readonly available_balance?: CoinbaseBalance;
  readonly hold?: CoinbaseBalance;
  readonly type?: string;
  readonly ready?: boolean;
  readonly active?: boolean;
}

/** `GET /accounts` answer. */
export interface CoinbaseListAccountsResponse {
  readonly accounts?: readonly CoinbaseAccount[];
  readonly has_next?: boolean;
  readonly cursor?: string;
  readonly size?: number;
}

/** `GET /time` answer. */
export interface CoinbaseServerTimeResponse {
  readonly iso?: string;
  readonly epochSeconds?: string;
  readonly epochMillis?: string;
}
