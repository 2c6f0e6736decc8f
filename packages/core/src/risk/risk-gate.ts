import type { Instrument } from '../domain/instrument';
import type { OrderRequest } from '../domain/order-request';
import type { FeedHealthView } from '../feed/feed-health-events';
import type { LastQuote, LastQuoteSource } from '../feed/last-quote-book';
import type { PreTransmitGate } from '../oms/order-manager-types';
import { symbolIdOf } from '../tick/symbol-id';
import { ClientOrderIdWindow } from './client-order-id-window';
import { DecisionKind, type RiskDecisionRecorder } from './decision-ring';
import { type AccountExposure, DEFAULT_ACCOUNT, type RiskPortfolioView, type SymbolExposure } from './portfolio-view';
import {
  type AccountRiskLimits,
  type FrozenRiskLimits,
  freezeRiskLimits,
  type RiskLimits,
  type SymbolRiskLimits,
} from './risk-limits';
import { RiskReason, type RiskReasonCode, reasonName } from './risk-reasons';
import { SlidingWindowRate } from './sliding-window-rate';
import { type TradingState, TradingStateCode } from './trading-state';

// Ratio noise allowed when checking that a value sits on an increment (0.3 / 0.1 is 2.9999999999999996).
const INCREMENT_TOLERANCE = 1e-9;

/** Risk-gate settings. */
export interface RiskGateOptions {
  /** Validated and deep-frozen at construction; the gate has no setter. */
  readonly limits: RiskLimits;
  /** The symbols the gate accepts; orders for any other symbol are denied. */
  readonly instruments: readonly Instrument[];
  /** Positions, open orders and PnL: the order manager's `PositionBook`. */
  readonly portfolio: RiskPortfolioView;
  /** Last quotes, for the price band and for valuing market orders. */
  readonly quotes: LastQuoteSource;
  /** Feed staleness and gaps. Without it the stale/gapped-feed checks are skipped (say so in your setup). */
  readonly feedHealth?: FeedHealthView;
  /** Where every decision goes: normally an `AuditLog`. */
  readonly audit?: RiskDecisionRecorder;
  /** Symbol ids for feed health; default the tick format's FNV-1a `symbolIdOf`. */
  readonly symbolIdOf?: (symbol: string) => number;
  readonly initialTradingState?: TradingState;
}

/** Everything the gate needs about one symbol, built once at construction. */
interface SymbolSlot {
  readonly instrument: Instrument;
  /** The feed symbol id's int32 view (same bits): a small integer V8 passes without boxing. */
  readonly symbolId: number;
  readonly quote: LastQuote;
  readonly limits: SymbolRiskLimits;
  /** The last account checked on this symbol and its exposure object (persistent, so safe to keep). */
  exposureAccount: string | undefined;
  exposure: SymbolExposure | undefined;
}

/** An account whose daily loss or drawdown reached its limit. */
export interface LossLimitBreach {
  readonly account: string;
  readonly code: typeof RiskReason.MAX_DAILY_LOSS | typeof RiskReason.MAX_DRAWDOWN;
  readonly dailyPnl: number;
  readonly drawdown: number;
  readonly limit: number;
}

/**
 * The pre-trade risk gate: synchronous, allocation-free checks run immediately before every transmission.
 *
 * `checkSubmit`, `checkReplace` and `checkCancel` return a {@link RiskReason} code (0 allows) and record the
 * decision to the audit recorder. They create no objects, closures, arrays or strings: per-symbol state is built
 * at construction, rates and the duplicate window live in preallocated typed arrays, and the portfolio and quotes
 * are read from objects that are updated in place.
 *
 * Submits and replaces are checked in this order, the first failure deciding: kill switch, trading state halted,
 * client order id, duplicate id, instrument known, quantity (valid, on increment, minimum), prices (valid, on
 * increment), feed stale, feed gapped, reference price, price band, order quantity, order notional, reduce-only,
 * position, symbol exposure, open orders, account gross and net exposure, daily loss, drawdown, order rate.
 * Exposure limits only deny orders that increase the worst-case exposure, and loss limits only deny orders that do
 * not reduce the position, so a breached account can always be brought back.
 *
 * Cancels only reduce risk, so they are allowed in every trading state, with the kill switch tripped, on stale
 * feeds and for unknown symbols. The one check is the cancel rate, and the kill switch's own cancels
 * (`emergency`) are exempt from it: they are recorded, never refused.
 */
