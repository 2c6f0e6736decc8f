import type { IntentOutcome } from '../bridge/intent-handler';
import type { Logger } from '../connector/logger';
import type { Instrument } from '../domain/instrument';
import type { OrderRequest } from '../domain/order-request';
import type { FeedHealthEvents } from '../feed/feed-health-events';
import type { LastQuote } from '../feed/last-quote-book';
import type { OrderFillEvent, OrderUpdateEvent } from '../oms/order-manager-events';

/** What the runtime gives an in-process strategy. Orders go through the same order manager and risk gate as any. */
export interface StrategyContext {
  readonly logger: Logger;
  /** Wall-clock epoch milliseconds. */
  nowMs(): number;
  /** The symbol behind a tick's `symbol_id`, when the runtime knows it. */
  symbolOf(symbolId: number): string | undefined;
  /** A configured instrument (increments, asset class), or undefined for a symbol no connector trades. */
  instrument(symbol: string): Instrument | undefined;
  /** The last quote of a symbol (fields NaN before the first). */
  lastQuote(symbol: string): LastQuote;
  /** Submits an order; resolves with accepted, denied (with the reason code) or unknown-outcome. Never rejects. */
  submitOrder(order: OrderRequest): Promise<IntentOutcome>;
  cancelOrder(clientOrderId: string): Promise<IntentOutcome>;
}

/**
 * An in-process strategy. `onTick` is called for every tick on the main thread, with the 32-byte v1 record at
 * `byteOffset` of `view` (decode with `readTickSymbolId`, `decodeTick`...); it must be quick and must not keep the
 * view, which the ring reuses.
 */
export interface Strategy {
  readonly name: string;
  start?(context: StrategyContext): void | Promise<void>;
  onTick?(view: DataView, byteOffset: number): void;
  onOrderUpdate?(event: OrderUpdateEvent): void;
  onFill?(event: OrderFillEvent): void;
  /** Feed health changes: stale, fresh, gap, resynced, crossed, uncrossed. */
  onHealth?<Type extends keyof FeedHealthEvents>(type: Type, event: FeedHealthEvents[Type]): void;
  stop?(): void | Promise<void>;
}

/** A module that exports a strategy factory as default: `export default defineStrategy((options) => ({ ... }))`. */
export type StrategyFactory = (options: unknown) => Strategy;

/** Declares a strategy factory with its types checked. */
export function defineStrategy(factory: StrategyFactory): StrategyFactory {
  return factory;
}
