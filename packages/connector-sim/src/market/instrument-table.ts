import type { Instrument } from '@tickwire/core';
import { IncrementGrid } from './increment-grid';
import { instrumentOf, type SimSymbolSpec } from './sim-symbol';

/**
 * The simulated symbols, looked up by name or by index, with their price and quantity grids. Shared by the
 * market generator and the matching engine so both agree on indexes and rounding.
 */
export class InstrumentTable {
  /** The symbol specs, in index order. */
  readonly specs: readonly SimSymbolSpec[];
  private readonly indexBySymbol = new Map<string, number>();
  private readonly priceGrids: IncrementGrid[] = [];
  private readonly quantityGrids: IncrementGrid[] = [];

  /** @param specs - the symbols; names must be unique. */
  constructor(specs: readonly SimSymbolSpec[]) {
    if (specs.length === 0) {
      throw new RangeError('the sim needs at least one symbol; leave `symbols` out to get the default market.');
    }
    this.specs = specs;
    specs.forEach((spec, index) => {
      if (this.indexBySymbol.has(spec.symbol)) {
        throw new RangeError(`symbol ${JSON.stringify(spec.symbol)} is configured twice; give each symbol once.`);
      }
      this.indexBySymbol.set(spec.symbol, index);
      this.priceGrids.push(new IncrementGrid(spec.priceIncrement, `priceIncrement of ${spec.symbol}`));
      this.quantityGrids.push(new IncrementGrid(spec.quantityIncrement, `quantityIncrement of ${spec.symbol}`));
    });
  }

  /** Number of symbols. */
  get size(): number {
    return this.specs.length;
  }

  /** Index of a symbol, or -1 when the sim does not trade it. */
  indexOf(symbol: string): number {
    return this.indexBySymbol.get(symbol) ?? -1;
  }

  /** The spec at an index. */
  spec(symbolIndex: number): SimSymbolSpec {
    return this.specs[symbolIndex]!;
  }

  /** Price grid of a symbol. */
  priceGrid(symbolIndex: number): IncrementGrid {
    return this.priceGrids[symbolIndex]!;
  }

  /** Quantity grid of a symbol. */
  quantityGrid(symbolIndex: number): IncrementGrid {
    return this.quantityGrids[symbolIndex]!;
  }

  /** The symbol names, in index order. */
  symbols(): string[] {
    return this.specs.map((spec) => spec.symbol);
  }

  /** The instruments, for `getInstruments`-style listings. */
  instruments(): Instrument[] {
    return this.specs.map(instrumentOf);
  }
}
