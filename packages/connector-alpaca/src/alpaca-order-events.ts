import { type ConnectorContext, type Fill, type OrderEvent, TickwireError } from '@tickwire/core';
import { ALPACA_TRADE_UPDATE_EVENTS, isFillEvent } from './alpaca-order-status';
import type { AlpacaOrderTracker } from './alpaca-order-tracker';
import { filledQuantityOf, statusOfAlpacaOrder, updatedAtMsOf } from './alpaca-rest-mapping';
import { fromAlpacaSymbol } from './alpaca-symbols';
import { alpacaNumber, alpacaTimeMs, optionalAlpacaNumber } from './alpaca-values';
import type { AlpacaTradeUpdate } from './alpaca-wire-types';

/** Options for {@link AlpacaOrderEventMapper}. */
export interface AlpacaOrderEventMapperOptions {
  readonly context: ConnectorContext;
  readonly tracker: AlpacaOrderTracker;
  /**
   * The client order id of the order (Alpaca id `replacementId`) that replaced `replacedId`, for a `replaced` event
   * whose replacement the connector has not seen yet (the stream can be faster than the replace call's answer).
   */
  readonly resolveReplacement: (replacedId: string, replacementId: string) => Promise<string | undefined>;
}

/**
 * Turns `trade_updates` events into order events. Every event carries the order's status and cumulative filled
 * quantity; `fill` and `partial_fill` add the incremental execution (`qty` at `price`, with Alpaca's
 * `execution_id`). An unknown event type is logged and reported as a protocol error, and its order's status still
 * counts; an unknown order status becomes `unknown` with Alpaca's string kept. Nothing here throws.
 */
export class AlpacaOrderEventMapper {
  readonly #options: AlpacaOrderEventMapperOptions;

  constructor(options: AlpacaOrderEventMapperOptions) {
    this.#options = options;
  }

  /** Maps one event and emits it (a `replaced` event whose replacement is unknown is emitted once resolved). */
  onTradeUpdate(update: AlpacaTradeUpdate): void {
    const { context, tracker } = this.#options;
    const { order } = update;
    tracker.remember(order);
    const { status, known } = statusOfAlpacaOrder(order);
    if (!ALPACA_TRADE_UPDATE_EVENTS.has(update.event)) {
      context.logger.warn('Alpaca trade_updates: unknown event type, using the order status it carries', {
        event: update.event,
        clientOrderId: order.client_order_id,
        orderStatus: order.status,
      });
      context.health.reportProtocolError(
        new TickwireError({
          code: 'PROTOCOL_ERROR',
          message: `Alpaca sent trade_updates event "${update.event}", which this connector does not know, for order ${order.client_order_id}; its order status "${order.status}" was used.`,
          details: { event: update.event, clientOrderId: order.client_order_id },
        }),
      );
    }
    if (!known) {
      context.health.reportProtocolError(
        new TickwireError({
          code: 'PROTOCOL_ERROR',
          message: `Alpaca reported order ${order.client_order_id} with status "${order.status}", which this connector does not know; reported as unknown for the order manager to reconcile.`,
          details: { orderStatus: order.status, clientOrderId: order.client_order_id },
        }),
      );
    }
    const timestampMs = alpacaTimeMs(update.timestamp) ?? updatedAtMsOf(order) ?? context.clock.nowMs();
    const filled = filledQuantityOf(order);
    const quantity = alpacaNumber(order.qty);
    const averageFillPrice = optionalAlpacaNumber(order.filled_avg_price);
    const fill = isFillEvent(update.event) ? this.#execution(update, timestampMs) : undefined;
    const reason = reasonOf(update.event);
    const event: OrderEvent = {
      clientOrderId: order.client_order_id,
      brokerOrderId: order.id,
      status,
      brokerStatus: order.status,
      cumulativeQuantity: filled,
      ...(Number.isFinite(quantity) ? { leavesQuantity: Math.max(0, quantity - filled) } : {}),
      ...(averageFillPrice === undefined || filled === 0 ? {} : { averageFillPrice }),
      ...(fill === undefined ? {} : { fill }),
      ...(reason === undefined ? {} : { reason }),
      timestampMs,
    };
    const replacementId = order.replaced_by ?? undefined;
    if (status !== 'replaced' || replacementId === undefined) {
      context.orderEvents.emit(event);
      return;
    }
    const replacedBy = tracker.clientOrderIdOf(replacementId);
    if (replacedBy !== undefined) {
      context.orderEvents.emit({ ...event, replacedByClientOrderId: replacedBy });
      return;
    }
    void this.#options.resolveReplacement(order.id, replacementId).then(
      (resolved) =>
        context.orderEvents.emit(resolved === undefined ? event : { ...event, replacedByClientOrderId: resolved }),
      (error: unknown) => {
        context.logger.warn('Alpaca: could not find the order that replaced one; replaced event sent without it', {
          clientOrderId: order.client_order_id,
          replacedBy: replacementId,
          error,
        });
        context.orderEvents.emit(event);
      },
    );
  }

  #execution(update: AlpacaTradeUpdate, timestampMs: number): Fill | undefined {
    const { context, tracker } = this.#options;
    const { order } = update;
    const quantity = optionalAlpacaNumber(update.qty);
    const price = optionalAlpacaNumber(update.price);
    if (quantity === undefined || price === undefined || !(quantity > 0) || !(price >= 0)) {
      context.health.reportProtocolError(
        new TickwireError({
          code: 'PROTOCOL_ERROR',
          message: `Alpaca sent a ${update.event} event for order ${order.client_order_id} without a usable qty/price (qty ${String(update.qty)}, price ${String(update.price)}); only its cumulative filled quantity was used.`,
        }),
      );
      return undefined;
    }
    // A missing execution id gets one keyed by the cumulative total, which is stable across replays.
    const executionId = update.execution_id ?? `${order.id}:filled:${filledQuantityOf(order)}`;
    const include = tracker.recordExecution(order, { executionId, quantity, price, timestampMs });
    if (!include) return undefined;
    return {
      executionId,
      clientOrderId: order.client_order_id,
      symbol: fromAlpacaSymbol(order.symbol, order.asset_class),
      side: order.side === 'sell' ? 'sell' : 'buy',
      quantity,
      price,
      timestampMs,
    };
  }
}

function reasonOf(event: string): string | undefined {
  if (event === 'order_cancel_rejected') return 'Alpaca rejected the cancel request';
  if (event === 'order_replace_rejected') return 'Alpaca rejected the replace request';
  return undefined;
}
