import type { OrderStatus } from '@tickwire/core';

/**
 * Alpaca's order statuses and what each means for the order manager. Statuses that say "working, nothing final"
 * without naming fills (`done_for_day`, `stopped`, `suspended`, `calculated`, `held`...) map by the filled
 * quantity: `partially-filled` when something filled, else `new` (or `pending-new` for not yet routed).
 */
const STATUS_MAP: Readonly<Record<string, OrderStatus | 'by-fill' | 'filled-or-by-fill'>> = {
  new: 'new',
  accepted: 'pending-new',
  pending_new: 'pending-new',
  accepted_for_bidding: 'pending-new',
  pending_review: 'pending-new',
  held: 'pending-new',
  partially_filled: 'partially-filled',
  filled: 'filled',
  done_for_day: 'by-fill',
  stopped: 'by-fill',
  suspended: 'by-fill',
  calculated: 'filled-or-by-fill',
  canceled: 'canceled',
  expired: 'expired',
  replaced: 'replaced',
  pending_cancel: 'pending-cancel',
  pending_replace: 'pending-replace',
  rejected: 'rejected',
};

/** Every order status Alpaca documents. */
export const ALPACA_ORDER_STATUSES: readonly string[] = Object.keys(STATUS_MAP);

/**
 * The tickwire status of an Alpaca order status, or `undefined` for a status Alpaca does not document (the caller
 * reports `unknown` with the broker's string kept, and a protocol error: never a guess, never a crash).
 */
export function mapAlpacaOrderStatus(
  alpacaStatus: string,
  filledQuantity: number,
  quantity: number,
): OrderStatus | undefined {
  const mapped = Object.hasOwn(STATUS_MAP, alpacaStatus) ? STATUS_MAP[alpacaStatus] : undefined;
  if (mapped === undefined) return undefined;
  const filledSome = filledQuantity > 0;
  if (mapped === 'by-fill') return filledSome ? 'partially-filled' : 'new';
  if (mapped === 'filled-or-by-fill') {
    if (filledSome && Number.isFinite(quantity) && filledQuantity >= quantity) return 'filled';
    return filledSome ? 'partially-filled' : 'new';
  }
  return mapped;
}

/**
 * `trade_updates` event types: the common ones, the rarer ones the reference lists, and two the official SDK's enum
 * adds. Any other event is logged, reported as a protocol error and tolerated: its order's status still counts.
 */
export const ALPACA_TRADE_UPDATE_EVENTS: ReadonlySet<string> = new Set([
  'new',
  'fill',
  'partial_fill',
  'canceled',
  'expired',
  'done_for_day',
  'replaced',
  'rejected',
  'pending_new',
  'stopped',
  'pending_cancel',
  'pending_replace',
  'calculated',
  'suspended',
  'order_replace_rejected',
  'order_cancel_rejected',
  'accepted',
  'restated',
]);

/** Events that carry one execution (`price`, `qty`, `execution_id`). */
export function isFillEvent(event: string): boolean {
  return event === 'fill' || event === 'partial_fill';
}
