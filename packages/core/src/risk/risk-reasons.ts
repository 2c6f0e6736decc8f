/**
 * Every decision of the risk gate, as a stable number. 0 allows; anything else names the first check that denied.
 * Codes never change meaning once released; a new check gets a new code at the end.
 */
export const RiskReason = {
  /** Every check passed. */
  ALLOWED: 0,
  /** The symbol is not registered with the gate. */
  INSTRUMENT_UNKNOWN: 1,
  /** The client order id is empty. */
  CLIENT_ORDER_ID_INVALID: 2,
  /** The client order id was already used by an allowed order (within the gate's memory window). */
  DUPLICATE_CLIENT_ORDER_ID: 3,
  /** Quantity (or notional) missing, zero, negative or not finite. */
  QUANTITY_INVALID: 4,
  /** Quantity not a multiple of the instrument's quantity increment. */
  QUANTITY_OFF_INCREMENT: 5,
  /** Quantity below the instrument's minimum. */
  QUANTITY_BELOW_MINIMUM: 6,
  /** A limit or stop price that is zero, negative or not finite, or missing where the order type needs it. */
  PRICE_INVALID: 7,
  /** A limit or stop price not on the instrument's price increment. */
  PRICE_OFF_INCREMENT: 8,
  /** The kill switch is tripped: nothing new goes out until an operator resets it. */
  KILL_SWITCH_TRIPPED: 9,
  /** Trading state is halted. */
  TRADING_HALTED: 10,
  /** Trading state is reducing and the order would not reduce the position. */
  REDUCE_ONLY: 11,
  /** The symbol's feed is stale: no tick within its threshold. */
  FEED_STALE: 12,
  /** The symbol's feed has a sequence gap that has not resynced. */
  FEED_GAPPED: 13,
  /**
   * No price to value the order or to check its band: no usable quote (a market order needs the side it would
   * take; a priced order needs at least one side for the band).
   */
  NO_REFERENCE_PRICE: 14,
  /** The limit or stop price is further from the last quote's mid than the price band allows (fat finger). */
  PRICE_BAND: 15,
  /** Order quantity above the per-order maximum. */
  MAX_ORDER_QUANTITY: 16,
  /** Order notional above the per-order maximum. */
  MAX_ORDER_NOTIONAL: 17,
  /** Worst-case position in the symbol would exceed the maximum. */
  MAX_POSITION: 18,
  /** Worst-case notional exposure in the symbol would exceed the maximum. */
  MAX_SYMBOL_EXPOSURE: 19,
  /** The account's worst-case gross exposure would exceed the maximum. */
  MAX_ACCOUNT_GROSS_EXPOSURE: 20,
  /** The account's net exposure would exceed the maximum. */
  MAX_ACCOUNT_NET_EXPOSURE: 21,
  /** The account already has the maximum number of open orders. */
  MAX_OPEN_ORDERS: 22,
  /** Too many orders (submits and replaces) in the rate window. */
  ORDER_RATE: 23,
  /** Too many cancels in the rate window. */
  CANCEL_RATE: 24,
  /** The account's daily loss reached the maximum. */
  MAX_DAILY_LOSS: 25,
  /** The account's drawdown from today's PnL peak reached the maximum. */
  MAX_DRAWDOWN: 26,
} as const;

/** One of {@link RiskReason}'s values. */
export type RiskReasonCode = (typeof RiskReason)[keyof typeof RiskReason];

/** The name of one reason, e.g. `PRICE_BAND`. */
export type RiskReasonName = keyof typeof RiskReason;

// Indexed by code, built once: reasonName() returns an existing string and allocates nothing.
const NAMES_BY_CODE: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, code] of Object.entries(RiskReason)) names[code] = name;
  return Object.freeze(names);
})();

/** The name of a reason code for logs (`PRICE_BAND`), or `UNKNOWN_REASON` for a number that is not a code. */
export function reasonName(code: number): string {
  return NAMES_BY_CODE[code] ?? 'UNKNOWN_REASON';
}
