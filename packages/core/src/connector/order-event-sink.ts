import type { OrderEvent } from '../domain/order-event';

/**
 * Where a connector reports everything it learns about orders: acknowledgements, fills, cancels, replaces,
 * rejections, expiries, and broker statuses it cannot map (as `unknown`, with `brokerStatus` kept).
 *
 * The order manager behind it is idempotent: the same fill (same `executionId`) or the same status reported twice
 * is counted once, so a connector reports what the broker said without trying to deduplicate.
 * `emit` never throws and returns quickly; the host queues the event.
 */
export interface OrderEventSink {
  emit(event: OrderEvent): void;
}
