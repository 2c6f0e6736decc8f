/** A symbol's feed went silent for longer than its staleness threshold. */
export interface FeedStaleEvent {
  readonly symbolId: number;
  readonly symbol: string | undefined;
  /** Time of the last tick, epoch ms, or `NaN` when the symbol never ticked. */
  readonly lastTickMs: number;
  readonly nowMs: number;
  readonly staleAfterMs: number;
}

/** A stale symbol ticked again. */
export interface FeedFreshEvent {
  readonly symbolId: number;
  readonly symbol: string | undefined;
  readonly timeMs: number;
  /** How long the symbol was silent, ms. */
  readonly silentForMs: number;
}

/** Ticks or venue messages were missed: the symbol is gapped until it resyncs. */
export interface FeedGapEvent {
  readonly symbolId: number;
  readonly symbol: string | undefined;
  /** `tick` for the per-source tick sequence, `venue` for the venue's own sequence, `flag` for a GAP_BEFORE tick. */
  readonly kind: 'tick' | 'venue' | 'flag' | 'reported';
  /** How many messages were missed, when known (0 when the source only said "gap"). */
  readonly missed: number;
  readonly timeMs: number;
}

/** A gapped symbol is whole again (a book snapshot arrived, or enough in-sequence ticks followed the gap). */
export interface FeedResyncedEvent {
  readonly symbolId: number;
  readonly symbol: string | undefined;
  readonly timeMs: number;
  /** How long the symbol was gapped, ms. */
  readonly gappedForMs: number;
}

/** The best bid rose above the best ask (a crossed book), or an uncrossed quote followed one. */
export interface FeedCrossedEvent {
  readonly symbolId: number;
  readonly symbol: string | undefined;
  readonly bid: number;
  readonly ask: number;
  readonly timeMs: number;
}

/** Every feed-health event, by type: the map {@link FeedHealth.on} takes. */
export interface FeedHealthEvents {
  stale: FeedStaleEvent;
  fresh: FeedFreshEvent;
  gap: FeedGapEvent;
  resynced: FeedResyncedEvent;
  crossed: FeedCrossedEvent;
  uncrossed: FeedCrossedEvent;
}

/** What the risk gate reads from feed health: two cheap, allocation-free questions per symbol. */
export interface FeedHealthView {
  /** True when the symbol has not ticked within its staleness threshold (or never ticked, or is not registered). */
  isStale(symbolId: number, nowMs: number): boolean;
  /** True between a detected gap and the symbol's resync. */
  isGapped(symbolId: number): boolean;
}
