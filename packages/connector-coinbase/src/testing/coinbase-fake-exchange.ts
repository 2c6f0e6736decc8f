import { randomUUID } from 'node:crypto';
import { readCoinbaseOrderConfiguration } from '../coinbase-order-configuration';
import type { CoinbaseCreateOrderResponse, CoinbaseOrderConfiguration } from '../coinbase-rest-messages';
import type { CoinbaseFakeClock } from './coinbase-fake-clock';
import type { FakeProductMarket } from './coinbase-fake-market';
import {
  baseSizeOf,
  type FakeExchangeFill,
  type FakeExchangeOrder,
  isWorking,
  leavesOf,
  round,
} from './coinbase-fake-orders';

/** What a create did: made an order, matched one already held under the client order id, or refused. */
export interface FakeCreateOutcome {
  readonly outcome: 'accepted' | 'duplicate' | 'rejected';
  readonly response: CoinbaseCreateOrderResponse;
  readonly order?: FakeExchangeOrder;
}

/** A create failure as `error_response` carries it. */
export interface FakeOrderFailure {
  readonly error: string;
  readonly message?: string;
  readonly preview_failure_reason?: string;
}

/**
 * The fake's matching and accounts. A marketable order trades at once against the simulated book's levels (one
 * execution per level, so a large order fills partially and at several prices); the rest rests (GTC, GTD) or is
 * canceled (IOC, market); FOK trades in full or not at all. Resting orders trade only through
 * {@link CoinbaseFakeExchange.fill} (the test kit's lever), a triggered stop, or their GTD expiry. Balances are
 * checked before an order is accepted: buys against the quote currency less what open buys hold.
 */
export class CoinbaseFakeExchange {
  readonly #markets: ReadonlyMap<string, FakeProductMarket>;
  readonly #clock: CoinbaseFakeClock;
  readonly #onOrderUpdate: (order: FakeExchangeOrder) => void;
  readonly #orders = new Map<string, FakeExchangeOrder>();
  readonly #byClientId = new Map<string, FakeExchangeOrder>();
  readonly #fills: FakeExchangeFill[] = [];
  readonly #balances = new Map<string, number>();
  readonly #accountIds = new Map<string, string>();
  readonly #scriptedFailures: FakeOrderFailure[] = [];

  constructor(
    markets: ReadonlyMap<string, FakeProductMarket>,
    clock: CoinbaseFakeClock,
    balances: Readonly<Record<string, number>>,
    onOrderUpdate: (order: FakeExchangeOrder) => void,
  ) {
    this.#markets = markets;
    this.#clock = clock;
    this.#onOrderUpdate = onOrderUpdate;
    for (const [currency, amount] of Object.entries(balances)) this.#balances.set(currency, amount);
  }

  /** The next create is refused with this failure (then the queue moves on). */
  failNextOrder(failure: FakeOrderFailure): void {
    this.#scriptedFailures.push(failure);
  }

