import {
  type Fill,
  type OrderAck,
  OrderError,
  type OrderEvent,
  type OrderSnapshot,
  type OrderStatus,
  RateLimitedError,
  TickwireError,
} from '@tickwire/core';
import type { SkeletonExecution, SkeletonOrder } from './skeleton-protocol';
import type { SkeletonReply } from './skeleton-requests';

const STATUS_MAP: Readonly<Record<string, OrderStatus>> = {
  accepted: 'new',
  partial: 'partially-filled',
  filled: 'filled',
  canceled: 'canceled',
  replaced: 'replaced',
  rejected: 'rejected',
};

/** The tickwire status of a venue status; one this connector does not know maps to `unknown` (never guessed). */
export function toOrderStatus(venueStatus: string): OrderStatus {
  return STATUS_MAP[venueStatus] ?? 'unknown';
}

/** A venue order as an `OrderSnapshot`. */
export function toOrderSnapshot(order: SkeletonOrder): OrderSnapshot {
  return {
    clientOrderId: order.cid,
    brokerOrderId: order.oid,
    symbol: order.sym,
    side: order.side,
    type: order.kind,
    timeInForce: order.tif,
    status: toOrderStatus(order.status),
    brokerStatus: order.status,
    quantity: order.qty,
    filledQuantity: order.cum_qty,
    ...(order.avg_px === undefined ? {} : { averageFillPrice: order.avg_px }),
    ...(order.px === undefined ? {} : { limitPrice: order.px }),
    createdAtMs: order.created,
    updatedAtMs: order.updated,
  };
}

/** A venue execution as a tickwire `Fill` (incremental, with the venue's execution id). */
export function toFill(execution: SkeletonExecution): Fill {
  return {
    executionId: execution.exec_id,
    clientOrderId: execution.cid,
    symbol: execution.sym,
    side: execution.side,
    quantity: execution.qty,
    price: execution.px,
    timestampMs: execution.ts,
  };
}

/**
 * An execution report as an order event. The venue sends both the incremental fill and the cumulative total; both
 * are passed on unchanged and the order manager reconciles them.
 */
export function toOrderEvent(
  order: SkeletonOrder,
  execution: SkeletonExecution | undefined,
  timestampMs: number,
): OrderEvent {
  return {
    clientOrderId: order.cid,
    brokerOrderId: order.oid,
    status: toOrderStatus(order.status),
    brokerStatus: order.status,
    cumulativeQuantity: order.cum_qty,
    leavesQuantity: Math.max(0, order.qty - order.cum_qty),
    ...(order.avg_px === undefined ? {} : { averageFillPrice: order.avg_px }),
    ...(execution === undefined ? {} : { fill: toFill(execution) }),
    ...(order.replaced_by === undefined ? {} : { replacedByClientOrderId: order.replaced_by }),
    timestampMs,
  };
}

/** The acknowledgement of an accepted order. */
export function toOrderAck(order: SkeletonOrder): OrderAck {
  return {
    clientOrderId: order.cid,
    brokerOrderId: order.oid,
    status: toOrderStatus(order.status),
    acceptedAtMs: order.created,
  };
}

/**
 * The tickwire error for an `error` reply to an order request: the venue's code and words kept, plus what to do next.
 * `rate_limited` becomes a `RateLimitedError` carrying the venue's delay.
 */
export function orderErrorFrom(
  reply: Extract<SkeletonReply, { type: 'error' }>,
  clientOrderId: string,
  operation: string,
): TickwireError {
  const venueWords = `Skeleton Exchange said ${reply.code}: "${reply.message}"`;
  switch (reply.code) {
    case 'rate_limited':
      return new RateLimitedError({ limitName: 'orders', retryAfterMs: reply.retry_after_ms ?? 1_000, operation });
    case 'duplicate':
      return orderError(
        'DUPLICATE_CLIENT_ORDER_ID',
        reply,
        clientOrderId,
        `${operation} ${clientOrderId}: ${venueWords}. Use a new client order id for a different order.`,
      );
    case 'not_found':
      return orderError(
        'ORDER_NOT_FOUND',
        reply,
        clientOrderId,
        `${operation} ${clientOrderId}: ${venueWords}. Check the id; reconcile if the order may have closed.`,
      );
    case 'not_cancelable':
      return orderError(
        'ORDER_NOT_CANCELABLE',
        reply,
        clientOrderId,
        `${operation} ${clientOrderId}: ${venueWords}. The order is already final.`,
      );
    case 'unauthorized':
      return new TickwireError({
        code: 'AUTH_FAILED',
        message: `${operation} ${clientOrderId}: ${venueWords}. Check apiKey and apiSecret.`,
      });
    default:
      return orderError(
        'ORDER_REJECTED',
        reply,
        clientOrderId,
        `${operation} ${clientOrderId}: ${venueWords}. Correct the order and send it again.`,
      );
  }
}

function orderError(
  code: 'DUPLICATE_CLIENT_ORDER_ID' | 'ORDER_NOT_FOUND' | 'ORDER_NOT_CANCELABLE' | 'ORDER_REJECTED',
  reply: { readonly code: string; readonly message: string },
  clientOrderId: string,
  message: string,
): OrderError {
  return new OrderError({ code, clientOrderId, brokerCode: reply.code, brokerMessage: reply.message, message });
}
