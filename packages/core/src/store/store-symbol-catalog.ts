import { symbolIdOf } from '../tick/symbol-id';
import { SymbolIdCollisionError } from '../tick/tick-errors';
import { BUILT_IN_SOURCES } from '../tick/tick-source';
import type { StoreSource, StoreSymbol } from './store-options';
import { TICK_FILE_MAX_SYMBOL_BYTES } from './tick-file-header';
import { TickStoreError } from './tick-store-error';

/** What the store knows of one symbol of one source. */
export interface CatalogEntry {
  readonly symbol: string;
  readonly symbolId: number;
  readonly priceIncrement: number;
}

const anySource = 0;
const textEncoder = new TextEncoder();
const twoTo32 = 0x1_0000_0000;

/** The numeric map key of a source + symbol id pair. Source 0 (never a valid source) stands for "any source". */
export function streamKey(sourceId: number, symbolId: number): number {
  return sourceId * twoTo32 + symbolId;
}

/**
 * Symbol ids back to symbols and price increments, and source ids to directory names, for naming files. Refuses
 * a second symbol with the same id (they could not be told apart in the ring).
 */
export class StoreSymbolCatalog {
  private readonly entries = new Map<number, CatalogEntry>();
  private readonly sourceNames = new Map<number, string>();

  constructor(symbols: readonly StoreSymbol[], sources: readonly StoreSource[]) {
    for (const source of BUILT_IN_SOURCES) this.sourceNames.set(source.id, source.name);
    for (const source of sources) this.addSource(source);
    for (const symbol of symbols) this.add(symbol);
  }

  /** Names a source's directory. */
  addSource(source: StoreSource): void {
    if (!/^[a-z0-9][a-z0-9._-]{0,31}$/i.test(source.name)) {
      throw new TickStoreError(
        'STORE_INVALID_OPTION',
        `source name ${JSON.stringify(source.name)} (id ${source.id}) is not usable as a directory name: use 1 to 32 letters, digits, '.', '_' or '-'.`,
      );
    }
    this.sourceNames.set(source.id, source.name);
  }

  /**
   * Adds a symbol (again: a no-op, or an update of its price increment).
   *
   * @throws SymbolIdCollisionError when another symbol holds the same id for the same source scope.
   */
  add(symbol: StoreSymbol): CatalogEntry {
    const symbolId = symbolIdOf(symbol.symbol);
    if (textEncoder.encode(symbol.symbol).length > TICK_FILE_MAX_SYMBOL_BYTES) {
      throw new TickStoreError(
        'STORE_INVALID_OPTION',
        `symbol ${JSON.stringify(symbol.symbol)} is longer than the ${TICK_FILE_MAX_SYMBOL_BYTES} UTF-8 bytes a tick file header holds; use a shorter canonical symbol.`,
      );
    }
    const priceIncrement = symbol.priceIncrement ?? 0;
    if (!(priceIncrement === 0 || (Number.isFinite(priceIncrement) && priceIncrement > 0))) {
      throw new TickStoreError(
        'STORE_INVALID_OPTION',
        `price increment ${priceIncrement} of ${JSON.stringify(symbol.symbol)} is not usable: give the tick size (> 0), or 0 when unknown.`,
      );
    }
    const key = streamKey(symbol.sourceId ?? anySource, symbolId);
    const held = this.entries.get(key);
    if (held !== undefined && held.symbol !== symbol.symbol)
      throw new SymbolIdCollisionError(symbolId, held.symbol, symbol.symbol);
    const entry: CatalogEntry = { symbol: symbol.symbol, symbolId, priceIncrement };
    this.entries.set(key, entry);
    return entry;
  }

  /** The entry for a source's symbol id: the source-specific one, else the any-source one, else undefined. */
  lookup(sourceId: number, symbolId: number): CatalogEntry | undefined {
    return this.entries.get(streamKey(sourceId, symbolId)) ?? this.entries.get(streamKey(anySource, symbolId));
  }

  /** The source's name, or '' when unknown (its directory is then `source-<id>`). */
  sourceName(sourceId: number): string {
    return this.sourceNames.get(sourceId) ?? '';
  }
}
