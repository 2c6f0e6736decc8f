import { OrderError, type OrderRequest, type ReplaceRequest, TickwireError } from '@tickwire/core';
import { toAlpacaSymbol } from './alpaca-symbols';
import type { AlpacaOrderBody, AlpacaReplaceBody } from './alpaca-wire-types';

/** Alpaca's longest client order id (the docs repository says 48). */
export const ALPACA_CLIENT_ORDER_ID_MAX_LENGTH = 48;

const ALPACA_TIME_IN_FORCE = new Set(['day', 'gtc', 'opg', 'cls', 'ioc', 'fok']);

/**
 * A number as Alpaca wants it in a body: a plain decimal string. `String(1e-7)` would give `"1e-7"`, which Alpaca
 * refuses, so tiny and huge values are written out.
 */
export function formatAlpacaDecimal(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // toFixed itself switches to exponents from 1e21 up; such values are whole numbers anyway.
  if (Math.abs(value) >= 1e21) return BigInt(value).toString();
  return value.toFixed(12).replace(/\.?0+$/, '');
}

/**
 * The `POST /v2/orders` body for an order: every order type (market, limit, stop, stop_limit, trailing_stop),
 * every time in force Alpaca has (day, gtc, opg, cls, ioc, fok), quantity or notional, extended hours, and the
 * bracket, OCO and OTO classes. Breaks of Alpaca's documented rules are refused here, before the wire, with an
 * `OrderError` (`ORDER_REJECTED`) naming the rule; features Alpaca lacks (`gtd`, `pre`/`post`, post-only) are
 * refused with `NOT_SUPPORTED`.
 */
export function toAlpacaOrderBody(order: OrderRequest): AlpacaOrderBody {
  const refuse = (rule: string) => rejectOrder(order.clientOrderId, rule);
  if (!ALPACA_TIME_IN_FORCE.has(order.timeInForce)) {
    throw notSupported(
      order.clientOrderId,
      `time in force "${order.timeInForce}"`,
      'use day, gtc, opg, cls, ioc or fok (Alpaca has no gtd; for pre/post-market use extendedHours with a day limit order)',
    );
  }
  if (order.postOnly === true) {
    throw notSupported(order.clientOrderId, 'post-only orders', 'leave postOnly unset; Alpaca has no maker-only flag');
  }
  if (order.clientOrderId.length === 0 || order.clientOrderId.length > ALPACA_CLIENT_ORDER_ID_MAX_LENGTH) {
    refuse(
      `client order id must be 1..${ALPACA_CLIENT_ORDER_ID_MAX_LENGTH} characters (got ${order.clientOrderId.length})`,
    );
  }
  const hasQuantity = order.quantity !== undefined;
  const hasNotional = order.notional !== undefined;
  if (hasQuantity === hasNotional) refuse('set exactly one of quantity and notional');
  if (hasQuantity && !(order.quantity! > 0)) refuse(`quantity must be positive (got ${order.quantity})`);
  if (hasNotional) {
    if (!(order.notional! > 0)) refuse(`notional must be positive (got ${order.notional})`);
    if (order.type !== 'market' || order.timeInForce !== 'day') {
      refuse(`notional orders must be market orders with time in force day (got ${order.type}/${order.timeInForce})`);
    }
  }
  const body: AlpacaOrderBody = {
    symbol: toAlpacaSymbol(order.symbol),
    side: order.side,
    type: order.type,
    time_in_force: order.timeInForce as AlpacaOrderBody['time_in_force'],
    client_order_id: order.clientOrderId,
  };
  if (hasQuantity) body.qty = formatAlpacaDecimal(order.quantity!);
  if (hasNotional) body.notional = formatAlpacaDecimal(order.notional!);
  applyPrices(order, body, refuse);
  if (order.extendedHours === true) {
    if (order.type !== 'limit' || order.timeInForce !== 'day') {
      refuse(`extended hours needs a limit order with time in force day (got ${order.type}/${order.timeInForce})`);
    }
    body.extended_hours = true;
  }
  applyOrderClass(order, body, refuse);
  return body;
}

function applyPrices(order: OrderRequest, body: AlpacaOrderBody, refuse: (rule: string) => never): void {
  const needsLimit = order.type === 'limit' || order.type === 'stop_limit';
  const needsStop = order.type === 'stop' || order.type === 'stop_limit';
  if (needsLimit && order.limitPrice === undefined) refuse(`a ${order.type} order needs a limit price`);
  if (needsStop && order.stopPrice === undefined) refuse(`a ${order.type} order needs a stop price`);
  if (!needsLimit && order.limitPrice !== undefined && order.orderClass !== 'oco') {
    refuse(`a ${order.type} order takes no limit price`);
  }
  if (!needsStop && order.stopPrice !== undefined) refuse(`a ${order.type} order takes no stop price`);
  if (order.limitPrice !== undefined) body.limit_price = positivePrice(order.limitPrice, 'limit price', refuse);
  if (order.stopPrice !== undefined) body.stop_price = positivePrice(order.stopPrice, 'stop price', refuse);
  const trails = (order.trailPrice === undefined ? 0 : 1) + (order.trailPercent === undefined ? 0 : 1);
  if (order.type === 'trailing_stop') {
    if (trails !== 1) refuse('a trailing_stop order needs exactly one of trailPrice and trailPercent');
    if (order.trailPrice !== undefined) body.trail_price = positivePrice(order.trailPrice, 'trail price', refuse);
    if (order.trailPercent !== undefined)
      body.trail_percent = positivePrice(order.trailPercent, 'trail percent', refuse);
  } else if (trails > 0) {
    refuse('trailPrice and trailPercent belong to trailing_stop orders only');
  }
}

