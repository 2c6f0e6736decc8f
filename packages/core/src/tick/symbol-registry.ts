import { symbolIdOf } from './symbol-id';
import { SymbolIdCollisionError } from './tick-errors';

/**
 * Maps `symbol_id`s back to canonical symbols. Registering two different symbols with the same id throws
 * {@link SymbolIdCollisionError}: ticks of the two could not be told apart, so the collision is refused loudly
 * rather than mixing their prices.
 */
export class SymbolRegistry {
  private readonly symbolsById = new Map<number, string>();

  /**
   * Registers `symbol` and returns its id. Registering the same symbol again returns the same id.
   *
   * @throws SymbolIdCollisionError when another symbol already holds the id.
   * @throws TickFormatError (`TICK_INVALID_SYMBOL`) for a symbol with no id (see `symbolIdOf`).
   */
  register(symbol: string): number {
    const id = symbolIdOf(symbol);
    const held = this.symbolsById.get(id);
    if (held === undefined) {
      this.symbolsById.set(id, symbol);
    } else if (held !== symbol) {
      throw new SymbolIdCollisionError(id, held, symbol);
    }
    return id;
  }

  /** The symbol registered under `symbolId`, or undefined. */
  symbolOf(symbolId: number): string | undefined {
    return this.symbolsById.get(symbolId);
  }

  /** Whether `symbolId` is registered. */
  has(symbolId: number): boolean {
    return this.symbolsById.has(symbolId);
  }

  /** How many symbols are registered. */
  get size(): number {
    return this.symbolsById.size;
  }

  /** Every `[symbolId, symbol]` pair, in registration order. */
  entries(): IterableIterator<[number, string]> {
    return this.symbolsById.entries();
  }
}
