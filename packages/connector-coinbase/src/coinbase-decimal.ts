/**
 * Coinbase sends and expects numbers as decimal strings ("0.00150000"). These helpers turn them into numbers on
 * the way in and back into plain decimal text (never exponent notation, which Coinbase refuses) on the way out.
 */

/**
 * The number a Coinbase decimal string (or number) holds, or `NaN` when it holds none. An empty string is `NaN`,
 * not 0: Coinbase sends `""` for fields that do not apply, and those must not read as a zero price.
 */
export function parseCoinbaseDecimal(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.length === 0) return Number.NaN;
  return +value;
}

/**
 * `value` as plain decimal text for a request body: `0.0000001` becomes `"0.0000001"` rather than `"1e-7"`, and the
 * binary noise of f64 arithmetic (`0.30000000000000004`) is rounded away at 12 significant digits past the point.
 *
 * @throws RangeError for a value that is not a finite number (the caller validated it; this is a bug guard).
 */
export function formatCoinbaseDecimal(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`Cannot send ${value} to Coinbase as a decimal; pass a finite number.`);
  }
  // toPrecision keeps 15 significant digits (all an f64 holds reliably) and drops the noise past them.
  const rounded = Number(value.toPrecision(15));
  const text = String(rounded);
  if (!/e/i.test(text)) return text;
  const fixed = rounded.toFixed(20);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
