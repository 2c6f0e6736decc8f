import type { AccountSnapshot, ConnectorContext, Position } from '@tickwire/core';
import { parseCoinbaseDecimal } from './coinbase-decimal';
import type { CoinbaseRestClient } from './coinbase-rest-client';
import { coinbaseHttpError } from './coinbase-rest-errors';
import type { CoinbaseAccount, CoinbaseListAccountsResponse } from './coinbase-rest-messages';

const PAGE_SIZE = 250;
const MAX_PAGES = 20;

/**
 * Balances from `GET /accounts` (one account per currency, paged by cursor): the account currency's balance is
 * the cash, every other currency held is a position in `<currency>-<account currency>`.
 */
export class CoinbaseAccounts {
  readonly #rest: CoinbaseRestClient;
  readonly #context: ConnectorContext;
  readonly #accountCurrency: string;

  constructor(rest: CoinbaseRestClient, context: ConnectorContext, accountCurrency: string) {
    this.#rest = rest;
    this.#context = context;
    this.#accountCurrency = accountCurrency;
  }

  /** Cash is the available balance of the account currency; buying power the same (Coinbase spot has no margin). */
  async account(): Promise<AccountSnapshot> {
    const accounts = await this.list();
    const cashAccount = accounts.find((account) => account.currency === this.#accountCurrency);
    const available = parseCoinbaseDecimal(cashAccount?.available_balance?.value);
    const cash = Number.isFinite(available) ? available : 0;
    return {
      accountId: cashAccount?.uuid ?? `coinbase-${this.#accountCurrency}`,
      currency: this.#accountCurrency,
      cash,
      buyingPower: cash,
      ...(cashAccount?.active === false ? { tradingBlocked: true } : {}),
    };
  }

  /**
   * Every non-zero holding other than the account currency, as a long position (available plus held). Coinbase
   * reports no cost basis, so `averagePrice` is `NaN`.
   */
  async positions(): Promise<Position[]> {
    const positions: Position[] = [];
    for (const account of await this.list()) {
      if (account.currency === undefined || account.currency === this.#accountCurrency) continue;
      const available = parseCoinbaseDecimal(account.available_balance?.value);
      const hold = parseCoinbaseDecimal(account.hold?.value);
      const quantity = (Number.isFinite(available) ? available : 0) + (Number.isFinite(hold) ? hold : 0);
      if (quantity === 0) continue;
      positions.push({ symbol: `${account.currency}-${this.#accountCurrency}`, quantity, averagePrice: Number.NaN });
    }
    return positions;
  }

  /** Every account, all pages. */
  async list(): Promise<CoinbaseAccount[]> {
    const accounts: CoinbaseAccount[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const operation = 'list accounts';
      const response = await this.#rest.send({
        method: 'GET',
        path: '/accounts',
        query: { limit: PAGE_SIZE, cursor },
        operation,
      });
      if (response.status >= 300) throw coinbaseHttpError(response, operation, this.#context.clock.nowMs());
      const body = (response.body ?? {}) as CoinbaseListAccountsResponse;
      accounts.push(...(body.accounts ?? []));
      if (body.has_next !== true || !body.cursor) return accounts;
      cursor = body.cursor;
    }
    return accounts;
  }
}
