import type { OrderEvent } from '../domain/order-event';
import type { OrderFillEvent, OrderUpdateEvent } from '../oms/order-manager-events';
import type { ManagedOrder } from '../oms/order-record';

function baseEvent(order: ManagedOrder): OrderEvent {
  return {
    clientOrderId: order.clientOrderId,
    ...(order.brokerOrderId === undefined ? {} : { brokerOrderId: order.brokerOrderId }),
    status: order.status,
    ...(order.brokerStatus === undefined ? {} : { brokerStatus: order.brokerStatus }),
    cumulativeQuantity: order.filledQuantity,
    leavesQuantity: Math.max(0, order.quantity - order.filledQuantity),
    ...(order.filledQuantity > 0 ? { averageFillPrice: order.averageFillPrice } : {}),
    ...(order.replacedByClientOrderId === undefined ? {} : { replacedByClientOrderId: order.replacedByClientOrderId }),
    ...(order.lastReason === undefined ? {} : { reason: order.lastReason }),
    timestampMs: order.updatedAtMs,
  };
}

/** An order manager's status change as the broker-neutral event strategies and bridge clients receive. */
export function orderUpdateToEvent(update: Pick<OrderUpdateEvent, 'order'>): OrderEvent {
  return baseEvent(update.order);
}

/** An order manager's fill as the broker-neutral event, with the execution attached. */
export function orderFillToEvent(fill: OrderFillEvent): OrderEvent {
  const order = fill.order;
  return {
    ...baseEvent(order),
    fill: {
      executionId: fill.executionId ?? `synthetic-${order.clientOrderId}-${fill.confirmedQuantity}`,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      quantity: fill.quantity,
      price: fill.price,
      ...(fill.fee === 0 ? {} : { fee: fill.fee }),
      timestampMs: order.updatedAtMs,
    },
  };
}
