import { z } from 'zod';
import { DEFAULT_SIM_SYMBOLS, type SimSymbolSpec } from '../market/sim-symbol';

/** What a symbol configured by name alone gets, when it is not one of the default symbols. */
export const GENERIC_SIM_SYMBOL: Omit<SimSymbolSpec, 'symbol'> = {
  assetClass: 'equity',
  startPrice: 100,
  priceIncrement: 0.01,
  quantityIncrement: 1,
  process: 'gbm',
  volatility: 0.3,
  drift: 0,
  halfLifeSeconds: 3600,
  spreadTicks: 1,
  quoteRate: 500,
  tradeRate: 50,
  quoteSize: 200,
  tradeSize: 100,
};

const positive = (what: string, example: string) =>
  z.number().refine((value) => value > 0 && Number.isFinite(value), {
    message: `${what} must be a finite number above 0, e.g. ${example}`,
  });
const nonNegative = (what: string, example: string) =>
  z.number().refine((value) => value >= 0 && Number.isFinite(value), {
    message: `${what} must be a finite number, 0 or more, e.g. ${example}`,
  });

/**
 * One simulated symbol in full. Every field but `symbol` is optional: a symbol named like a default one
 * (`SIM-AAPL`, `SIM-MSFT`, `SIM-BTC`, `SIM-EUR/USD`) starts from that default, any other from
 * {@link GENERIC_SIM_SYMBOL}, and the fields given override it.
 */
export const simSymbolObjectSchema = z.strictObject({
  symbol: z.string().min(1, 'symbol must be a non-empty canonical symbol such as SIM-AAPL'),
  assetClass: z.enum(['equity', 'option', 'future', 'fx', 'crypto']).optional(),
  startPrice: positive('startPrice', '190').optional(),
  priceIncrement: positive('priceIncrement', '0.01').optional(),
  quantityIncrement: positive('quantityIncrement', '1 for shares or 0.0001 for coins').optional(),
  process: z.enum(['gbm', 'mean-reverting']).optional(),
  volatility: nonNegative('volatility (annualised, 0.3 = 30 %)', '0.3').optional(),
  drift: z.number().optional(),
  halfLifeSeconds: positive('halfLifeSeconds', '3600').optional(),
  meanPrice: positive('meanPrice', '1.085').optional(),
  spreadTicks: z.int().min(1, 'spreadTicks is a whole number of price increments, at least 1').optional(),
  quoteRate: nonNegative('quoteRate (quotes per second)', '500').optional(),
  tradeRate: nonNegative('tradeRate (trades per second)', '50').optional(),
  quoteSize: positive('quoteSize', '200').optional(),
  tradeSize: positive('tradeSize', '100').optional(),
  maxFillQuantity: positive('maxFillQuantity', '50').optional(),
});

/** A symbol as written in config: its name alone, or an object overriding some of its parameters. */
export const simSymbolSchema = z.union([z.string().min(1), simSymbolObjectSchema]);

/** The written form of one symbol (the schema's input). */
export type SimSymbolInput = z.input<typeof simSymbolSchema>;

/** Resolves a symbol as written in config into a full spec. */
export function resolveSimSymbol(input: z.output<typeof simSymbolSchema>): SimSymbolSpec {
  const fields = typeof input === 'string' ? { symbol: input } : input;
  const base = DEFAULT_SIM_SYMBOLS.find((spec) => spec.symbol === fields.symbol) ?? {
    ...GENERIC_SIM_SYMBOL,
    symbol: fields.symbol,
  };
  const overrides = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return { ...base, ...overrides } as SimSymbolSpec;
}