export class RiskGate implements PreTransmitGate {
  /** The deep-frozen limits. */
  readonly limits: FrozenRiskLimits;
  private readonly symbols = new Map<string, SymbolSlot>();
  private readonly accountLimits = new Map<string, AccountRiskLimits>();
  private readonly portfolio: RiskPortfolioView;
  private readonly feedHealth: FeedHealthView | undefined;
  private readonly audit: RiskDecisionRecorder | undefined;
  private readonly orderRate: SlidingWindowRate;
  private readonly cancelRate: SlidingWindowRate;
  private readonly recentIds: ClientOrderIdWindow;
  private state: number;
  private killSwitchLatched = false;
  // The last account checked, its totals and limits: most flows trade one account, so most checks skip two lookups.
  private lastAccount: string | undefined = undefined;
  private lastTotals: AccountExposure | undefined = undefined;
  private lastAccountLimits: AccountRiskLimits;

  constructor(options: RiskGateOptions) {
    this.limits = freezeRiskLimits(options.limits);
    this.portfolio = options.portfolio;
    this.feedHealth = options.feedHealth;
    this.audit = options.audit;
    const rates = this.limits.rates;
    this.orderRate = new SlidingWindowRate(rates.maxOrders, rates.orderWindowMs);
    this.cancelRate = new SlidingWindowRate(rates.maxCancels, rates.cancelWindowMs);
    this.recentIds = new ClientOrderIdWindow(this.limits.duplicateWindow ?? 16_384);
    this.state = TradingStateCode[options.initialTradingState ?? 'active'];
    this.lastAccountLimits = this.limits.accountDefaults;
    const idOf = options.symbolIdOf ?? symbolIdOf;
    for (const instrument of options.instruments) {
      const override = this.limits.symbols?.[instrument.symbol];
      this.symbols.set(instrument.symbol, {
        instrument,
        symbolId: idOf(instrument.symbol) | 0,
        quote: options.quotes.quoteOf(instrument.symbol),
        limits: Object.freeze({ ...this.limits.symbolDefaults, ...override }),
        exposureAccount: undefined,
        exposure: undefined,
      });
    }
    for (const [account, override] of Object.entries(this.limits.accounts ?? {})) {
      this.accountLimits.set(account, Object.freeze({ ...this.limits.accountDefaults, ...override }));
    }
  }

  /** The current trading state. */
  get tradingState(): TradingState {
    return this.state === 0 ? 'active' : this.state === 1 ? 'reducing' : 'halted';
  }

  /** True while the kill switch holds the gate shut. */
  get killSwitchTripped(): boolean {
    return this.killSwitchLatched;
  }

  /** The name of a reason code, for logs. Allocation-free. */
  reasonName(code: number): string {
    return reasonName(code);
  }

  /** Checks a new order. Records the decision; an allowed order counts toward the order rate and duplicate window. */
  checkSubmit(request: OrderRequest, nowMs: number): RiskReasonCode {
    const code = this.evaluateOrder(request, 0, false, nowMs);
    this.audit?.recordDecision(nowMs, DecisionKind.SUBMIT, code, request, request.symbol, 0);
    if (code === RiskReason.ALLOWED) {
      this.orderRate.record(nowMs);
      this.recentIds.add(request.clientOrderId);
    }
    return code;
  }

  /**
   * Checks a replacement, given as the full order it will become. `replacedOpenQuantity` (the unfilled quantity of
   * the order being replaced) is taken off the open orders first, since the replacement takes it over.
   */
  checkReplace(replacement: OrderRequest, replacedOpenQuantity: number, nowMs: number): RiskReasonCode {
    const code = this.evaluateOrder(replacement, replacedOpenQuantity, true, nowMs);
    this.audit?.recordDecision(
      nowMs,
      DecisionKind.REPLACE,
      code,
      replacement,
      replacement.symbol,
      replacedOpenQuantity,
    );
    if (code === RiskReason.ALLOWED) {
      this.orderRate.record(nowMs);
      this.recentIds.add(replacement.clientOrderId);
    }
    return code;
  }

  /** Checks a cancel: only the cancel rate, and not for `emergency` (kill-switch) cancels. Always recorded. */
  checkCancel(clientOrderId: string, symbol: string, nowMs: number, emergency: boolean): RiskReasonCode {
    let code: RiskReasonCode = RiskReason.ALLOWED;
    if (!emergency) {
      if (this.cancelRate.wouldAllow(nowMs)) this.cancelRate.record(nowMs);
      else code = RiskReason.CANCEL_RATE;
    }
    this.audit?.recordDecision(
      nowMs,
      emergency ? DecisionKind.EMERGENCY_CANCEL : DecisionKind.CANCEL,
      code,
      clientOrderId,
      symbol,
      0,
    );
    return code;
  }

  /** Forgets an allowed client order id whose request never left, so a retry with it is not a duplicate. */
  forgetClientOrderId(clientOrderId: string): void {
    this.recentIds.delete(clientOrderId);
  }

