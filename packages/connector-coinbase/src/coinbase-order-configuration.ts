import { OrderError, type OrderRequest, type OrderType, TickwireError, type TimeInForce } from '@tickwire/core';
import { formatCoinbaseDecimal, parseCoinbaseDecimal } from './coinbase-decimal';
import type { CoinbaseOrderConfiguration } from './coinbase-rest-messages';

/** The order terms an `order_configuration` holds, in tickwire's terms. */
export interface CoinbaseOrderTerms {
  /** The configuration's key, e.g. `limit_limit_gtc`. */
  readonly kind: string;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** `base_size`, when the order is sized in the base currency. */
  readonly quantity?: number;
  /** `quote_size`, when a market order is sized in the quote currency. */
  readonly notional?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly postOnly?: boolean;
  /** `end_time` of a GTD order, epoch milliseconds. */
  readonly expireAtMs?: number;
}

// Which tickwire (type, time in force) each configuration carries.
const CONFIGURATION_TERMS: Readonly<Record<string, { type: OrderType; timeInForce: TimeInForce }>> = {
  market_market_ioc: { type: 'market', timeInForce: 'ioc' },
  limit_limit_gtc: { type: 'limit', timeInForce: 'gtc' },
  limit_limit_gtd: { type: 'limit', timeInForce: 'gtd' },
  limit_limit_fok: { type: 'limit', timeInForce: 'fok' },
  sor_limit_ioc: { type: 'limit', timeInForce: 'ioc' },
  stop_limit_stop_limit_gtc: { type: 'stop_limit', timeInForce: 'gtc' },
};

/** Every configuration kind this connector sends. */
export const COINBASE_ORDER_CONFIGURATION_KINDS: readonly string[] = Object.keys(CONFIGURATION_TERMS);

/**
 * The `order_configuration` for an order:
 * - market (`ioc`): `market_market_ioc` with `base_size`, or `quote_size` for a notional order;
 * - limit `gtc`: `limit_limit_gtc` (`post_only` as given); `gtd`: `limit_limit_gtd` with `end_time` from
 *   `expireAtMs`; `fok`: `limit_limit_fok`; `ioc`: `sor_limit_ioc` (smart order routing);
 * - stop-limit `gtc`: `stop_limit_stop_limit_gtc`, stop direction up for a buy and down for a sell.
 *
 * @throws TickwireError `NOT_SUPPORTED` for a combination Coinbase has no configuration for, and `OrderError`
 *   `ORDER_REJECTED` for a missing or unusable quantity or price; nothing has been sent then.
 */
