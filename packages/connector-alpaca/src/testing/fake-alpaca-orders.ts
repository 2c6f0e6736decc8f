import { randomUUID } from 'node:crypto';
import type { FakeAlpacaAccount } from './fake-alpaca-account';
import type { FakeAlpacaMarket } from './fake-alpaca-market';
import { createFakeOrder, type FakeOrder, isOpen, orderToWire, round9 } from './fake-alpaca-order-model';
import { type FakeRestRefusal, invalid, positiveNumber, validateOrderRequest } from './fake-alpaca-order-validation';
import type { FakeAlpacaClock, VenueTimestamp } from './fake-alpaca-time';

/** One execution the fake made. */
export interface FakeAlpacaExecution {
  readonly executionId: string;
  readonly qty: number;
  readonly price: number;
  readonly timestamp: VenueTimestamp;
}

/** Told about every order event, as `trade_updates` would report it. */
export type FakeTradeUpdateListener = (event: string, order: FakeOrder, execution?: FakeAlpacaExecution) => void;

/** A REST answer: status and JSON body. */
export interface FakeRestAnswer {
  readonly status: number;
  readonly body?: unknown;
}

/**
 * The fake venue's orders: validation as Alpaca documents it, client-order-id uniqueness, buying power, and a
 * simple matching engine against the fake market's top of book (marketable orders fill in full at the touch;
 * resting limit, stop, stop-limit and trailing-stop orders fill when the market reaches them; ioc/fok that cannot
 * fill at once are canceled). Bracket, OCO and OTO legs are held until their parent fills; a filled OCO leg cancels
 * its sibling. Tests can also fill any working order at any price ({@link FakeAlpacaOrders.fill}).
 */
export class FakeAlpacaOrders {
  readonly #orders = new Map<string, FakeOrder>();
  readonly #byClientId = new Map<string, FakeOrder>();
  readonly #clock: FakeAlpacaClock;
  readonly #market: FakeAlpacaMarket;
  readonly #account: FakeAlpacaAccount;
  readonly #onTradeUpdate: FakeTradeUpdateListener;

  constructor(
    clock: FakeAlpacaClock,
    market: FakeAlpacaMarket,
    account: FakeAlpacaAccount,
    onTradeUpdate: FakeTradeUpdateListener,
  ) {
    this.#clock = clock;
    this.#market = market;
    this.#account = account;
    this.#onTradeUpdate = onTradeUpdate;
  }

