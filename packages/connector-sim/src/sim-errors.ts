import { OrderError, type OrderSnapshot, TickwireError } from '@tickwire/core';

/**
 * The errors the sim connector raises, worded the way the contract asks: what went wrong, the value that caused
 * it, and what to do next.
 */

/** A request needs the link and there is none (before `connect()`, after `disconnect()`, or during a fault). */
export function notConnectedError(operation: string, state: string): TickwireError {
  return new TickwireError({
    code: 'NOT_CONNECTED',
    message:
      `sim connector: ${operation} needs a live connection, but the connection is "${state}". ` +
      'Call connect() first, or wait for the state to return to "connected" (then reconcile) and retry.',
    details: { operation, state },
  });
}

/** The venue refused an order in its answer to the submit or replace. */
export function orderRejectedError(clientOrderId: string, reason: string): OrderError {
  return new OrderError({
    code: 'ORDER_REJECTED',
    clientOrderId,
    brokerMessage: reason,
    message: `sim venue rejected order ${JSON.stringify(clientOrderId)}: ${reason} Fix the order and send it again.`,
  });
}

/** The venue does not know the order a cancel or replace named. */
export function orderNotFoundError(clientOrderId: string, operation: string): OrderError {
  return new OrderError({
    code: 'ORDER_NOT_FOUND',
    clientOrderId,
    message:
      `sim venue cannot ${operation} order ${JSON.stringify(clientOrderId)}: it holds no order with that client ` +
      'order id. Check the id; getOpenOrders() lists the working ones.',
  });
}

/** A cancel or replace named an order that has already filled, canceled, expired or been replaced. */
export function orderNotCancelableError(order: OrderSnapshot, operation: string): OrderError {
  return new OrderError({
    code: 'ORDER_NOT_CANCELABLE',
    clientOrderId: order.clientOrderId,
    brokerOrderId: order.brokerOrderId,
    brokerMessage: `order is ${order.status}`,
    message:
      `sim venue cannot ${operation} order ${JSON.stringify(order.clientOrderId)}: it is already ${order.status} ` +
      `(${order.filledQuantity} of ${order.quantity} filled). Nothing is left to ${operation}.`,
  });
}

/** A client order id the venue holds was sent again with different terms. */
export function duplicateClientOrderIdError(clientOrderId: string, existing: OrderSnapshot): OrderError {
  return new OrderError({
    code: 'DUPLICATE_CLIENT_ORDER_ID',
    clientOrderId,
    brokerOrderId: existing.brokerOrderId,
    message:
      `sim venue already holds order ${JSON.stringify(clientOrderId)} (${existing.side} ${existing.quantity} ` +
      `${existing.symbol} ${existing.type}, ${existing.status}) with different terms. A retry must repeat the ` +
      'original order exactly; a new order needs a new client order id.',
  });
}

/** The link dropped while a request was on its way: the venue may or may not have acted on it. */
export function outcomeUnknownError(clientOrderId: string, operation: string): OrderError {
  return new OrderError({
    code: 'ORDER_OUTCOME_UNKNOWN',
    clientOrderId,
    message:
      `sim connector lost the link while ${operation} of order ${JSON.stringify(clientOrderId)} was on its way; ` +
      'whether the venue acted on it is unknown. Reconcile after the reconnect before acting again.',
  });
}

/** A subscription named symbols the venue does not have. */
export function subscriptionFailedError(
  unknownSymbols: readonly string[],
  knownSymbols: readonly string[],
): TickwireError {
  return new TickwireError({
    code: 'SUBSCRIPTION_FAILED',
    message:
      `sim venue has no symbol ${unknownSymbols.map((symbol) => JSON.stringify(symbol)).join(', ')}; it simulates ` +
      `${knownSymbols.join(', ')}. Subscribe to those, or add the symbol to the connector's "symbols" config.`,
    details: { unknownSymbols: [...unknownSymbols] },
  });
}

/** A subscription asked for data kinds the sim does not produce. */
export function dataKindNotSupportedError(kinds: readonly string[]): TickwireError {
  return new TickwireError({
    code: 'NOT_SUPPORTED',
    message: `sim connector streams quotes and trades only, not ${kinds.join(', ')}. Subscribe to "quotes" or "trades".`,
    details: { kinds: [...kinds] },
  });
}

/** A scripted connect failure. */
export function connectFailedError(kind: 'auth' | 'network'): TickwireError {
  return kind === 'auth'
    ? new TickwireError({
        code: 'AUTH_FAILED',
        message:
          'sim venue refused the credentials (a scripted faults.failNextConnects({ kind: "auth" })). ' +
          'Real connectors fail this way on a wrong key; do not retry without new credentials.',
      })
    : new TickwireError({
        code: 'CONNECTION_FAILED',
        message:
          'sim venue could not be reached (a scripted faults.failNextConnects({ kind: "network" })). ' +
          'Retry connect(); the next attempt succeeds unless more failures are scripted.',
      });
}
