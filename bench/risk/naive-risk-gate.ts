import type { Instrument } from '../../packages/core/src/domain/instrument';
import type { OrderRequest } from '../../packages/core/src/domain/order-request';

/** Limits in the shape a first attempt would use. */
export interface NaiveLimits {
  maxOrderQuantity: number;
  maxOrderNotional: number;
  maxPosition: number;
  maxSymbolExposure: number;
  priceBandBps: number;
  maxOpenOrders: number;
  maxDailyLoss: number;
  maxOrdersPerWindow: number;
  windowMs: number;
  staleAfterMs: number;
  duplicateWindow: number;
}

interface CheckResult {
  ok: boolean;
  reason?: string;
}

interface CheckContext {
  order: OrderRequest;
  instrument: Instrument | undefined;
  quote: { bid: number; ask: number; time: number } | undefined;
  position: { quantity: number; openBuy: number; openSell: number };
  price: number;
  now: Date;
  pnl: number;
}

/**
 * The risk gate people write first: a list of check closures, each returning a result object, run with
 * `map`/`find`, string keys built per order, a `Date` per check, and an array of timestamps trimmed with `shift`.
 * Same checks as tickwire's gate (validity, band, size, position, exposure, open orders, loss, rate, duplicates,
 * stale feed), for the same-run comparison.
 */
export class NaiveRiskGate {
  private readonly instruments = new Map<string, Instrument>();
  private readonly quotes = new Map<string, { bid: number; ask: number; time: number }>();
  private readonly positions = new Map<string, { quantity: number; openBuy: number; openSell: number }>();
  private readonly recentOrders: number[] = [];
  private readonly seenIds = new Set<string>();
  private readonly checks: Array<(context: CheckContext) => CheckResult>;
  private readonly duplicateWindow: number;
  openOrders = 0;
  dailyPnl = 0;

  constructor(instruments: readonly Instrument[], limits: NaiveLimits) {
    this.duplicateWindow = limits.duplicateWindow;
    for (const instrument of instruments) this.instruments.set(instrument.symbol, { ...instrument });
    this.checks = [
      (c) => (c.instrument ? { ok: true } : { ok: false, reason: 'unknown instrument' }),
      (c) => (this.seenIds.has(c.order.clientOrderId) ? { ok: false, reason: 'duplicate' } : { ok: true }),
      (c) => ((c.order.quantity ?? 0) > 0 ? { ok: true } : { ok: false, reason: 'quantity' }),
      (c) => {
        const steps = (c.order.quantity ?? 0) / (c.instrument?.quantityIncrement ?? 1);
        return Math.abs(steps - Math.round(steps)) < 1e-9 ? { ok: true } : { ok: false, reason: 'increment' };
      },
      (c) =>
        c.quote && c.now.getTime() - c.quote.time <= limits.staleAfterMs
          ? { ok: true }
          : { ok: false, reason: 'stale' },
      (c) => {
        if (!c.quote) return { ok: false, reason: 'no quote' };
        const mid = (c.quote.bid + c.quote.ask) / 2;
        return (Math.abs(c.price - mid) / mid) * 10_000 <= limits.priceBandBps
          ? { ok: true }
          : { ok: false, reason: 'band' };
      },
      (c) => ((c.order.quantity ?? 0) <= limits.maxOrderQuantity ? { ok: true } : { ok: false, reason: 'max qty' }),
      (c) =>
        (c.order.quantity ?? 0) * c.price <= limits.maxOrderNotional ? { ok: true } : { ok: false, reason: 'notional' },
      (c) => {
        const sign = c.order.side === 'buy' ? 1 : -1;
        const worst = [c.position.quantity + c.position.openBuy, c.position.quantity - c.position.openSell].map((v) =>
          Math.abs(v + sign * (c.order.quantity ?? 0)),
        );
        return Math.max(...worst) <= limits.maxPosition ? { ok: true } : { ok: false, reason: 'position' };
      },
      (c) => {
        const exposure = Math.abs(c.position.quantity + (c.order.quantity ?? 0)) * c.price;
        return exposure <= limits.maxSymbolExposure ? { ok: true } : { ok: false, reason: 'exposure' };
      },
      () => (this.openOrders < limits.maxOpenOrders ? { ok: true } : { ok: false, reason: 'open orders' }),
      (c) => (c.pnl > -limits.maxDailyLoss ? { ok: true } : { ok: false, reason: 'daily loss' }),
      (c) => {
        while (this.recentOrders.length > 0 && (this.recentOrders[0] as number) <= c.now.getTime() - limits.windowMs) {
          this.recentOrders.shift();
        }
        return this.recentOrders.length < limits.maxOrdersPerWindow ? { ok: true } : { ok: false, reason: 'rate' };
      },
    ];
  }

  updateQuote(symbol: string, bid: number, ask: number, time: number): void {
    this.quotes.set(symbol, { bid, ask, time });
  }

  check(order: OrderRequest, nowMs: number): string {
    const key = `${order.account ?? 'default'}:${order.symbol}`;
    const context: CheckContext = {
      order,
      instrument: this.instruments.get(order.symbol),
      quote: this.quotes.get(order.symbol),
      position: this.positions.get(key) ?? { quantity: 0, openBuy: 0, openSell: 0 },
      price: order.limitPrice ?? 0,
      now: new Date(nowMs),
      pnl: this.dailyPnl,
    };
    const failed = this.checks.map((check) => check(context)).find((result) => !result.ok);
    if (failed) return failed.reason ?? 'denied';
    this.recentOrders.push(nowMs);
    this.seenIds.add(order.clientOrderId);
    if (this.seenIds.size > this.duplicateWindow) this.seenIds.delete(this.seenIds.values().next().value as string);
    return 'ok';
  }
}
