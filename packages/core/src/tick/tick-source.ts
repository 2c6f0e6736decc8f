/**
 * Source ids of tick format v1. 1 to 3 come from the original plan; 4 to 7 are tickwire's own connectors.
 * Ranges (docs/tick-format.md, "Source ids"): 0 is never valid, 1–127 belong to tickwire, 128–254 are for third-party
 * plugins, 255 is reserved.
 */
export const TickSource = {
  TRUEFX: 1,
  OANDA: 2,
  IB: 3,
  ALPACA: 4,
  TRADIER: 5,
  COINBASE: 6,
  SIM: 7,
} as const;

/** The name of one built-in source. */
export type TickSourceName = keyof typeof TickSource;

/** Smallest valid source id. 0 is refused so a zero-filled record can never pass for a tick. */
export const SOURCE_ID_MIN = 1;
/** Largest valid source id (255 is reserved for a future extension). */
export const SOURCE_ID_MAX = 254;
/** Last id of the range tickwire keeps for its own connectors (1..127). */
export const SOURCE_ID_TICKWIRE_MAX = 127;
/** First id third-party plugins may claim. */
export const SOURCE_ID_THIRD_PARTY_MIN = 128;
/** Last id third-party plugins may claim. */
export const SOURCE_ID_THIRD_PARTY_MAX = 254;

/** A source id and who holds it. */
export interface SourceClaim {
  /** The u8 written in every tick's `source` byte. */
  readonly id: number;
  /** The package that owns the id, e.g. `@acme/connector-foo`. Two claims of one id must name the same owner. */
  readonly owner: string;
  /** A short display name of the source, e.g. `foo-exchange`. */
  readonly name: string;
}

/** The claims tickwire makes for its built-in ids, keyed by owner package. */
export const BUILT_IN_SOURCES: readonly SourceClaim[] = [
  { id: TickSource.TRUEFX, owner: '@tickwire/connector-truefx', name: 'truefx' },
  { id: TickSource.OANDA, owner: '@tickwire/connector-oanda', name: 'oanda' },
  { id: TickSource.IB, owner: '@tickwire/connector-ibkr', name: 'ib' },
  { id: TickSource.ALPACA, owner: '@tickwire/connector-alpaca', name: 'alpaca' },
  { id: TickSource.TRADIER, owner: '@tickwire/connector-tradier', name: 'tradier' },
  { id: TickSource.COINBASE, owner: '@tickwire/connector-coinbase', name: 'coinbase' },
  { id: TickSource.SIM, owner: '@tickwire/connector-sim', name: 'sim' },
];
