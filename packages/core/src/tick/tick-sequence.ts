/**
 * The sequence after `sequence`: +1, wrapping from 2^32 - 1 to 0. Sequences count per source + symbol.
 */
export function nextTickSequence(sequence: number): number {
  return (sequence + 1) >>> 0;
}

/**
 * How many ticks are missing between two consecutive ticks of one source + symbol with sequences `previous` and
 * `current`, across the wrap: 0 when `current` follows `previous` directly. A duplicate or a tick from before
 * `previous` shows as a huge count (>= 2^31), which a consumer should treat as a reset, not a loss.
 */
export function missedTickCount(previous: number, current: number): number {
  return (current - previous - 1) >>> 0;
}