  /** `POST /orders`. */
  create(body: unknown): FakeCreateOutcome {
    const request = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const clientOrderId = typeof request.client_order_id === 'string' ? request.client_order_id : '';
    const existing = this.#byClientId.get(clientOrderId);
    if (existing !== undefined) return { outcome: 'duplicate', response: this.#success(existing), order: existing };
    const market = typeof request.product_id === 'string' ? this.#markets.get(request.product_id) : undefined;
    const side = request.side === 'BUY' || request.side === 'SELL' ? request.side : undefined;
    const configuration = request.order_configuration as CoinbaseOrderConfiguration | undefined;
    const terms = readCoinbaseOrderConfiguration(configuration);
    if (clientOrderId === '') return refuse('INVALID_REQUEST', 'client_order_id is required');
    if (market === undefined) return refuse('INVALID_PRODUCT_ID', `unknown product ${String(request.product_id)}`);
    if (side === undefined) return refuse('INVALID_SIDE', `side ${String(request.side)}`);
    if (terms === undefined || configuration === undefined) {
      return refuse('UNSUPPORTED_ORDER_CONFIGURATION', 'no order configuration the venue knows');
    }
    if (!((terms.quantity ?? 0) > 0 || (terms.notional ?? 0) > 0)) return refuse('INVALID_SIZE_PRECISION', 'size');
    if (terms.type !== 'market' && !((terms.limitPrice ?? 0) > 0)) return refuse('INVALID_LIMIT_PRICE', 'limit_price');
    if (terms.type === 'stop_limit' && !((terms.stopPrice ?? 0) > 0)) return refuse('INVALID_STOP_PRICE', 'stop_price');
    const scripted = this.#scriptedFailures.shift();
    if (scripted !== undefined) return { outcome: 'rejected', response: { success: false, error_response: scripted } };
    const [base = '', quote = ''] = market.product.productId.split('-');
    const best = market.liquidity(side)[0]?.price ?? Number.NaN;
    if (side === 'BUY') {
      const cost = terms.notional ?? (terms.quantity ?? 0) * (terms.limitPrice ?? best);
      if (cost > this.#available(quote)) {
        return refuse('INSUFFICIENT_FUND', `insufficient ${quote} balance`, 'PREVIEW_INSUFFICIENT_FUND');
      }
    } else if ((terms.quantity ?? 0) > this.#available(base)) {
      return refuse('INSUFFICIENT_FUND', `insufficient ${base} balance`, 'PREVIEW_INSUFFICIENT_FUND');
    }
    if (terms.postOnly === true && terms.limitPrice !== undefined && crosses(side, terms.limitPrice, best)) {
      return refuse('INVALID_LIMIT_PRICE_POST_ONLY', 'a post-only order would take liquidity');
    }
    const order: FakeExchangeOrder = {
      orderId: randomUUID(),
      clientOrderId,
      productId: market.product.productId,
      side,
      configuration,
      terms,
      status: 'OPEN',
      filledSize: 0,
      filledValue: 0,
      numberOfFills: 0,
      triggered: terms.type !== 'stop_limit',
      cancelReason: '',
      rejectReason: '',
      createdMicros: this.#clock.nowMicros(),
      lastFillMicros: 0,
    };
    this.#orders.set(order.orderId, order);
    this.#byClientId.set(clientOrderId, order);
    this.#onOrderUpdate(order);
    if (order.triggered) this.#match(order, market);
    return { outcome: 'accepted', response: this.#success(order), order };
  }

  /** `POST /orders/batch_cancel`. */
  cancel(orderIds: readonly unknown[]): Array<{ success: boolean; failure_reason: string; order_id: string }> {
    return orderIds.map((orderId) => {
      const order = this.#orders.get(String(orderId));
      if (order === undefined)
        return { success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER', order_id: String(orderId) };
      if (!isWorking(order)) {
        return { success: false, failure_reason: 'COMMANDER_REJECTED_CANCEL_ORDER', order_id: order.orderId };
      }
      order.status = 'CANCELLED';
      order.cancelReason = 'User requested cancel';
      this.#onOrderUpdate(order);
      return { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: order.orderId };
    });
  }

  /** Executes `quantity` of a working order at `price`, as the matching engine would. */
  fill(clientOrderId: string, quantity: number, price: number): { order: FakeExchangeOrder; fill: FakeExchangeFill } {
    const order = this.#byClientId.get(clientOrderId);
    if (order === undefined || !isWorking(order)) {
      throw new Error(`The fake Coinbase holds no working order ${clientOrderId}; fill() needs an open order.`);
    }
    const leaves = leavesOf(order);
    if (quantity > leaves + 1e-12) {
      throw new Error(`Cannot fill ${quantity} of order ${clientOrderId}: only ${leaves} left.`);
    }
    return { order, fill: this.#execute(order, quantity, price) };
  }

  /** Triggers stops whose price the last trade reached, and expires GTD orders whose end time passed. */
  afterMarketStep(productId: string, lastTradePrice: number): void {
    const nowMs = this.#clock.nowMs();
    const market = this.#markets.get(productId);
    for (const order of this.#orders.values()) {
      if (order.productId !== productId || !isWorking(order)) continue;
      if (order.terms.expireAtMs !== undefined && order.terms.expireAtMs <= nowMs) {
        order.status = 'EXPIRED';
        this.#onOrderUpdate(order);
      } else if (!order.triggered && market !== undefined) {
        const stop = order.terms.stopPrice ?? Number.NaN;
        if (order.side === 'BUY' ? lastTradePrice >= stop : lastTradePrice <= stop) {
          order.triggered = true;
          this.#match(order, market);
        }
      }
    }
  }

  /** An order by venue id. */
  order(orderId: string): FakeExchangeOrder | undefined {
    return this.#orders.get(orderId);
  }

  /** An order by client order id. */
  orderByClientId(clientOrderId: string): FakeExchangeOrder | undefined {
    return this.#byClientId.get(clientOrderId);
  }

  /** Every order, oldest first. */
  orders(): FakeExchangeOrder[] {
    return [...this.#orders.values()];
  }

  /** Every execution, oldest first. */
  fills(): readonly FakeExchangeFill[] {
    return this.#fills;
  }

  /** Every account as `GET /accounts` lists it. */
  accounts(): Array<Record<string, unknown>> {
    return [...this.#balances.keys()].map((currency) => {
      const hold = this.#held(currency);
      const balance = this.#balances.get(currency) ?? 0;
      let uuid = this.#accountIds.get(currency);
      if (uuid === undefined) {
        uuid = randomUUID();
        this.#accountIds.set(currency, uuid);
      }
      return {
        uuid,
        name: `${currency} Wallet`,
        currency,
        available_balance: { value: String(round(balance - hold)), currency },
        hold: { value: String(round(hold)), currency },
        default: currency === 'USD',
        active: true,
        type: currency === 'USD' ? 'ACCOUNT_TYPE_FIAT' : 'ACCOUNT_TYPE_CRYPTO',
        ready: true,
      };
    });
  }

  #match(order: FakeExchangeOrder, market: FakeProductMarket): void {
    const { terms } = order;
    const limit = terms.limitPrice;
    const levels = market
      .liquidity(order.side)
      .filter((level) => limit === undefined || crosses(order.side, limit, level.price));
    if (terms.timeInForce === 'fok') {
      const available = levels.reduce((sum, level) => sum + level.quantity, 0);
      if (available + 1e-12 < (baseSizeOf(order) ?? 0)) {
        this.#close(order, 'CANCELLED', 'fill or kill not met');
        return;
      }
    }
    let quoteLeft = terms.notional ?? 0;
    for (const level of levels) {
      if (!isWorking(order)) break;
      let quantity: number;
      if (terms.notional !== undefined) {
        quantity = round(Math.min(level.quantity, Math.floor((quoteLeft / level.price) * 1e8) / 1e8));
        quoteLeft -= quantity * level.price;
      } else {
        quantity = Math.min(level.quantity, leavesOf(order));
      }
      if (quantity <= 0) break;
      this.#execute(order, quantity, level.price);
    }
    if (!isWorking(order)) return;
    const takerOnly = terms.type === 'market' || terms.timeInForce === 'ioc' || terms.timeInForce === 'fok';
    if (terms.notional !== undefined) this.#close(order, order.filledSize > 0 ? 'FILLED' : 'CANCELLED', '');
    else if (takerOnly) this.#close(order, 'CANCELLED', 'immediate or cancel remainder');
  }

  #execute(order: FakeExchangeOrder, quantity: number, price: number): FakeExchangeFill {
    const micros = this.#clock.nowMicros();
    const fill: FakeExchangeFill = {
      tradeId: randomUUID(),
      entryId: randomUUID(),
      orderId: order.orderId,
      productId: order.productId,
      side: order.side,
      price,
      size: quantity,
      micros,
    };
    this.#fills.push(fill);
    order.filledSize = round(order.filledSize + quantity);
    order.filledValue += quantity * price;
    order.numberOfFills++;
    order.lastFillMicros = micros;
    const [base = '', quote = ''] = order.productId.split('-');
    const sign = order.side === 'BUY' ? 1 : -1;
    this.#balances.set(base, round((this.#balances.get(base) ?? 0) + sign * quantity));
    this.#balances.set(quote, round((this.#balances.get(quote) ?? 0) - sign * quantity * price));
    const size = baseSizeOf(order);
    if (size !== undefined && order.filledSize >= size - 1e-12) order.status = 'FILLED';
    this.#onOrderUpdate(order);
    return fill;
  }

  #close(order: FakeExchangeOrder, status: string, reason: string): void {
    order.status = status;
    if (status === 'CANCELLED') order.cancelReason = reason;
    this.#onOrderUpdate(order);
  }

  #available(currency: string): number {
    return (this.#balances.get(currency) ?? 0) - this.#held(currency);
  }

  #held(currency: string): number {
    let hold = 0;
    for (const order of this.#orders.values()) {
      if (!isWorking(order)) continue;
      const [base, quote] = order.productId.split('-');
      if (order.side === 'BUY' && quote === currency) hold += leavesOf(order) * (order.terms.limitPrice ?? 0);
      if (order.side === 'SELL' && base === currency) hold += leavesOf(order);
    }
    return hold;
  }

  #success(order: FakeExchangeOrder): CoinbaseCreateOrderResponse {
    return {
      success: true,
      success_response: {
        order_id: order.orderId,
        product_id: order.productId,
        side: order.side,
        client_order_id: order.clientOrderId,
      },
      order_configuration: order.configuration,
    };
  }
}

function refuse(error: string, message: string, previewFailureReason?: string): FakeCreateOutcome {
  return {
    outcome: 'rejected',
    response: {
      success: false,
      failure_reason: 'UNKNOWN_FAILURE_REASON',
      error_response: {
        error,
        message,
        error_details: message,
        ...(previewFailureReason === undefined ? {} : { preview_failure_reason: previewFailureReason }),
      },
    },
  };
}

// True when a buy at `limit` would take an ask at `price`, or a sell at `limit` a bid at `price`.
function crosses(side: 'BUY' | 'SELL', limit: number, price: number): boolean {
  return side === 'BUY' ? limit >= price : limit <= price;
}
