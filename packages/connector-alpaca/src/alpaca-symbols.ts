/**
 * tickwire's canonical symbols and Alpaca's own spellings.
 *
 * - Stocks are the same in both: `AAPL`, `BRK.B`.
 * - Crypto pairs are `BASE-QUOTE` in tickwire (`BTC-USD`, as the rest of tickwire writes them) and `BASE/QUOTE` at
 *   Alpaca (`BTC/USD`). Alpaca's positions drop the slash (`BTCUSD`), so that form is read too.
 */

// Quote currencies Alpaca lists crypto pairs against, longest first so `USDT` wins over `USD`.
const CRYPTO_QUOTE_CURRENCIES = ['USDT', 'USDC', 'USD', 'BTC', 'ETH'] as const;

/** True when a canonical (or Alpaca) symbol names a crypto pair: `BTC-USD` or `BTC/USD`. */
export function isCryptoSymbol(symbol: string): boolean {
  return symbol.includes('-') || symbol.includes('/');
}

/** The symbol Alpaca expects in requests and subscriptions: `BTC-USD` becomes `BTC/USD`, stocks are unchanged. */
export function toAlpacaSymbol(canonical: string): string {
  return canonical.includes('-') ? canonical.replace('-', '/') : canonical;
}

/**
 * The canonical symbol for a symbol Alpaca sent: `BTC/USD` becomes `BTC-USD`; with `assetClass` `crypto`, the
 * slash-less `BTCUSD` of positions becomes `BTC-USD` as well. Anything else is returned unchanged.
 */
export function fromAlpacaSymbol(alpacaSymbol: string, assetClass?: string): string {
  if (alpacaSymbol.includes('/')) return alpacaSymbol.replace('/', '-');
  if (assetClass === 'crypto') {
    for (const quote of CRYPTO_QUOTE_CURRENCIES) {
      if (alpacaSymbol.length > quote.length && alpacaSymbol.endsWith(quote)) {
        return `${alpacaSymbol.slice(0, -quote.length)}-${quote}`;
      }
    }
  }
  return alpacaSymbol;
}
