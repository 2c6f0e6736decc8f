import type { FeedHealthEvents, FeedHealthView } from './feed-health-events';
import { type ListenerErrorHandler, ListenerRegistry } from './listener-registry';

// Same bit as TickFlags.GAP_BEFORE in the tick format: the venue stream had a gap just before this tick.
const GAP_BEFORE_FLAG = 0x04;
// A u32 sequence distance this large means "older or duplicate", not "that many ticks missed".
const HALF_U32 = 0x80000000;

const STATE_GAPPED = 1;
const STATE_CROSSED = 2;
const STATE_STALE_REPORTED = 4;
const STATE_HAS_TICK_SEQUENCE = 8;
const STATE_HAS_VENUE_SEQUENCE = 16;

/** Feed-health settings. */
export interface FeedHealthOptions {
  /** A symbol with no tick for longer than this is stale (ms). Per-symbol values override it. */
  readonly staleAfterMs: number;
  /**
   * How many consecutive in-sequence ticks clear a gap. `0` means only {@link FeedHealth.markResynced} clears it
   * (right for L2 books, whose state is wrong until a snapshot). Default 1: a quote stream's next in-sequence
   * quote is a whole, current quote.
   */
  readonly gapClearTicks?: number;
  readonly onListenerError?: ListenerErrorHandler;
}

/** Per-symbol overrides for {@link FeedHealth.registerSymbol}. */
export interface FeedSymbolOptions {
  /** The canonical symbol, carried in events for readable logs. */
  readonly symbol?: string;
  readonly staleAfterMs?: number;
  readonly gapClearTicks?: number;
}

/**
 * Per-symbol feed health: last tick time against a staleness threshold, tick- and venue-sequence gaps, and crossed
 * quotes. The risk gate asks {@link FeedHealth.isStale} and {@link FeedHealth.isGapped} before every order;
 * strategies subscribe to `stale`, `fresh`, `gap`, `resynced`, `crossed` and `uncrossed` events.
 *
 * State lives in typed arrays indexed by a slot assigned at registration, so recording a tick and both questions
 * allocate nothing (events, which fire on state changes only, do allocate their payload).
 * Staleness is a question of time passing with no tick, so `stale` events fire from {@link FeedHealth.sweep},
 * which the runtime calls on a timer; `isStale` answers from the clock it is given and needs no sweep.
 *
 * @example
 * ```ts
 * const health = new FeedHealth({ staleAfterMs: 2_000 });
 * health.registerSymbol(symbolIdOf('AAPL'), { symbol: 'AAPL' });
 * health.on('gap', (event) => log.warn('gap', event));
 * health.recordTick(id, Date.now(), 189.1, 189.12, sequence, flags);
 * setInterval(() => health.sweep(Date.now()), 250);
 * ```
 */
export class FeedHealth implements FeedHealthView {
  // Keyed by the id's int32 view (same 32 bits): ids above 2^31 then stay small integers, which V8 passes and
  // hashes without boxing. Callers may pass either view.
  private readonly slots = new Map<number, number>();
  private readonly names: Array<string | undefined> = [];
  private readonly listeners: ListenerRegistry<FeedHealthEvents>;
  private readonly defaultStaleAfterMs: number;
  private readonly defaultGapClearTicks: number;
  private capacity = 0;
  private count = 0;
  private symbolIds = new Uint32Array(0);
  private lastTickMs = new Float64Array(0);
  private staleAfterMs = new Float64Array(0);
  private lastTickSequence = new Float64Array(0);
  private lastVenueSequence = new Float64Array(0);
  private gappedSinceMs = new Float64Array(0);
  private cleanTicksSinceGap = new Float64Array(0);
  private gapClearTicks = new Float64Array(0);
  private state = new Uint8Array(0);

  constructor(options: FeedHealthOptions) {
    if (!(options.staleAfterMs > 0)) {
      throw new RangeError(
        `FeedHealth: staleAfterMs must be a positive number of milliseconds; got ${String(options.staleAfterMs)}. ` +
          'Pass the longest silence you accept before orders on that symbol are refused, e.g. 2000.',
      );
    }
    this.defaultStaleAfterMs = options.staleAfterMs;
    this.defaultGapClearTicks = options.gapClearTicks ?? 1;
    this.listeners = new ListenerRegistry<FeedHealthEvents>(options.onListenerError);
    this.grow(16);
  }

  /** Subscribes to one kind of health event; returns the unsubscribe function. */
  on<Type extends keyof FeedHealthEvents>(type: Type, listener: (event: FeedHealthEvents[Type]) => void): () => void {
    return this.listeners.on(type, listener);
  }