  /** `POST /v2/orders`. */
  submit(body: unknown): FakeRestAnswer & { readonly order?: FakeOrder; readonly duplicateOf?: FakeOrder } {
    const request = validateOrderRequest(body);
    if ('status' in request) return refusal(request);
    const clientOrderId = request.clientOrderId ?? randomUUID();
    const existing = this.#byClientId.get(clientOrderId);
    if (existing !== undefined) return { ...refusal(invalid('client_order_id must be unique')), duplicateOf: existing };
    const top = this.#market.top(request.symbol);
    if (request.side === 'buy') {
      const cost = request.notional ?? (request.qty ?? 0) * (request.limitPrice ?? top.ask);
      if (cost > this.#account.buyingPower)
        return refusal({ status: 403, code: 40310000, message: 'insufficient buying power' });
    } else if (request.crypto && (request.qty ?? 0) > this.#account.positionQty(request.symbol)) {
      return refusal({
        status: 403,
        code: 40310000,
        message: `insufficient balance for ${request.symbol.split('/')[0]}`,
      });
    }
    const now = this.#clock.now();
    const order = createFakeOrder({ ...request, clientOrderId }, now);
    this.#add(order);
    this.#addLegs(order, request);
    this.#onTradeUpdate('new', order);
    this.#tryExecute(order);
    return { status: 200, body: orderToWire(order), order };
  }

  /** `PATCH /v2/orders/{id}`: the old order becomes `replaced`, a new one carries the changes. */
  replace(id: string, body: unknown): FakeRestAnswer & { readonly order?: FakeOrder; readonly old?: FakeOrder } {
    const old = this.#orders.get(id);
    if (old === undefined) return refusal({ status: 404, code: 40410000, message: 'order not found' });
    if (!isOpen(old) || old.status === 'held')
      return refusal({ status: 422, code: 42210000, message: 'order is not replaceable' });
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const changes: Record<string, number | undefined> = {};
    for (const name of ['qty', 'limit_price', 'stop_price', 'trail']) {
      const parsed = positiveNumber(fields[name]);
      if (parsed === null) return refusal(invalid(`${name} must be a positive number`));
      changes[name] = parsed;
    }
    const clientOrderId = typeof fields.client_order_id === 'string' ? fields.client_order_id : randomUUID();
    if (this.#byClientId.has(clientOrderId)) return refusal(invalid('client_order_id must be unique'));
    const now = this.#clock.now();
    const pick = (changed: number | undefined, kept: number | undefined) => changed ?? kept;
    const qty = pick(changes.qty, old.qty);
    const limitPrice = pick(changes.limit_price, old.limitPrice);
    const stopPrice = pick(changes.stop_price, old.stopPrice);
    const trailPrice = pick(changes.trail, old.trailPrice);
    const replacement = createFakeOrder(
      {
        symbol: old.symbol,
        crypto: old.crypto,
        side: old.side,
        type: old.type,
        timeInForce: typeof fields.time_in_force === 'string' ? fields.time_in_force : old.timeInForce,
        ...(qty === undefined ? {} : { qty }),
        ...(old.notional === undefined ? {} : { notional: old.notional }),
        ...(limitPrice === undefined ? {} : { limitPrice }),
        ...(stopPrice === undefined ? {} : { stopPrice }),
        ...(trailPrice === undefined ? {} : { trailPrice }),
        ...(old.trailPercent === undefined ? {} : { trailPercent: old.trailPercent }),
        extendedHours: old.extendedHours,
        orderClass: old.orderClass,
        clientOrderId,
      },
      now,
    );
    replacement.replaces = old.id;
    old.status = 'replaced';
    old.replacedBy = replacement.id;
    old.replacedAt = now;
    old.updatedAt = now;
    this.#add(replacement);
    this.#onTradeUpdate('replaced', old);
    this.#onTradeUpdate('new', replacement);
    this.#tryExecute(replacement);
    return { status: 200, body: orderToWire(replacement), order: replacement, old };
  }

  /** `DELETE /v2/orders/{id}`: 204, 404 unknown, 422 no longer cancelable. */
  cancel(id: string): FakeRestAnswer & { readonly order?: FakeOrder } {
    const order = this.#orders.get(id);
    if (order === undefined) return refusal({ status: 404, code: 40410000, message: 'order not found' });
    if (!isOpen(order))
      return { ...refusal({ status: 422, code: 42210000, message: 'order is not cancelable' }), order };
    this.#cancel(order);
    return { status: 204, order };
  }

  /** `DELETE /v2/orders`: 207 with `{id, status, body}` per open order. */
  cancelAll(): FakeRestAnswer {
    const entries: unknown[] = [];
    for (const order of this.#orders.values()) {
      if (!isOpen(order) || order.parentId !== undefined) continue;
      if (order.cancelFailure !== undefined) {
        const { status, code, message } = order.cancelFailure;
        entries.push({ id: order.id, status, body: { code, message } });
        continue;
      }
      this.#cancel(order);
      entries.push({ id: order.id, status: 200, body: orderToWire(order) });
    }
    return { status: 207, body: entries };
  }

  /** Executes `qty` of a working order at `price` (tests; the market does the same through `onMarketMove`). */
  fill(order: FakeOrder, qty: number, price: number): FakeAlpacaExecution {
    if (!isOpen(order) || order.status === 'held')
      throw new Error(`order ${order.clientOrderId} is ${order.status}, not working`);
    const remaining = this.#remaining(order, price);
    if (!(qty > 0) || qty > remaining + 1e-9) {
      throw new Error(`cannot fill ${qty} of order ${order.clientOrderId}: ${remaining} remain`);
    }
    const now = this.#clock.now();
    const execution: FakeAlpacaExecution = { executionId: randomUUID(), qty, price, timestamp: now };
    const complete = qty >= remaining - 1e-9;
    order.filledQty = round9(order.filledQty + qty);
    order.filledNotional += qty * price;
    order.updatedAt = now;
    order.status = complete ? 'filled' : 'partially_filled';
    if (complete) {
      order.filledAt = now;
      // A notional order's quantity is what filled.
      order.qty ??= order.filledQty;
    }
    this.#account.applyFill(order.symbol, order.crypto, order.side, qty, price);
    this.#onTradeUpdate(complete ? 'fill' : 'partial_fill', order, execution);
    if (complete) this.#afterFill(order);
    return execution;
  }

  /** Lets resting orders in `symbol` execute against the new top of book. */
  onMarketMove(symbol: string): void {
    for (const order of this.#orders.values()) {
      if (order.symbol === symbol && order.status !== 'held' && isOpen(order)) this.#tryExecute(order);
    }
  }

  /** An order by Alpaca id. */
  find(id: string): FakeOrder | undefined {
    return this.#orders.get(id);
  }

  /** An order by client order id. */
  findByClientOrderId(clientOrderId: string): FakeOrder | undefined {
    return this.#byClientId.get(clientOrderId);
  }

  /** `GET /v2/orders` with Alpaca's filters. */
  list(query: URLSearchParams): FakeRestAnswer {
    const status = query.get('status') ?? 'open';
    const limit = Math.min(500, Number(query.get('limit') ?? 50) || 50);
    const after = query.get('after');
    const until = query.get('until');
    const nested = query.get('nested') === 'true';
    const side = query.get('side');
    const symbols = query.get('symbols')?.split(',');
    const matches = [...this.#orders.values()].filter((order) => {
      if (nested && order.parentId !== undefined) return false;
      if (status === 'open' && !isOpen(order)) return false;
      if (status === 'closed' && isOpen(order)) return false;
      if (after !== null && !(order.createdAt.ms > Date.parse(after))) return false;
      if (until !== null && !(order.createdAt.ms < Date.parse(until))) return false;
      if (side !== null && order.side !== side) return false;
      return symbols === undefined || symbols.includes(order.symbol);
    });
    matches.sort((left, right) => left.createdAt.ms - right.createdAt.ms);
    if (query.get('direction') !== 'asc') matches.reverse();
    return { status: 200, body: matches.slice(0, limit).map((order) => orderToWire(order)) };
  }

  /** Every order, for inspection. */
  all(): IterableIterator<FakeOrder> {
    return this.#orders.values();
  }

  #add(order: FakeOrder): void {
    this.#orders.set(order.id, order);
    this.#byClientId.set(order.clientOrderId, order);
  }