export function buildCoinbaseOrderConfiguration(order: OrderRequest): CoinbaseOrderConfiguration {
  const { type, timeInForce } = order;
  if (order.orderClass !== undefined && order.orderClass !== 'simple') {
    throw notSupported(order, `order class "${order.orderClass}"`, 'simple orders only');
  }
  if (type === 'market') {
    if (timeInForce !== 'ioc') {
      throw notSupported(order, `a market order with time in force "${timeInForce}"`, 'market orders are "ioc"');
    }
    if (order.notional !== undefined) {
      return { market_market_ioc: { quote_size: decimal(order, 'notional', order.notional) } };
    }
    return { market_market_ioc: { base_size: decimal(order, 'quantity', order.quantity) } };
  }
  if (order.notional !== undefined) {
    throw notSupported(order, `a notional ${type} order`, 'notional (quote_size) sizing for market orders only');
  }
  const baseSize = decimal(order, 'quantity', order.quantity);
  const limitPrice = decimal(order, 'limitPrice', order.limitPrice);
  if (type === 'limit') {
    const postOnly = order.postOnly === true;
    switch (timeInForce) {
      case 'gtc':
        return { limit_limit_gtc: { base_size: baseSize, limit_price: limitPrice, post_only: postOnly } };
      case 'gtd':
        if (order.expireAtMs === undefined || !Number.isFinite(order.expireAtMs)) {
          throw rejected(order, 'a gtd limit order needs expireAtMs (the end_time, epoch milliseconds)');
        }
        return {
          limit_limit_gtd: {
            base_size: baseSize,
            limit_price: limitPrice,
            end_time: new Date(order.expireAtMs).toISOString(),
            post_only: postOnly,
          },
        };
      case 'fok':
      case 'ioc':
        if (postOnly) throw notSupported(order, `a post-only ${timeInForce} order`, 'post-only for gtc and gtd');
        return timeInForce === 'fok'
          ? { limit_limit_fok: { base_size: baseSize, limit_price: limitPrice } }
          : { sor_limit_ioc: { base_size: baseSize, limit_price: limitPrice } };
      default:
        throw notSupported(order, `a limit order with time in force "${timeInForce}"`, 'gtc, gtd, fok, ioc');
    }
  }
  if (type === 'stop_limit') {
    if (timeInForce !== 'gtc') {
      throw notSupported(order, `a stop-limit order with time in force "${timeInForce}"`, 'stop-limit "gtc"');
    }
    return {
      stop_limit_stop_limit_gtc: {
        base_size: baseSize,
        limit_price: limitPrice,
        stop_price: decimal(order, 'stopPrice', order.stopPrice),
        stop_direction: order.side === 'buy' ? 'STOP_DIRECTION_STOP_UP' : 'STOP_DIRECTION_STOP_DOWN',
      },
    };
  }
  throw notSupported(order, `order type "${type}"`, 'market, limit, stop_limit');
}

/**
 * Reads an `order_configuration` back into order terms, or `undefined` when it holds no kind this connector knows
 * (Coinbase has more, e.g. TWAP and bracket orders).
 */
export function readCoinbaseOrderConfiguration(configuration: unknown): CoinbaseOrderTerms | undefined {
  if (typeof configuration !== 'object' || configuration === null) return undefined;
  for (const [kind, fields] of Object.entries(configuration as Record<string, unknown>)) {
    const terms = CONFIGURATION_TERMS[kind];
    if (terms === undefined || typeof fields !== 'object' || fields === null) continue;
    const record = fields as Record<string, unknown>;
    const endTime = typeof record.end_time === 'string' ? Date.parse(record.end_time) : Number.NaN;
    return {
      kind,
      ...terms,
      ...optionalNumber('quantity', record.base_size),
      ...optionalNumber('notional', record.quote_size),
      ...optionalNumber('limitPrice', record.limit_price),
      ...optionalNumber('stopPrice', record.stop_price),
      ...(typeof record.post_only === 'boolean' ? { postOnly: record.post_only } : {}),
      ...(Number.isFinite(endTime) ? { expireAtMs: endTime } : {}),
    };
  }
  return undefined;
}

function optionalNumber<TName extends string>(name: TName, value: unknown): Partial<Record<TName, number>> {
  const number = parseCoinbaseDecimal(value);
  return Number.isFinite(number) ? ({ [name]: number } as Record<TName, number>) : {};
}

function decimal(order: OrderRequest, field: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value) || value <= 0) {
    throw rejected(order, `${field} must be a positive number for a ${order.type} order; got ${String(value)}`);
  }
  return formatCoinbaseDecimal(value);
}

function rejected(order: OrderRequest, problem: string): OrderError {
  return new OrderError({
    code: 'ORDER_REJECTED',
    clientOrderId: order.clientOrderId,
    message: `Order ${order.clientOrderId} was not sent to Coinbase: ${problem}. Fix the order and submit it again.`,
  });
}

function notSupported(order: OrderRequest, what: string, supported: string): TickwireError {
  return new TickwireError({
    code: 'NOT_SUPPORTED',
    message: `Coinbase Advanced Trade has no order configuration for ${what} (order ${order.clientOrderId}); it supports ${supported}. Nothing was sent.`,
    details: { clientOrderId: order.clientOrderId },
  });
}
