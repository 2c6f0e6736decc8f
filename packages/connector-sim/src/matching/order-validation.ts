import type { OrderRequest, OrderType, ReplaceRequest, TimeInForce } from '@tickwire/core';
import type { InstrumentTable } from '../market/instrument-table';
import type { TopOfBook } from '../market/top-of-book';
import type { SimOrder, SimOrderFields } from './sim-order';

/** The outcome of checking an order: the fields to create it from, or the venue's reason to reject it. */
export type OrderCheck =
  | { readonly ok: true; readonly fields: SimOrderFields }
  | { readonly ok: false; readonly reason: string };

/** Order types the simulated venue executes. */
export const SIM_ORDER_TYPES: readonly OrderType[] = ['market', 'limit', 'stop', 'stop_limit'];
/** Times in force the simulated venue honours. */
export const SIM_TIMES_IN_FORCE: readonly TimeInForce[] = ['day', 'gtc', 'ioc', 'fok', 'gtd'];

/**
 * The venue's order checks. A failed check becomes a `rejected` order event whose reason names the field, the
 * value and what would be accepted, the way a strict broker answers.
 */
export class OrderValidator {
  /**
   * @param instruments - the tradable symbols and their grids.
   * @param book - current prices, to size notional market orders.
   * @param tradingDayMs - length of the simulated trading day; `day` orders expire at its end.
   */
  constructor(
    private readonly instruments: InstrumentTable,
    private readonly book: TopOfBook,
    private readonly tradingDayMs: number,
  ) {}

  /** Checks a new order and, when it passes, returns its fields under `brokerOrderId`. */
  check(request: OrderRequest, brokerOrderId: string, nowMs: number): OrderCheck {
    const symbolIndex = this.instruments.indexOf(request.symbol);
    if (symbolIndex < 0) {
      return reject(
        `unknown symbol ${JSON.stringify(request.symbol)}; the sim trades ${this.instruments.symbols().join(', ')}.`,
      );
    }
    if (request.side !== 'buy' && request.side !== 'sell') {
      return reject(`side ${JSON.stringify(request.side)} is not buy or sell.`);
    }
    if (!SIM_ORDER_TYPES.includes(request.type)) {
      return reject(`order type ${JSON.stringify(request.type)} is not supported; use ${SIM_ORDER_TYPES.join(', ')}.`);
    }
    if (request.orderClass !== undefined && request.orderClass !== 'simple') {
      return reject(`order class ${JSON.stringify(request.orderClass)} is not supported; send simple orders.`);
    }
    const quantityGrid = this.instruments.quantityGrid(symbolIndex);
    let quantitySteps: number;
    if (request.notional !== undefined) {
      if (request.quantity !== undefined) return reject('set quantity or notional, not both.');
      if (request.type !== 'market') return reject(`notional is only accepted on market orders, not ${request.type}.`);
      if (!(request.notional > 0) || !Number.isFinite(request.notional)) {
        return reject(`notional must be a positive amount, got ${request.notional}.`);
      }
      const price = request.side === 'buy' ? this.book.ask[symbolIndex]! : this.book.bid[symbolIndex]!;
      quantitySteps = Math.floor(request.notional / price / quantityGrid.increment + 1e-9);
      if (quantitySteps < 1) {
        return reject(
          `notional ${request.notional} buys less than one ${quantityGrid.increment} of ${request.symbol} at ${price}.`,
        );
      }
    } else {
      const quantityCheck = checkQuantity(request.quantity, request.symbol, quantityGrid.increment);
      if (quantityCheck !== undefined) return reject(quantityCheck);
      quantitySteps = quantityGrid.toSteps(request.quantity!);
    }
    const pricesCheck = this.checkPrices(request.type, request.limitPrice, request.stopPrice, symbolIndex);
    if (pricesCheck !== undefined) return reject(pricesCheck);
    const timeCheck = this.expiryOf(request.type, request.timeInForce, request.expireAtMs, nowMs);
    if (typeof timeCheck === 'string') return reject(timeCheck);
    if (request.postOnly === true && request.type !== 'limit') {
      return reject(`postOnly applies to limit orders only, not ${request.type}.`);
    }
    return {
      ok: true,
      fields: {
        clientOrderId: request.clientOrderId,
        brokerOrderId,
        symbol: request.symbol,
        symbolIndex,
        side: request.side,
        type: request.type,
        timeInForce: request.timeInForce,
        quantitySteps,
        limitPrice: request.limitPrice ?? Number.NaN,
        stopPrice: request.stopPrice ?? Number.NaN,
        postOnly: request.postOnly === true,
        expireAtMs: timeCheck,
        createdAtMs: nowMs,
        quantityGrid,
      },
    };
  }