  #addLegs(parent: FakeOrder, request: ReturnType<typeof validateOrderRequest>): void {
    if ('status' in request || parent.orderClass === 'simple') return;
    const exitSide = parent.side === 'buy' ? 'sell' : 'buy';
    const base = {
      symbol: parent.symbol,
      crypto: parent.crypto,
      side: exitSide,
      timeInForce: parent.timeInForce,
    } as const;
    const legOf = (type: string, prices: { limitPrice?: number; stopPrice?: number }) =>
      createFakeOrder(
        {
          ...base,
          type,
          ...(parent.qty === undefined ? {} : { qty: parent.qty }),
          ...prices,
          extendedHours: false,
          orderClass: parent.orderClass,
          clientOrderId: randomUUID(),
        },
        parent.createdAt,
        parent.id,
      );
    if (request.takeProfit !== undefined && parent.orderClass !== 'oco') {
      parent.legs.push(legOf('limit', { limitPrice: request.takeProfit.limitPrice }));
    }
    if (request.stopLoss !== undefined) {
      const { stopPrice, limitPrice } = request.stopLoss;
      parent.legs.push(
        legOf(limitPrice === undefined ? 'stop' : 'stop_limit', {
          stopPrice,
          ...(limitPrice === undefined ? {} : { limitPrice }),
        }),
      );
    }
    for (const leg of parent.legs) {
      // An OCO's legs are live at once; bracket and OTO legs wait for the entry to fill.
      if (parent.orderClass === 'oco') leg.status = 'new';
      this.#add(leg);
    }
  }

  #tryExecute(order: FakeOrder): void {
    const top = this.#market.top(order.symbol);
    const buying = order.side === 'buy';
    const touch = buying ? top.ask : top.bid;
    if (order.type === 'trailing_stop') {
      order.watermark =
        order.watermark === undefined
          ? touch
          : buying
            ? Math.min(order.watermark, touch)
            : Math.max(order.watermark, touch);
      const distance = order.trailPrice ?? (order.watermark * (order.trailPercent ?? 0)) / 100;
      order.stopPrice = round9(buying ? order.watermark + distance : order.watermark - distance);
    }
    if (order.stopPrice !== undefined && !order.triggered && order.type !== 'limit') {
      order.triggered = buying ? touch >= order.stopPrice : touch <= order.stopPrice;
      if (!order.triggered) {
        this.#expireIfImmediate(order);
        return;
      }
    }
    const limit = order.type === 'limit' || order.type === 'stop_limit' ? order.limitPrice : undefined;
    const marketable = limit === undefined || (buying ? touch <= limit : touch >= limit);
    if (!marketable || !(touch > 0)) {
      this.#expireIfImmediate(order);
      return;
    }
    this.fill(order, this.#remaining(order, touch), touch);
  }

  #expireIfImmediate(order: FakeOrder): void {
    if (order.timeInForce === 'ioc' || order.timeInForce === 'fok') this.#cancel(order);
  }

  #remaining(order: FakeOrder, price: number): number {
    if (order.qty !== undefined) return round9(order.qty - order.filledQty);
    return round9(((order.notional ?? 0) - order.filledNotional) / price);
  }

  #afterFill(order: FakeOrder): void {
    for (const leg of order.legs) {
      if (leg.status !== 'held') continue;
      leg.status = 'new';
      leg.updatedAt = this.#clock.now();
      this.#onTradeUpdate('new', leg);
    }
    if (order.parentId === undefined) return;
    const parent = this.#orders.get(order.parentId);
    const siblings = parent === undefined ? [] : [parent, ...parent.legs];
    for (const sibling of siblings) {
      // The other exit of a bracket or OCO is canceled when one fills.
      if (sibling !== order && sibling.side === order.side && isOpen(sibling)) this.#cancel(sibling);
    }
  }

  #cancel(order: FakeOrder): void {
    const now = this.#clock.now();
    order.status = 'canceled';
    order.canceledAt = now;
    order.updatedAt = now;
    this.#onTradeUpdate('canceled', order);
    for (const leg of order.legs) if (isOpen(leg)) this.#cancel(leg);
  }
}

function refusal(refused: FakeRestRefusal): FakeRestAnswer {
  return { status: refused.status, body: { code: refused.code, message: refused.message } };
}
