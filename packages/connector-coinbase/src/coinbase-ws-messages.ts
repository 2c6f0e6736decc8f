import type { DataKind } from '@tickwire/core';

/** The market data channels tickwire subscribes to for its data kinds. */
export type CoinbaseMarketChannel = 'ticker' | 'market_trades' | 'level2';

/** Which channel carries each supported data kind. */
export const COINBASE_CHANNEL_OF_KIND: Readonly<Partial<Record<DataKind, CoinbaseMarketChannel>>> = {
  quotes: 'ticker',
  trades: 'market_trades',
  book: 'level2',
};

/** The data kind each channel carries (the fake logs subscriptions in these terms). */
export const COINBASE_KIND_OF_CHANNEL: Readonly<Record<string, DataKind>> = {
  ticker: 'quotes',
  ticker_batch: 'quotes',
  market_trades: 'trades',
  level2: 'book',
  l2_data: 'book',
  candles: 'bars',
};

/**
 * Every `channel` value a Coinbase WebSocket message may carry: the subscribable channels, plus `l2_data` (what
 * level2 messages say) and `subscriptions` (the acknowledgement). Anything else is an unknown enum value.
 */
export const COINBASE_MESSAGE_CHANNELS: ReadonlySet<string> = new Set([
  'heartbeats',
  'candles',
  'status',
  'ticker',
  'ticker_batch',
  'l2_data',
  'market_trades',
  'user',
  'futures_balance_summary',
  'subscriptions',
]);

/** A subscribe or unsubscribe request: one channel per message, a fresh JWT in each. */
export interface CoinbaseSubscribeMessage {
  readonly type: 'subscribe' | 'unsubscribe';
  readonly channel: string;
  readonly product_ids?: readonly string[];
  readonly jwt?: string;
}

/** The envelope every data message shares. */
export interface CoinbaseEnvelope {
  readonly channel: string;
  readonly client_id?: string;
  readonly timestamp: string;
  readonly sequence_num: number;
  readonly events: readonly unknown[];
}

/** An error frame: `{"type": "error", "message": "..."}`. */
export interface CoinbaseErrorFrame {
  readonly type: 'error';
  readonly message?: string;
}

/** `subscriptions` event: channel name to product ids, e.g. `{ "level2": ["BTC-USD"], "heartbeats": [...] }`. */
export interface CoinbaseSubscriptionsEvent {
  readonly subscriptions?: Readonly<Record<string, readonly string[]>>;
}

/** One ticker in a `ticker` event. */
export interface CoinbaseTicker {
  readonly type?: string;
  readonly product_id: string;
  readonly price?: string;
  readonly volume_24_h?: string;
  readonly best_bid?: string;
  readonly best_bid_quantity?: string;
  readonly best_ask?: string;
  readonly best_ask_quantity?: string;
}

/** One trade in a `market_trades` event. */
export interface CoinbaseMarketTrade {
  readonly trade_id: string;
  readonly product_id: string;
  readonly price: string;
  readonly size: string;
  readonly side: string;
  readonly time: string;
}

/** One level change in an `l2_data` event; `new_quantity` is the level's new size ("0" removes it). */
export interface CoinbaseLevel2Update {
  readonly side: string;
  readonly event_time?: string;
  readonly price_level: string;
  readonly new_quantity: string;
}

/** Words in an error frame that mean the JWT or key was refused. */
export const COINBASE_AUTH_ERROR_PATTERN = /auth|jwt|unauthori[sz]ed|forbidden|signature|credential|token/i;