  /** Sets the trading state (an operator action, recorded in the audit log). The kill switch overrides it. */
  setTradingState(state: TradingState, operator: string, nowMs: number = Date.now()): void {
    const previous = this.tradingState;
    this.state = TradingStateCode[state];
    this.audit?.recordEvent({ event: 'trading-state', timeMs: nowMs, from: previous, to: state, operator });
  }

  /** Shuts the gate for every new order: called by the kill switch when it trips. */
  latchKillSwitch(reason: string, operator: string, nowMs: number): void {
    this.killSwitchLatched = true;
    this.state = TradingStateCode.halted;
    this.audit?.recordEvent({ event: 'kill-switch-tripped', timeMs: nowMs, reason, operator });
  }

  /** Reopens the gate in `resumeState`: called by the kill switch's operator reset. */
  releaseKillSwitch(operator: string, resumeState: TradingState, nowMs: number): void {
    this.killSwitchLatched = false;
    this.state = TradingStateCode[resumeState];
    this.audit?.recordEvent({ event: 'kill-switch-reset', timeMs: nowMs, operator, resumeState });
  }

  /**
   * The first account whose daily loss or drawdown reached its limit, after re-marking every account; undefined
   * when none has. The kill switch calls this to trip on its own.
   */
  findLossLimitBreach(nowMs: number): LossLimitBreach | undefined {
    const accounts = this.portfolio.accounts();
    for (let index = 0; index < accounts.length; index++) {
      const account = (accounts[index] as AccountExposure).account;
      this.portfolio.markAccount(account, nowMs);
      const exposure = this.portfolio.accountExposure(account);
      const limits = this.accountLimits.get(account) ?? this.limits.accountDefaults;
      if (exposure.dailyPnl <= -limits.maxDailyLoss) {
        return {
          account,
          code: RiskReason.MAX_DAILY_LOSS,
          dailyPnl: exposure.dailyPnl,
          drawdown: exposure.drawdown,
          limit: limits.maxDailyLoss,
        };
      }
      if (exposure.drawdown >= limits.maxDrawdown) {
        return {
          account,
          code: RiskReason.MAX_DRAWDOWN,
          dailyPnl: exposure.dailyPnl,
          drawdown: exposure.drawdown,
          limit: limits.maxDrawdown,
        };
      }
    }
    return undefined;
  }

