import type { Instrument } from '../domain/instrument';
import { PriceGrid } from '../tick/price-precision';
import type { SymbolRegistry } from '../tick/symbol-registry';
import type { PreparedConnector } from './prepare-connectors';

/**
 * Every instrument the configured connectors trade, registered in the symbol registry (so a symbol-id collision
 * is refused at start), with allocation-free lookups by symbol id for the tick path.
 */
export class InstrumentCatalog {
  readonly instruments: readonly Instrument[];
  private readonly increments = new Map<number, number>();
  private readonly grids = new Map<number, PriceGrid>();

  constructor(connectors: readonly PreparedConnector[], symbols: SymbolRegistry) {
    const instruments: Instrument[] = [];
    for (const { entry } of connectors) {
      for (const [symbol, spec] of Object.entries(entry.instruments)) {
        const symbolId = symbols.register(symbol);
        if (this.increments.has(symbolId)) continue;
        instruments.push({ symbol, ...spec });
        this.increments.set(symbolId, spec.priceIncrement);
        this.grids.set(symbolId, new PriceGrid(spec.priceIncrement));
      }
    }
    this.instruments = instruments;
  }

  /** The price increment of a symbol id, or 0 when unknown. */
  readonly priceIncrementOf = (symbolId: number): number => this.increments.get(symbolId) ?? 0;

  /** The price grid of a symbol id, when known. */
  readonly priceGridOf = (symbolId: number): PriceGrid | undefined => this.grids.get(symbolId);
}