function applyOrderClass(order: OrderRequest, body: AlpacaOrderBody, refuse: (rule: string) => never): void {
  const orderClass = order.orderClass ?? 'simple';
  const { takeProfit, stopLoss } = order;
  if (orderClass === 'simple') {
    if (takeProfit !== undefined || stopLoss !== undefined) {
      refuse('takeProfit and stopLoss need order class bracket, oco or oto');
    }
    return;
  }
  body.order_class = orderClass;
  if (orderClass === 'bracket' && (takeProfit === undefined || stopLoss === undefined)) {
    refuse('a bracket order needs both takeProfit and stopLoss');
  }
  if (orderClass === 'oco') {
    if (takeProfit === undefined || stopLoss === undefined) refuse('an OCO order needs both takeProfit and stopLoss');
    if (order.type !== 'limit') refuse(`an OCO order is a limit order (got ${order.type})`);
  }
  if (orderClass === 'oto' && (takeProfit === undefined) === (stopLoss === undefined)) {
    refuse('an OTO order needs exactly one of takeProfit and stopLoss');
  }
  if (takeProfit !== undefined) {
    body.take_profit = { limit_price: positivePrice(takeProfit.limitPrice, 'take-profit limit price', refuse) };
  }
  if (stopLoss !== undefined) {
    body.stop_loss = {
      stop_price: positivePrice(stopLoss.stopPrice, 'stop-loss stop price', refuse),
      ...(stopLoss.limitPrice === undefined
        ? {}
        : { limit_price: positivePrice(stopLoss.limitPrice, 'stop-loss limit price', refuse) }),
    };
  }
}

/** The `PATCH /v2/orders/{id}` body for a replace; Alpaca keeps every field left out. */
export function toAlpacaReplaceBody(request: ReplaceRequest): AlpacaReplaceBody {
  const refuse = (rule: string) => rejectOrder(request.clientOrderId, rule);
  if (request.newClientOrderId.length === 0 || request.newClientOrderId.length > ALPACA_CLIENT_ORDER_ID_MAX_LENGTH) {
    refuse(`the new client order id must be 1..${ALPACA_CLIENT_ORDER_ID_MAX_LENGTH} characters`);
  }
  if (request.timeInForce !== undefined && !ALPACA_TIME_IN_FORCE.has(request.timeInForce)) {
    throw notSupported(
      request.clientOrderId,
      `time in force "${request.timeInForce}"`,
      'use day, gtc, opg, cls, ioc or fok',
    );
  }
  const body: AlpacaReplaceBody = { client_order_id: request.newClientOrderId };
  if (request.quantity !== undefined) {
    if (!(request.quantity > 0)) refuse(`quantity must be positive (got ${request.quantity})`);
    body.qty = formatAlpacaDecimal(request.quantity);
  }
  if (request.limitPrice !== undefined) body.limit_price = positivePrice(request.limitPrice, 'limit price', refuse);
  if (request.stopPrice !== undefined) body.stop_price = positivePrice(request.stopPrice, 'stop price', refuse);
  if (request.trailPrice !== undefined) body.trail = positivePrice(request.trailPrice, 'trail', refuse);
  if (request.timeInForce !== undefined) body.time_in_force = request.timeInForce;
  return body;
}

function positivePrice(value: number, what: string, refuse: (rule: string) => never): string {
  if (!(value > 0 && value < Number.POSITIVE_INFINITY)) refuse(`${what} must be a positive number (got ${value})`);
  return formatAlpacaDecimal(value);
}

function rejectOrder(clientOrderId: string, rule: string): never {
  throw new OrderError({
    code: 'ORDER_REJECTED',
    clientOrderId,
    message: `Order ${clientOrderId} breaks an Alpaca rule and was not sent: ${rule}. Fix the order and submit it again.`,
  });
}

function notSupported(clientOrderId: string, what: string, next: string): TickwireError {
  return new TickwireError({
    code: 'NOT_SUPPORTED',
    message: `Order ${clientOrderId}: Alpaca does not support ${what}; ${next}.`,
    details: { clientOrderId },
  });
}