  /**
   * Prepares a slot for `symbolId` (re-registering updates its options). Recording a tick for an unregistered
   * symbol registers it with the defaults, but that first tick allocates; register at subscribe time instead.
   */
  registerSymbol(symbolId: number, options: FeedSymbolOptions = {}): void {
    let slot = this.slots.get(symbolId | 0);
    if (slot === undefined) {
      if (this.count === this.capacity) this.grow(this.capacity * 2);
      slot = this.count++;
      this.slots.set(symbolId | 0, slot);
      this.symbolIds[slot] = symbolId;
      this.lastTickMs[slot] = Number.NaN;
      this.gappedSinceMs[slot] = Number.NaN;
      this.names[slot] = undefined;
    }
    if (options.symbol !== undefined) this.names[slot] = options.symbol;
    this.staleAfterMs[slot] = options.staleAfterMs ?? this.defaultStaleAfterMs;
    this.gapClearTicks[slot] = options.gapClearTicks ?? this.defaultGapClearTicks;
  }

  /**
   * Records one tick. `sequence` is the tick format's per-source u32 sequence, or `-1` when the source has none;
   * `flags` are tick flags (a set GAP_BEFORE bit marks a gap). Pass `NaN` for a missing side.
   * Returns false for a tick older than the last one (a duplicate or reordered tick), which changes nothing.
   */
  recordTick(symbolId: number, timeMs: number, bid: number, ask: number, sequence = -1, flags = 0): boolean {
    const slot = this.slotFor(symbolId);
    let state = this.state[slot] as number;
    let gapMissed = -1;
    if (sequence >= 0) {
      if ((state & STATE_HAS_TICK_SEQUENCE) !== 0) {
        const missed = (sequence - (this.lastTickSequence[slot] as number) - 1) >>> 0;
        if (missed >= HALF_U32) return false;
        if (missed > 0) gapMissed = missed;
      }
      this.lastTickSequence[slot] = sequence;
      state |= STATE_HAS_TICK_SEQUENCE;
    }
    this.state[slot] = state;
    const previousTickMs = this.lastTickMs[slot] as number;
    this.lastTickMs[slot] = timeMs;
    if ((state & STATE_STALE_REPORTED) !== 0) {
      this.state[slot] = state & ~STATE_STALE_REPORTED;
      if (this.listeners.has('fresh')) {
        this.listeners.emit('fresh', {
          symbolId,
          symbol: this.names[slot],
          timeMs,
          silentForMs: timeMs - previousTickMs,
        });
      }
    }
    if (gapMissed > 0) this.enterGap(slot, 'tick', gapMissed, timeMs);
    else if ((flags & GAP_BEFORE_FLAG) !== 0) this.enterGap(slot, 'flag', 0, timeMs);
    else this.countCleanTick(slot, timeMs);
    this.checkCrossed(slot, bid, ask, timeMs);
    return true;
  }

  /**
   * Records a venue's own message sequence (not u32-bounded; Coinbase and IB sequences grow past 2^32). A jump
   * marks a gap; an older or repeated sequence returns false so the caller can drop the message.
   */
  recordVenueSequence(symbolId: number, venueSequence: number, timeMs: number): boolean {
    const slot = this.slotFor(symbolId);
    const state = this.state[slot] as number;
    if ((state & STATE_HAS_VENUE_SEQUENCE) !== 0) {
      const last = this.lastVenueSequence[slot] as number;
      if (venueSequence <= last) return false;
      if (venueSequence > last + 1) this.enterGap(slot, 'venue', venueSequence - last - 1, timeMs);
    }
    this.lastVenueSequence[slot] = venueSequence;
    this.state[slot] = (this.state[slot] as number) | STATE_HAS_VENUE_SEQUENCE;
    return true;
  }

  /** Marks a gap found elsewhere (an order book's sequence check, a reconnect). `missed` is 0 when unknown. */
  reportGap(symbolId: number, timeMs: number, missed = 0): void {
    this.enterGap(this.slotFor(symbolId), 'reported', missed, timeMs);
  }

  /**
   * Clears a gap: call it when the symbol's state is whole again (an L2 snapshot applied). A venue sequence passed
   * here becomes the new baseline. Emits `resynced` when the symbol was gapped.
   */
  markResynced(symbolId: number, timeMs: number, venueSequence?: number): void {
    const slot = this.slotFor(symbolId);
    if (venueSequence !== undefined) {
      this.lastVenueSequence[slot] = venueSequence;
      this.state[slot] = (this.state[slot] as number) | STATE_HAS_VENUE_SEQUENCE;
    }
    this.leaveGap(slot, timeMs);
  }

  /**
   * Emits `stale` for every symbol that went silent since the last sweep; call it on a timer. Returns how many
   * registered symbols are stale now.
   */
  sweep(nowMs: number): number {
    let stale = 0;
    for (let slot = 0; slot < this.count; slot++) {
      if (!this.isSlotStale(slot, nowMs)) continue;
      stale++;
      const state = this.state[slot] as number;
      if ((state & STATE_STALE_REPORTED) !== 0) continue;
      this.state[slot] = state | STATE_STALE_REPORTED;
      this.listeners.emit('stale', {
        symbolId: this.symbolIds[slot] as number,
        symbol: this.names[slot],
        lastTickMs: this.lastTickMs[slot] as number,
        nowMs,
        staleAfterMs: this.staleAfterMs[slot] as number,
      });
    }
    return stale;
  }

