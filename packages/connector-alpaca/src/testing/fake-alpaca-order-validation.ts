/** A refusal as Alpaca's REST API gives it: an HTTP status and `{code, message}`. */
export interface FakeRestRefusal {
  readonly status: number;
  readonly code: number;
  readonly message: string;
}

/** An order request the fake accepted as well-formed (numbers parsed). */
export interface ValidOrderRequest {
  readonly symbol: string;
  readonly crypto: boolean;
  readonly side: 'buy' | 'sell';
  readonly type: string;
  readonly timeInForce: string;
  readonly qty?: number;
  readonly notional?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly trailPrice?: number;
  readonly trailPercent?: number;
  readonly extendedHours: boolean;
  readonly clientOrderId?: string;
  readonly orderClass: string;
  readonly takeProfit?: { readonly limitPrice: number };
  readonly stopLoss?: { readonly stopPrice: number; readonly limitPrice?: number };
}

const TYPES = new Set(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']);
const TIMES_IN_FORCE = new Set(['day', 'gtc', 'opg', 'cls', 'ioc', 'fok']);
const CRYPTO_TIMES_IN_FORCE = new Set(['gtc', 'ioc']);
const CLASSES = new Set(['simple', 'bracket', 'oco', 'oto', '']);
const MAX_CLIENT_ORDER_ID = 48;

/** `422 {"code":40010001,...}`: Alpaca's answer to a malformed order. */
export function invalid(message: string): FakeRestRefusal {
  return { status: 422, code: 40010001, message };
}

/**
 * Checks a `POST /v2/orders` body the way Alpaca documents it: qty xor notional (notional for market/day only),
 * prices per type, trailing stops, extended hours (limit + day), client order ids of at most 48 characters, the
 * bracket/OCO/OTO legs, and crypto's gtc/ioc. Numbers may be strings or numbers, as Alpaca accepts both.
 */
export function validateOrderRequest(body: unknown): ValidOrderRequest | FakeRestRefusal {
  if (typeof body !== 'object' || body === null) return invalid('request body must be a JSON object');
  const fields = body as Record<string, unknown>;
  const symbol = fields.symbol;
  if (typeof symbol !== 'string' || symbol === '') return invalid('symbol is required');
  const crypto = symbol.includes('/');
  const side = fields.side;
  if (side !== 'buy' && side !== 'sell') return invalid(`invalid side: ${String(side)}`);
  const type = String(fields.type ?? fields.order_type ?? '');
  if (!TYPES.has(type)) return invalid(`invalid order type: ${type}`);
  const timeInForce = String(fields.time_in_force ?? '');
  if (!TIMES_IN_FORCE.has(timeInForce)) return invalid(`invalid time_in_force: ${timeInForce}`);
  if (crypto && !CRYPTO_TIMES_IN_FORCE.has(timeInForce)) {
    return invalid(`invalid crypto time_in_force: ${timeInForce}; crypto orders take gtc or ioc`);
  }
  const numbers: Record<string, number | undefined> = {};
  for (const name of ['qty', 'notional', 'limit_price', 'stop_price', 'trail_price', 'trail_percent']) {
    const parsed = positiveNumber(fields[name]);
    if (parsed === null) return invalid(`${name} must be a positive number`);
    numbers[name] = parsed;
  }
  const { qty, notional } = numbers;
  if ((qty === undefined) === (notional === undefined)) return invalid('qty or notional is required, not both');
  if (notional !== undefined && (type !== 'market' || timeInForce !== 'day') && !crypto) {
    return invalid('notional orders are only supported for market orders with time_in_force day');
  }
  const needsLimit = type === 'limit' || type === 'stop_limit';
  const needsStop = type === 'stop' || type === 'stop_limit';
  if (needsLimit && numbers.limit_price === undefined) return invalid('limit_price is required');
  if (needsStop && numbers.stop_price === undefined) return invalid('stop_price is required');
  if (type === 'trailing_stop' && (numbers.trail_price === undefined) === (numbers.trail_percent === undefined)) {
    return invalid('trailing stop orders need exactly one of trail_price and trail_percent');
  }
  const extendedHours = fields.extended_hours === true;
  if (extendedHours && (type !== 'limit' || timeInForce !== 'day')) {
    return invalid('extended hours order must be DAY limit orders');
  }
  const clientOrderId = fields.client_order_id;
  if (
    clientOrderId !== undefined &&
    (typeof clientOrderId !== 'string' || clientOrderId.length > MAX_CLIENT_ORDER_ID)
  ) {
    return invalid(`client_order_id must be a string of at most ${MAX_CLIENT_ORDER_ID} characters`);
  }
  const orderClass = String(fields.order_class ?? 'simple');
  if (!CLASSES.has(orderClass)) return invalid(`invalid order_class: ${orderClass}`);
  const legs = validateLegs(fields, orderClass === '' ? 'simple' : orderClass, type);
  if ('status' in legs) return legs;
  return {
    symbol,
    crypto,
    side,
    type,
    timeInForce,
    ...(qty === undefined ? {} : { qty }),
    ...(notional === undefined ? {} : { notional }),
    ...(numbers.limit_price === undefined ? {} : { limitPrice: numbers.limit_price }),
    ...(numbers.stop_price === undefined ? {} : { stopPrice: numbers.stop_price }),
    ...(numbers.trail_price === undefined ? {} : { trailPrice: numbers.trail_price }),
    ...(numbers.trail_percent === undefined ? {} : { trailPercent: numbers.trail_percent }),
    extendedHours,
    ...(typeof clientOrderId === 'string' ? { clientOrderId } : {}),
    orderClass: orderClass === '' ? 'simple' : orderClass,
    ...legs,
  };
}

function validateLegs(
  fields: Record<string, unknown>,
  orderClass: string,
  type: string,
): Pick<ValidOrderRequest, 'takeProfit' | 'stopLoss'> | FakeRestRefusal {
  const takeProfitBody = fields.take_profit as Record<string, unknown> | undefined;
  const stopLossBody = fields.stop_loss as Record<string, unknown> | undefined;
  const takeLimit = positiveNumber(takeProfitBody?.limit_price);
  const stopPrice = positiveNumber(stopLossBody?.stop_price);
  const stopLimit = positiveNumber(stopLossBody?.limit_price);
  if (takeLimit === null || stopPrice === null || stopLimit === null)
    return invalid('leg prices must be positive numbers');
  if (takeProfitBody !== undefined && takeLimit === undefined) return invalid('take_profit.limit_price is required');
  if (stopLossBody !== undefined && stopPrice === undefined) return invalid('stop_loss.stop_price is required');
  const hasTake = takeLimit !== undefined;
  const hasStop = stopPrice !== undefined;
  if (orderClass === 'simple' && (hasTake || hasStop))
    return invalid('take_profit/stop_loss need order_class bracket, oco or oto');
  if ((orderClass === 'bracket' || orderClass === 'oco') && !(hasTake && hasStop)) {
    return invalid(`${orderClass} orders require take_profit and stop_loss`);
  }
  if (orderClass === 'oco' && type !== 'limit') return invalid('oco orders must be limit orders');
  if (orderClass === 'oto' && hasTake === hasStop)
    return invalid('oto orders require one of take_profit and stop_loss');
  return {
    ...(takeLimit === undefined ? {} : { takeProfit: { limitPrice: takeLimit } }),
    ...(stopPrice === undefined
      ? {}
      : { stopLoss: { stopPrice, ...(stopLimit === undefined ? {} : { limitPrice: stopLimit }) } }),
  };
}

/** A positive number from a string or number; undefined when absent; null when present but unusable. */
export function positiveNumber(value: unknown): number | undefined | null {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(number) && number > 0 ? number : null;
}
