/** A holding at the broker. `quantity` is signed: negative is short. */
export interface Position {
  readonly symbol: string;
  readonly quantity: number;
  readonly averagePrice: number;
  readonly marketValue?: number;
  readonly unrealizedPnl?: number;
}

/** Balances, in the account currency. Fields a broker does not report are left out. */
export interface AccountSnapshot {
  readonly accountId: string;
  readonly currency: string;
  readonly cash: number;
  readonly equity?: number;
  readonly buyingPower?: number;
  readonly tradingBlocked?: boolean;
}
