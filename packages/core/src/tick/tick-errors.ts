import { hasMarker, TickwireError } from '../errors/index';

/**
 * What exactly a {@link TickFormatError} refused. Stable: callers may branch on it (`error.problem`), and it is also
 * in `error.details.problem`.
 */
export type TickFormatProblem =
  | 'TICK_INVALID_TIMESTAMP'
  | 'TICK_INVALID_SYMBOL_ID'
  | 'TICK_INVALID_PRICE'
  | 'TICK_INVALID_VOLUME'
  | 'TICK_INVALID_SOURCE'
  | 'TICK_INVALID_FLAGS'
  | 'TICK_INVALID_SEQUENCE'
  | 'TICK_INVALID_SPREAD'
  | 'TICK_INVALID_PRICE_INCREMENT'
  | 'TICK_INVALID_SYMBOL'
  | 'TICK_INVALID_TIMESTAMP_TEXT';

const tickFormatMarker = Symbol.for('tickwire.error.TickFormatError');
const symbolIdCollisionMarker = Symbol.for('tickwire.error.SymbolIdCollisionError');
const sourceIdConflictMarker = Symbol.for('tickwire.error.SourceIdConflictError');

/**
 * A value that tick format v1 cannot carry (code `INVALID_ARGUMENT`, never retryable: the same input fails the same
 * way). `problem` says which rule was broken. Recognise it with {@link TickFormatError.isInstance}, not `instanceof`.
 */
export class TickFormatError extends TickwireError<'INVALID_ARGUMENT'> {
  // Read through hasMarker(), by this copy of core or any other.
  protected readonly [tickFormatMarker] = true;
  override readonly name: string = 'TickFormatError';
  /** Which rule the value broke. */
  readonly problem: TickFormatProblem;

  constructor(problem: TickFormatProblem, message: string) {
    super({ code: 'INVALID_ARGUMENT', message, details: { problem } });
    this.problem = problem;
  }

  /** True for a `TickFormatError` from any installed copy of core. */
  static override isInstance(value: unknown): value is TickFormatError {
    return TickwireError.isInstance(value) && hasMarker(value, tickFormatMarker);
  }
}

/**
 * Two different canonical symbols hash to the same FNV-1a 32 id (code `SYMBOL_ID_COLLISION`); the registry keeps the
 * first and refuses the second, since their ticks could not be told apart.
 */
export class SymbolIdCollisionError extends TickwireError<'SYMBOL_ID_COLLISION'> {
  protected readonly [symbolIdCollisionMarker] = true;
  override readonly name: string = 'SymbolIdCollisionError';
  /** The id both symbols hash to. */
  readonly symbolId: number;
  /** The symbol registered first, which keeps the id. */
  readonly registeredSymbol: string;
  /** The symbol that was refused. */
  readonly refusedSymbol: string;

  constructor(symbolId: number, registeredSymbol: string, refusedSymbol: string) {
    super({
      code: 'SYMBOL_ID_COLLISION',
      message:
        `symbol ${JSON.stringify(refusedSymbol)} has symbol_id ${symbolId} (0x${symbolId.toString(16).padStart(8, '0')}), ` +
        `which ${JSON.stringify(registeredSymbol)} already holds. Ticks of the two could not be told apart, so the ` +
        'second is refused: use only one of them in this process, or check that both are spelled in canonical form.',
      details: { symbolId, registeredSymbol, refusedSymbol },
    });
    this.symbolId = symbolId;
    this.registeredSymbol = registeredSymbol;
    this.refusedSymbol = refusedSymbol;
  }

  /** True for a `SymbolIdCollisionError` from any installed copy of core. */
  static override isInstance(value: unknown): value is SymbolIdCollisionError {
    return TickwireError.isInstance(value) && hasMarker(value, symbolIdCollisionMarker);
  }
}

/** A source id claimed by two different owners (code `SOURCE_ID_CONFLICT`). The message names both claimants. */
export class SourceIdConflictError extends TickwireError<'SOURCE_ID_CONFLICT'> {
  protected readonly [sourceIdConflictMarker] = true;
  override readonly name: string = 'SourceIdConflictError';
  /** The contested source id. */
  readonly sourceId: number;
  /** The owner that holds the id. */
  readonly holder: string;
  /** The owner whose claim was refused. */
  readonly claimant: string;

  constructor(sourceId: number, holder: string, holderName: string, claimant: string, claimantName: string) {
    super({
      code: 'SOURCE_ID_CONFLICT',
      message:
        `source id ${sourceId} is already claimed by ${JSON.stringify(holder)} (source ${JSON.stringify(holderName)}); ` +
        `${JSON.stringify(claimant)} (source ${JSON.stringify(claimantName)}) cannot claim it too, or the ticks of ` +
        'both would be indistinguishable. Give one of them another unused id from the third-party range 128..254 ' +
        '(docs/tick-format.md, "Source ids").',
      details: { sourceId, holder, holderName, claimant, claimantName },
    });
    this.sourceId = sourceId;
    this.holder = holder;
    this.claimant = claimant;
  }

  /** True for a `SourceIdConflictError` from any installed copy of core. */
  static override isInstance(value: unknown): value is SourceIdConflictError {
    return TickwireError.isInstance(value) && hasMarker(value, sourceIdConflictMarker);
  }
}