  private evaluateOrder(
    request: OrderRequest,
    replacedOpen: number,
    isReplace: boolean,
    nowMs: number,
  ): RiskReasonCode {
    if (this.killSwitchLatched) return RiskReason.KILL_SWITCH_TRIPPED;
    if (this.state === TradingStateCode.halted) return RiskReason.TRADING_HALTED;
    const clientOrderId = request.clientOrderId;
    if (typeof clientOrderId !== 'string' || clientOrderId.length === 0) return RiskReason.CLIENT_ORDER_ID_INVALID;
    if (this.recentIds.has(clientOrderId)) return RiskReason.DUPLICATE_CLIENT_ORDER_ID;
    const slot = this.symbols.get(request.symbol);
    if (slot === undefined) return RiskReason.INSTRUMENT_UNKNOWN;
    const instrument = slot.instrument;

    let quantity = request.quantity;
    if (quantity === undefined) {
      const notional = request.notional;
      if (!(notional !== undefined && notional > 0 && notional < Infinity)) return RiskReason.QUANTITY_INVALID;
    } else {
      if (!(quantity > 0 && quantity < Infinity)) return RiskReason.QUANTITY_INVALID;
      if (!onIncrement(quantity, instrument.quantityIncrement)) return RiskReason.QUANTITY_OFF_INCREMENT;
      if (instrument.minQuantity !== undefined && quantity < instrument.minQuantity)
        return RiskReason.QUANTITY_BELOW_MINIMUM;
    }
    const type = request.type;
    const limitPrice = request.limitPrice;
    const stopPrice = request.stopPrice;
    const needsLimit = type === 'limit' || type === 'stop_limit';
    const needsStop = type === 'stop' || type === 'stop_limit';
    if (needsLimit || limitPrice !== undefined) {
      if (!(limitPrice !== undefined && limitPrice > 0 && limitPrice < Infinity)) return RiskReason.PRICE_INVALID;
      if (!onIncrement(limitPrice, instrument.priceIncrement)) return RiskReason.PRICE_OFF_INCREMENT;
    }
    if (needsStop || stopPrice !== undefined) {
      if (!(stopPrice !== undefined && stopPrice > 0 && stopPrice < Infinity)) return RiskReason.PRICE_INVALID;
      if (!onIncrement(stopPrice, instrument.priceIncrement)) return RiskReason.PRICE_OFF_INCREMENT;
    }

    const feed = this.feedHealth;
    if (feed !== undefined) {
      if (feed.isStale(slot.symbolId, nowMs)) return RiskReason.FEED_STALE;
      if (feed.isGapped(slot.symbolId)) return RiskReason.FEED_GAPPED;
    }

    const buy = request.side === 'buy';
    const bid = slot.quote.bid;
    const ask = slot.quote.ask;
    const mid = bid > 0 && ask > 0 ? (bid + ask) / 2 : bid > 0 ? bid : ask;
    // The price the order is valued at: its own limit (or stop), else the side of the quote it would take.
    const reference = limitPrice !== undefined ? limitPrice : stopPrice !== undefined ? stopPrice : buy ? ask : bid;
    if (!(reference > 0 && reference < Infinity && mid > 0)) return RiskReason.NO_REFERENCE_PRICE;
    const limits = slot.limits;
    const band = limits.priceBandBps;
    if (limitPrice !== undefined && (Math.abs(limitPrice - mid) / mid) * 10_000 > band) return RiskReason.PRICE_BAND;
    if (stopPrice !== undefined && (Math.abs(stopPrice - mid) / mid) * 10_000 > band) return RiskReason.PRICE_BAND;

    if (quantity === undefined) quantity = (request.notional as number) / reference;
    if (quantity > limits.maxOrderQuantity) return RiskReason.MAX_ORDER_QUANTITY;
    if (quantity * reference > limits.maxOrderNotional) return RiskReason.MAX_ORDER_NOTIONAL;

    const account = request.account ?? DEFAULT_ACCOUNT;
    let exposure = slot.exposure;
    if (exposure === undefined || slot.exposureAccount !== account) {
      exposure = this.portfolio.symbolExposure(account, request.symbol);
      slot.exposure = exposure;
      slot.exposureAccount = account;
    }
    const position = exposure.quantity;
    let openBuy = exposure.openBuyQuantity;
    let openSell = exposure.openSellQuantity;
    if (buy) openBuy = Math.max(0, openBuy - replacedOpen);
    else openSell = Math.max(0, openSell - replacedOpen);
    const worstBefore = Math.max(Math.abs(position + openBuy), Math.abs(position - openSell));
    if (buy) openBuy += quantity;
    else openSell += quantity;
    const worstAfter = Math.max(Math.abs(position + openBuy), Math.abs(position - openSell));
    const increases = worstAfter > worstBefore;
    // Reduces: on the side that shrinks the position, and cannot flip it even if every open order on it fills.
    const reduces = buy ? position < 0 && position + openBuy <= 0 : position > 0 && position - openSell >= 0;
    if (this.state === TradingStateCode.reducing && !reduces) return RiskReason.REDUCE_ONLY;
    if (increases) {
      if (worstAfter > limits.maxPosition) return RiskReason.MAX_POSITION;
      if (worstAfter * reference > limits.maxSymbolExposure) return RiskReason.MAX_SYMBOL_EXPOSURE;
    }

    this.portfolio.markAccount(account, nowMs);
    let totals = this.lastTotals;
    if (totals === undefined || this.lastAccount !== account) {
      totals = this.portfolio.accountExposure(account);
      this.lastTotals = totals;
      this.lastAccount = account;
      this.lastAccountLimits = this.accountLimits.get(account) ?? this.limits.accountDefaults;
    }
    const accountLimits = this.lastAccountLimits;
    if (!isReplace && totals.openOrderCount >= accountLimits.maxOpenOrders) return RiskReason.MAX_OPEN_ORDERS;
    if (increases) {
      if (totals.grossExposure + (worstAfter - worstBefore) * reference > accountLimits.maxGrossExposure) {
        return RiskReason.MAX_ACCOUNT_GROSS_EXPOSURE;
      }
      const net = totals.netExposure;
      const netAfter = net + (buy ? quantity : -quantity) * reference;
      if (Math.abs(netAfter) > accountLimits.maxNetExposure && Math.abs(netAfter) > Math.abs(net)) {
        return RiskReason.MAX_ACCOUNT_NET_EXPOSURE;
      }
    }
    if (!reduces) {
      if (totals.dailyPnl <= -accountLimits.maxDailyLoss) return RiskReason.MAX_DAILY_LOSS;
      if (totals.drawdown >= accountLimits.maxDrawdown) return RiskReason.MAX_DRAWDOWN;
    }
    if (!this.orderRate.wouldAllow(nowMs)) return RiskReason.ORDER_RATE;
    return RiskReason.ALLOWED;
  }
}

/** True when `value` is a whole multiple of `increment`, within float noise. */
function onIncrement(value: number, increment: number): boolean {
  if (!(increment > 0)) return true;
  const steps = value / increment;
  return Math.abs(steps - Math.round(steps)) <= INCREMENT_TOLERANCE * Math.max(1, steps);
}