  /**
   * Checks a replacement of `original` and returns the new order's fields. Fields the request leaves out keep
   * the original's value; the quantity defaults to the original's unfilled remainder.
   */
  checkReplace(original: SimOrder, request: ReplaceRequest, brokerOrderId: string, nowMs: number): OrderCheck {
    const quantityGrid = original.quantityGrid;
    let quantitySteps = original.leavesSteps;
    if (request.quantity !== undefined) {
      const quantityCheck = checkQuantity(request.quantity, original.symbol, quantityGrid.increment);
      if (quantityCheck !== undefined) return reject(quantityCheck);
      quantitySteps = quantityGrid.toSteps(request.quantity);
    }
    if (request.trailPrice !== undefined) return reject('trailPrice cannot be set: the sim has no trailing stops.');
    const limitPrice = request.limitPrice ?? nanToUndefined(original.limitPrice);
    const stopPrice = request.stopPrice ?? nanToUndefined(original.stopPrice);
    const pricesCheck = this.checkPrices(original.type, limitPrice, stopPrice, original.symbolIndex);
    if (pricesCheck !== undefined) return reject(pricesCheck);
    const timeInForce = request.timeInForce ?? original.timeInForce;
    const keptExpiry = original.timeInForce === 'gtd' ? original.expireAtMs : undefined;
    const timeCheck = this.expiryOf(original.type, timeInForce, keptExpiry, nowMs);
    if (typeof timeCheck === 'string') return reject(timeCheck);
    return {
      ok: true,
      fields: {
        clientOrderId: request.newClientOrderId,
        brokerOrderId,
        symbol: original.symbol,
        symbolIndex: original.symbolIndex,
        side: original.side,
        type: original.type,
        timeInForce,
        quantitySteps,
        limitPrice: limitPrice ?? Number.NaN,
        stopPrice: stopPrice ?? Number.NaN,
        postOnly: original.postOnly,
        expireAtMs: timeCheck,
        createdAtMs: nowMs,
        quantityGrid,
      },
    };
  }

  private checkPrices(
    type: OrderType,
    limitPrice: number | undefined,
    stopPrice: number | undefined,
    symbolIndex: number,
  ): string | undefined {
    const needsLimit = type === 'limit' || type === 'stop_limit';
    const needsStop = type === 'stop' || type === 'stop_limit';
    const grid = this.instruments.priceGrid(symbolIndex);
    const symbol = this.instruments.spec(symbolIndex).symbol;
    for (const [name, value, needed] of [
      ['limitPrice', limitPrice, needsLimit],
      ['stopPrice', stopPrice, needsStop],
    ] as const) {
      if (value === undefined) {
        if (needed) return `a ${type} order needs ${name}.`;
        continue;
      }
      if (!needed) return `${name} ${value} does not apply to a ${type} order; leave it out.`;
      if (!(value > 0) || !Number.isFinite(value)) return `${name} must be a positive price, got ${value}.`;
      if (!grid.isOnGrid(value)) {
        return `${name} ${value} is not a multiple of ${symbol}'s price increment ${grid.increment}; use ${grid.snap(value)}.`;
      }
    }
    return undefined;
  }

  /** The expiry time for a time in force, or the reason it is refused. */
  private expiryOf(
    type: OrderType,
    timeInForce: TimeInForce,
    expireAtMs: number | undefined,
    nowMs: number,
  ): number | string {
    if (!SIM_TIMES_IN_FORCE.includes(timeInForce)) {
      return `time in force ${JSON.stringify(timeInForce)} is not supported; use ${SIM_TIMES_IN_FORCE.join(', ')}.`;
    }
    if ((timeInForce === 'ioc' || timeInForce === 'fok') && (type === 'stop' || type === 'stop_limit')) {
      return `${type} orders rest until triggered, so ${timeInForce} does not apply; use day or gtc.`;
    }
    if (timeInForce === 'gtd') {
      if (expireAtMs === undefined || !(expireAtMs > nowMs)) {
        return `a gtd order needs expireAtMs in the future (now is ${nowMs}), got ${expireAtMs}.`;
      }
      return expireAtMs;
    }
    if (timeInForce === 'day') return (Math.floor(nowMs / this.tradingDayMs) + 1) * this.tradingDayMs;
    return Number.POSITIVE_INFINITY;
  }
}

function reject(reason: string): OrderCheck {
  return { ok: false, reason };
}

function nanToUndefined(value: number): number | undefined {
  return Number.isNaN(value) ? undefined : value;
}

function checkQuantity(quantity: number | undefined, symbol: string, increment: number): string | undefined {
  if (quantity === undefined) return 'the order needs a quantity (or, for market orders, a notional).';
  if (!(quantity > 0) || !Number.isFinite(quantity)) return `quantity must be a positive number, got ${quantity}.`;
  const steps = quantity / increment;
  if (Math.abs(steps - Math.round(steps)) > 1e-6) {
    return `quantity ${quantity} is not a multiple of ${symbol}'s quantity increment ${increment}.`;
  }
  return undefined;
}