  /** True when the symbol has not ticked within its threshold, never ticked, or is not registered. */
  isStale(symbolId: number, nowMs: number): boolean {
    const slot = this.slots.get(symbolId | 0);
    return slot === undefined || this.isSlotStale(slot, nowMs);
  }

  /** True between a detected gap and the symbol's resync. */
  isGapped(symbolId: number): boolean {
    const slot = this.slots.get(symbolId | 0);
    return slot !== undefined && ((this.state[slot] as number) & STATE_GAPPED) !== 0;
  }

  /** True while the last quote had bid above ask. */
  isCrossed(symbolId: number): boolean {
    const slot = this.slots.get(symbolId | 0);
    return slot !== undefined && ((this.state[slot] as number) & STATE_CROSSED) !== 0;
  }

  /** Time of the symbol's last tick, epoch ms; `NaN` when it never ticked or is not registered. */
  lastTickTimeMs(symbolId: number): number {
    const slot = this.slots.get(symbolId | 0);
    return slot === undefined ? Number.NaN : (this.lastTickMs[slot] as number);
  }

  private isSlotStale(slot: number, nowMs: number): boolean {
    const last = this.lastTickMs[slot] as number;
    // NaN (never ticked) fails the comparison and so counts as stale.
    return !(nowMs - last <= (this.staleAfterMs[slot] as number));
  }

  private slotFor(symbolId: number): number {
    const slot = this.slots.get(symbolId | 0);
    if (slot !== undefined) return slot;
    this.registerSymbol(symbolId);
    return this.slots.get(symbolId | 0) as number;
  }

  private enterGap(slot: number, kind: 'tick' | 'venue' | 'flag' | 'reported', missed: number, timeMs: number): void {
    const state = this.state[slot] as number;
    this.cleanTicksSinceGap[slot] = 0;
    if ((state & STATE_GAPPED) === 0) {
      this.state[slot] = state | STATE_GAPPED;
      this.gappedSinceMs[slot] = timeMs;
    }
    // Every gap is reported, even while already gapped: each one is more data lost.
    this.listeners.emit('gap', {
      symbolId: this.symbolIds[slot] as number,
      symbol: this.names[slot],
      kind,
      missed,
      timeMs,
    });
  }

  private countCleanTick(slot: number, timeMs: number): void {
    if (((this.state[slot] as number) & STATE_GAPPED) === 0) return;
    const needed = this.gapClearTicks[slot] as number;
    if (needed === 0) return;
    const clean = (this.cleanTicksSinceGap[slot] as number) + 1;
    this.cleanTicksSinceGap[slot] = clean;
    if (clean >= needed) this.leaveGap(slot, timeMs);
  }

  private leaveGap(slot: number, timeMs: number): void {
    const state = this.state[slot] as number;
    if ((state & STATE_GAPPED) === 0) return;
    this.state[slot] = state & ~STATE_GAPPED;
    this.listeners.emit('resynced', {
      symbolId: this.symbolIds[slot] as number,
      symbol: this.names[slot],
      timeMs,
      gappedForMs: timeMs - (this.gappedSinceMs[slot] as number),
    });
  }

  private checkCrossed(slot: number, bid: number, ask: number, timeMs: number): void {
    const state = this.state[slot] as number;
    const crossed = bid > ask; // false when either side is NaN
    const wasCrossed = (state & STATE_CROSSED) !== 0;
    if (crossed === wasCrossed) return;
    this.state[slot] = crossed ? state | STATE_CROSSED : state & ~STATE_CROSSED;
    const type = crossed ? 'crossed' : 'uncrossed';
    if (!this.listeners.has(type)) return;
    this.listeners.emit(type, { symbolId: this.symbolIds[slot] as number, symbol: this.names[slot], bid, ask, timeMs });
  }

  private grow(capacity: number): void {
    this.symbolIds = copyInto(new Uint32Array(capacity), this.symbolIds);
    this.lastTickMs = copyInto(new Float64Array(capacity), this.lastTickMs);
    this.staleAfterMs = copyInto(new Float64Array(capacity), this.staleAfterMs);
    this.lastTickSequence = copyInto(new Float64Array(capacity), this.lastTickSequence);
    this.lastVenueSequence = copyInto(new Float64Array(capacity), this.lastVenueSequence);
    this.gappedSinceMs = copyInto(new Float64Array(capacity), this.gappedSinceMs);
    this.cleanTicksSinceGap = copyInto(new Float64Array(capacity), this.cleanTicksSinceGap);
    this.gapClearTicks = copyInto(new Float64Array(capacity), this.gapClearTicks);
    this.state = copyInto(new Uint8Array(capacity), this.state);
    this.capacity = capacity;
  }
}

function copyInto<T extends Float64Array | Uint32Array | Uint8Array>(target: T, source: T): T {
  target.set(source as never);
  return target;
}
