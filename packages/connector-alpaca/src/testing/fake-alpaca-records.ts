import type { DataKind, OrderSide, OrderType, TimeInForce } from '@tickwire/core';

/** One authentication the fake saw: a stream auth message, or the first REST request on a TCP connection. */
export interface FakeAlpacaAuthAttempt {
  readonly accepted: boolean;
  readonly atMs: number;
  readonly connectionId?: number;
}

/** What the fake did with an order request. */
export type FakeAlpacaRequestOutcome = 'accepted' | 'duplicate' | 'rejected' | 'rate-limited' | 'refused';

/** One `POST /v2/orders` that reached the fake. */
export interface FakeAlpacaOrderRecord {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly quantity?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly outcome: FakeAlpacaRequestOutcome;
  readonly brokerOrderId?: string;
  readonly atMs: number;
  /** The body as sent, for tests of the request mapping. */
  readonly body: unknown;
}

/** What the fake did with a cancel or replace. */
export type FakeAlpacaChangeOutcome =
  | 'accepted'
  | 'not-found'
  | 'not-cancelable'
  | 'rejected'
  | 'rate-limited'
  | 'refused';

/** One `DELETE /v2/orders/{id}` that reached the fake. */
export interface FakeAlpacaCancelRecord {
  readonly clientOrderId?: string;
  readonly brokerOrderId?: string;
  readonly outcome: FakeAlpacaChangeOutcome;
  readonly atMs: number;
}

/** One `PATCH /v2/orders/{id}` that reached the fake. */
export interface FakeAlpacaReplaceRecord {
  readonly clientOrderId: string;
  readonly newClientOrderId: string;
  readonly quantity?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly outcome: FakeAlpacaChangeOutcome;
  readonly atMs: number;
}

/** One subscribe or unsubscribe on a market-data stream, in tickwire's data kinds and canonical symbols. */
export interface FakeAlpacaSubscriptionRecord {
  readonly action: 'subscribe' | 'unsubscribe';
  readonly symbols: readonly string[];
  readonly kinds: readonly DataKind[];
  readonly connectionId: number;
  readonly atMs: number;
  /** The request as Alpaca channels (`{ quotes: ['AAPL'], updatedBars: [...] }`). */
  readonly channels: Readonly<Record<string, readonly string[]>>;
  /** Which stream: `v2/iex`, `v1beta3/crypto/us`. */
  readonly stream: string;
}

/** One quote the fake wrote to a client. */
export interface FakeAlpacaQuoteRecord {
  /** Canonical symbol (`AAPL`, `BTC-USD`). */
  readonly symbol: string;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
  /** The venue time stamped in the message, epoch ms with a fraction. */
  readonly venueTimeMs: number;
}

/** Everything that reached the fake: the ground truth tests assert on. Arrays only grow. */
export class FakeAlpacaRecords {
  readonly authAttempts: FakeAlpacaAuthAttempt[] = [];
  readonly orders: FakeAlpacaOrderRecord[] = [];
  readonly cancels: FakeAlpacaCancelRecord[] = [];
  readonly replaces: FakeAlpacaReplaceRecord[] = [];
  readonly subscriptions: FakeAlpacaSubscriptionRecord[] = [];
  /** Every REST request, `METHOD /path?query`. */
  readonly requests: string[] = [];
  /** Every message clients sent on any stream, decoded, with the stream path. */
  readonly streamMessages: { readonly path: string; readonly message: unknown }[] = [];
  /** WebSocket connections open now. */
  openConnections = 0;
  readonly #quotes = new Map<string, FakeAlpacaQuoteRecord[]>();

  /** Quotes written for `symbol` (canonical), in order. */
  quotesSent(symbol: string): readonly FakeAlpacaQuoteRecord[] {
    return this.#quotes.get(symbol) ?? [];
  }

  /** Logs one quote written to a client. */
  recordQuote(quote: FakeAlpacaQuoteRecord): void {
    const list = this.#quotes.get(quote.symbol);
    if (list === undefined) this.#quotes.set(quote.symbol, [quote]);
    else list.push(quote);
  }
}
