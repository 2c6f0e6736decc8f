import { ConfigError, type ConfigIssue } from '../errors/config-error';

/**
 * Limits that apply to each order and position in one symbol. Quantities are in instrument units, notionals in the
 * quote currency. `Infinity` switches a limit off (programmatic use; a JSON config must give numbers).
 */
export interface SymbolRiskLimits {
  /** Largest quantity of one order. */
  readonly maxOrderQuantity: number;
  /** Largest notional of one order (quantity x reference price). */
  readonly maxOrderNotional: number;
  /** Largest absolute worst-case position: the position as if every open order on one side filled. */
  readonly maxPosition: number;
  /** Largest notional of that worst-case position. */
  readonly maxSymbolExposure: number;
  /** Largest distance of a limit or stop price from the last quote's mid, in basis points. */
  readonly priceBandBps: number;
}

/** Limits that apply to each account. */
export interface AccountRiskLimits {
  /** Largest worst-case gross exposure over all symbols (see `AccountExposure.grossExposure`). */
  readonly maxGrossExposure: number;
  /** Largest absolute net exposure over all symbols. */
  readonly maxNetExposure: number;
  /** Most orders open at once. */
  readonly maxOpenOrders: number;
  /** Largest loss of the day, as a positive amount: orders are denied once `dailyPnl <= -maxDailyLoss`. */
  readonly maxDailyLoss: number;
  /** Largest fall of daily PnL from its peak, as a positive amount. */
  readonly maxDrawdown: number;
}

/** Order and cancel rates, over sliding windows, for everything the gate sees. */
export interface RateLimits {
  /** Most submits and replaces allowed in any `orderWindowMs`. */
  readonly maxOrders: number;
  readonly orderWindowMs: number;
  /** Most cancels allowed in any `cancelWindowMs` (kill-switch cancels are exempt and uncounted). */
  readonly maxCancels: number;
  readonly cancelWindowMs: number;
}

/** Every limit the gate enforces. Frozen at construction: nothing a strategy sends can change them. */
export interface RiskLimits {
  /** Limits for every symbol... */
  readonly symbolDefaults: SymbolRiskLimits;
  /** ...with per-symbol overrides. */
  readonly symbols?: Readonly<Record<string, Partial<SymbolRiskLimits>>>;
  /** Limits for every account... */
  readonly accountDefaults: AccountRiskLimits;
  /** ...with per-account overrides. */
  readonly accounts?: Readonly<Record<string, Partial<AccountRiskLimits>>>;
  readonly rates: RateLimits;
  /**
   * How many recent client order ids the gate remembers for the duplicate check. Default 16,384: its table (256 KB)
   * stays in cache; the order manager separately refuses any id it still knows.
   */
  readonly duplicateWindow?: number;
}

/** Limits after validation: a deep-frozen copy. */
export type FrozenRiskLimits = RiskLimits;

const SYMBOL_FIELDS: ReadonlyArray<keyof SymbolRiskLimits> = [
  'maxOrderQuantity',
  'maxOrderNotional',
  'maxPosition',
  'maxSymbolExposure',
  'priceBandBps',
];
const ACCOUNT_FIELDS: ReadonlyArray<keyof AccountRiskLimits> = [
  'maxGrossExposure',
  'maxNetExposure',
  'maxOpenOrders',
  'maxDailyLoss',
  'maxDrawdown',
];
const RATE_FIELDS: ReadonlyArray<keyof RateLimits> = ['maxOrders', 'orderWindowMs', 'maxCancels', 'cancelWindowMs'];

/**
 * Validates limits and returns a deep-frozen copy, so neither the caller's object nor anyone holding the gate can
 * change them afterwards.
 *
 * @throws ConfigError listing every field that is missing, not a number, or not positive, with the fix.
 */
export function freezeRiskLimits(limits: RiskLimits): FrozenRiskLimits {
  const issues: ConfigIssue[] = [];
  checkFields(limits?.symbolDefaults, SYMBOL_FIELDS, 'symbolDefaults', true, issues);
  checkFields(limits?.accountDefaults, ACCOUNT_FIELDS, 'accountDefaults', true, issues);
  checkFields(limits?.rates, RATE_FIELDS, 'rates', true, issues);
  for (const [symbol, override] of Object.entries(limits?.symbols ?? {})) {
    checkFields(override, SYMBOL_FIELDS, `symbols.${symbol}`, false, issues);
  }
  for (const [account, override] of Object.entries(limits?.accounts ?? {})) {
    checkFields(override, ACCOUNT_FIELDS, `accounts.${account}`, false, issues);
  }
  const window = limits?.duplicateWindow;
  if (window !== undefined && !(Number.isInteger(window) && window >= 1 && window <= 1 << 24)) {
    issues.push({
      fieldPath: 'duplicateWindow',
      value: window,
      problem: 'expected a whole number from 1 to 16,777,216',
      fix: 'leave it out for the default of 16,384 remembered client order ids',
    });
  }
  if (issues.length > 0) throw new ConfigError({ subject: 'risk limits', issues });
  return deepFreeze(structuredClone(limits));
}

function checkFields(
  section: object | undefined,
  fields: readonly string[],
  path: string,
  required: boolean,
  issues: ConfigIssue[],
): void {
  if (section === undefined || section === null || typeof section !== 'object') {
    issues.push({
      fieldPath: path,
      value: section,
      problem: 'expected an object of limits',
      fix: `give ${path} the fields ${fields.join(', ')}`,
    });
    return;
  }
  const values = section as Record<string, unknown>;
  for (const field of fields) {
    const value = values[field];
    if (value === undefined && !required) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
      issues.push({
        fieldPath: `${path}.${field}`,
        value,
        problem: 'expected a number above 0',
        fix: 'set the largest value you accept (Infinity, in code only, switches the limit off)',
      });
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
