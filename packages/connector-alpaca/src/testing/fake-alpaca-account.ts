import { randomUUID } from 'node:crypto';

interface FakePosition {
  readonly symbol: string;
  readonly crypto: boolean;
  qty: number;
  costBasis: number;
}

/** The fake account: cash, positions, and what fills do to them. Numbers go out as strings, as Alpaca's do. */
export class FakeAlpacaAccount {
  readonly id = randomUUID();
  readonly accountNumber = 'PA3FAKE00001';
  cash: number;
  readonly #positions = new Map<string, FakePosition>();

  constructor(startingCash = 100_000) {
    this.cash = startingCash;
  }

  /** Cash available for buys (no margin in the fake). */
  get buyingPower(): number {
    return Math.max(0, this.cash);
  }

  /** The signed quantity held in `symbol`. */
  positionQty(symbol: string): number {
    return this.#positions.get(symbol)?.qty ?? 0;
  }

  /** Books a fill. */
  applyFill(symbol: string, crypto: boolean, side: 'buy' | 'sell', qty: number, price: number): void {
    const signed = side === 'buy' ? qty : -qty;
    this.cash -= signed * price;
    const position = this.#positions.get(symbol) ?? { symbol, crypto, qty: 0, costBasis: 0 };
    const sameDirection = position.qty === 0 || Math.sign(position.qty) === Math.sign(signed);
    if (sameDirection) {
      position.costBasis += signed * price;
    } else {
      // Reducing: the cost basis shrinks at the average entry price.
      const average = position.costBasis / position.qty;
      const closed = Math.min(Math.abs(signed), Math.abs(position.qty));
      position.costBasis -= Math.sign(position.qty) * closed * average;
      if (Math.abs(signed) > Math.abs(position.qty)) position.costBasis = (position.qty + signed) * price;
    }
    position.qty = round9(position.qty + signed);
    if (position.qty === 0) this.#positions.delete(symbol);
    else this.#positions.set(symbol, position);
  }

  /** `GET /v2/account`. */
  toWire(equity: number): Record<string, unknown> {
    return {
      id: this.id,
      account_number: this.accountNumber,
      status: 'ACTIVE',
      currency: 'USD',
      cash: this.cash.toFixed(2),
      buying_power: this.buyingPower.toFixed(2),
      regt_buying_power: this.buyingPower.toFixed(2),
      daytrading_buying_power: '0',
      portfolio_value: equity.toFixed(2),
      equity: equity.toFixed(2),
      last_equity: equity.toFixed(2),
      long_market_value: '0',
      short_market_value: '0',
      initial_margin: '0',
      maintenance_margin: '0',
      pattern_day_trader: false,
      trading_blocked: false,
      account_blocked: false,
      daytrade_count: 0,
    };
  }

  /** `GET /v2/positions`, priced at `priceOf(symbol)`. */
  positionsToWire(priceOf: (symbol: string) => number): Record<string, unknown>[] {
    return [...this.#positions.values()].map((position) => {
      const price = priceOf(position.symbol);
      const marketValue = position.qty * price;
      const average = position.costBasis / position.qty;
      return {
        asset_id: randomUUID(),
        symbol: position.crypto ? position.symbol.replace('/', '') : position.symbol,
        exchange: position.crypto ? 'CRYPTO' : 'NASDAQ',
        asset_class: position.crypto ? 'crypto' : 'us_equity',
        avg_entry_price: String(round9(average)),
        qty: String(position.qty),
        qty_available: String(position.qty),
        side: position.qty < 0 ? 'short' : 'long',
        market_value: marketValue.toFixed(2),
        cost_basis: position.costBasis.toFixed(2),
        unrealized_pl: (marketValue - position.costBasis).toFixed(2),
        unrealized_plpc: '0',
        current_price: String(price),
        lastday_price: String(price),
        change_today: '0',
      };
    });
  }

  /** Cash plus positions at `priceOf`. */
  equity(priceOf: (symbol: string) => number): number {
    let value = this.cash;
    for (const position of this.#positions.values()) value += position.qty * priceOf(position.symbol);
    return value;
  }
}

function round9(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
