/**
 * One account's holding and open orders in one symbol, as the risk gate reads them. The object is owned by the
 * order manager and updated in place: `symbolExposure` returns the same object on every call.
 */
export interface SymbolExposure {
  readonly account: string;
  readonly symbol: string;
  /** Signed position: negative is short. */
  readonly quantity: number;
  readonly averagePrice: number;
  /** Unfilled quantity of the account's open buy orders in the symbol (pending, live, or of unknown outcome). */
  readonly openBuyQuantity: number;
  /** Unfilled quantity of the account's open sell orders in the symbol. */
  readonly openSellQuantity: number;
}

/**
 * One account's totals, as the risk gate and kill switch read them. Owned and updated in place by the order
 * manager; the PnL fields are as of the last {@link RiskPortfolioView.markAccount}.
 */
export interface AccountExposure {
  readonly account: string;
  /** Orders that are not terminal: pending, live, pending cancel/replace, or of unknown outcome. */
  readonly openOrderCount: number;
  /**
   * Worst-case gross exposure at the mark: the sum over symbols of
   * `max(|position + openBuy|, |position - openSell|) x mark`, i.e. as if every open order on the heavier side filled.
   */
  readonly grossExposure: number;
  /** Net exposure at the mark: the sum over symbols of `position x mark`. */
  readonly netExposure: number;
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  /** Realized plus unrealized PnL since the start of the trading day. */
  readonly dailyPnl: number;
  /** Highest `dailyPnl` seen today (starts at 0). */
  readonly peakDailyPnl: number;
  /** Peak-to-trough fall of `dailyPnl` today: `peakDailyPnl - dailyPnl`, never negative. */
  readonly drawdown: number;
}

/**
 * What the risk gate needs from the order manager's book of positions and orders. Every method is allocation-free
 * once the account and symbol have been seen: implementations return persistent objects updated in place.
 */
export interface RiskPortfolioView {
  /** The account's exposure in the symbol; the same object on every call (created empty on the first). */
  symbolExposure(account: string, symbol: string): SymbolExposure;
  /** The account's totals; the same object on every call (created empty on the first). */
  accountExposure(account: string): AccountExposure;
  /** Re-marks the account's positions to the last quotes and refreshes its PnL, peak and drawdown figures. */
  markAccount(account: string, nowMs: number): void;
  /** Every account seen so far (a persistent array: read it, do not keep a copy). */
  accounts(): readonly AccountExposure[];
}

/** The account used for orders that name none. */
export const DEFAULT_ACCOUNT = 'default';
