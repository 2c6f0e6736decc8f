import type { TickDraft } from '../tick/tick-writer';
import type { OrderBook } from './order-book';

/**
 * Writes the book's best bid and ask into a tick draft (`NaN` for an empty side, as the tick format expects).
 * Only `bid` and `ask` are touched: the caller sets time, symbol id, volume and flags as for any quote tick.
 * Returns false, writing nothing, while the book needs a resync: a stale top must not reach the ring.
 *
 * @example
 * ```ts
 * if (book.acceptSequence(sequence) && book.applyUpdate('ask', price, size) && writeBookTop(book, writer.draft)) {
 *   writer.draft.epochSeconds = seconds; // ...the other fields
 *   writer.publish();
 * }
 * ```
 */
export function writeBookTop(book: OrderBook, draft: TickDraft): boolean {
  if (book.needsResync) return false;
  draft.bid = book.bestBid;
  draft.ask = book.bestAsk;
  return true;
}
