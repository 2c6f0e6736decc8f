import { TICK_SPREAD_BPS_MAX } from './tick-layout';

/**
 * `spread_bps` for a bid and ask as stored (pass the f32-rounded values, so anyone can recompute it from a record):
 * `floor(200000 * (ask - bid) / (ask + bid) + 0.5)` in f64 — the spread over the mid in tenths of a basis point —
 * saturating at 65535. Locked or crossed (ask <= bid) gives 0; a missing side (NaN) or a mid <= 0 gives 65535,
 * "unknown or too wide to say". Allocates nothing.
 */
export function spreadBpsOf(bid: number, ask: number): number {
  if (Number.isNaN(bid) || Number.isNaN(ask)) return TICK_SPREAD_BPS_MAX;
  if (ask <= bid) return 0;
  const sum = ask + bid;
  if (sum <= 0) return TICK_SPREAD_BPS_MAX;
  const tenthsOfBps = Math.floor((200_000 * (ask - bid)) / sum + 0.5);
  return Math.min(tenthsOfBps, TICK_SPREAD_BPS_MAX);
}
