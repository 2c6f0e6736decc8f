import { TickFlags } from '@tickwire/core';
import { expect } from 'vitest';
import type { FakeQuote } from '../fake-broker/fake-broker-records';
import type { DecodedTick } from '../host/decoded-tick';
import type { ConformanceSession } from './conformance-session';

/** Options of {@link expectTicksMatchQuotes}. */
export interface TickMatchOptions {
  /** Local-clock window for ticks whose quote carried no venue time (they must carry the receive time). */
  readonly receivedBetweenMs: readonly [number, number];
}

// Venue time in, venue time out: allow for float rounding of a fractional millisecond only.
const TIME_TOLERANCE_MS = 0.001;
const MAX_REPORTED = 10;

/**
 * Waits until every quote the fake broker has sent for `symbol` so far has come out of the ring as a tick, then
 * checks them one for one, in order: source id, symbol id, f32 prices (or the missing-side flags), volume as bid
 * size + ask size, time (the venue's when it sent one, else the receive time), the SNAPSHOT and GAP_BEFORE flags
 * (where the fake says), and per-symbol sequences 0, 1, 2... with none skipped. Returns how many ticks it compared.
 */
export async function expectTicksMatchQuotes(
  session: ConformanceSession,
  symbol: string,
  options: TickMatchOptions,
): Promise<number> {
  const { broker, host } = session;
  const sent = broker.quotesSent(symbol).slice();
  await host.waitFor(
    `a tick for each of the ${sent.length} quotes the broker sent for ${symbol}`,
    () => host.tickCountOf(symbol) >= sent.length,
  );
  const ticks = host.ticksOf(symbol);
  // The broker may have sent more since the snapshot, but never fewer than the ticks that came out.
  expect(
    ticks.length,
    `ticks for ${symbol} vs quotes the broker wrote: a tick the venue never sent`,
  ).toBeLessThanOrEqual(broker.quotesSent(symbol).length);
  const problems: string[] = [];
  for (let index = 0; index < sent.length && problems.length < MAX_REPORTED; index++) {
    const problem = compareTick(session, ticks[index]!, sent[index]!, index, options);
    if (problem !== undefined) problems.push(`${symbol} tick ${index}: ${problem}`);
  }
  expect(problems, 'ticks that do not match the quotes the broker sent').toEqual([]);
  return sent.length;
}

function compareTick(
  session: ConformanceSession,
  tick: DecodedTick,
  quote: FakeQuote,
  index: number,
  options: TickMatchOptions,
): string | undefined {
  const sourceId = session.options.plugin.manifest.tickSourceId;
  if (tick.source !== sourceId) return `source ${tick.source}, the manifest says ${sourceId}`;
  if (tick.sequence !== index >>> 0) return `sequence ${tick.sequence}, expected ${index} (per-symbol, contiguous)`;
  if ((tick.flags & TickFlags.TRADE) !== 0) return 'TRADE flag on a quote';
  const bidProblem = comparePrice('bid', tick.bid, quote.bid, tick.flags, TickFlags.BID_MISSING);
  if (bidProblem !== undefined) return bidProblem;
  const askProblem = comparePrice('ask', tick.ask, quote.ask, tick.flags, TickFlags.ASK_MISSING);
  if (askProblem !== undefined) return askProblem;
  if (quote.bidSize !== undefined && quote.askSize !== undefined) {
    const expected = Math.fround(quote.bidSize + quote.askSize);
    if (Math.abs(tick.volume - expected) > Math.abs(expected) * 1e-6) {
      return `volume ${tick.volume}, expected bid size + ask size = ${expected}`;
    }
  }
  const snapshot = (tick.flags & TickFlags.SNAPSHOT) !== 0;
  if (quote.snapshot !== undefined && snapshot !== quote.snapshot) {
    return `SNAPSHOT flag ${snapshot}, the broker sent a ${quote.snapshot ? 'snapshot' : 'live quote'}`;
  }
  const gap = (tick.flags & TickFlags.GAP_BEFORE) !== 0;
  if (quote.gapBefore !== undefined && gap !== quote.gapBefore) {
    return `GAP_BEFORE flag ${gap}, but the venue's sequence ${quote.gapBefore ? 'skipped' : 'did not skip'} before this quote`;
  }
  if (quote.venueTimeMs !== undefined) {
    if (Math.abs(tick.timestampMs - quote.venueTimeMs) > TIME_TOLERANCE_MS) {
      return `time ${isoMs(tick.timestampMs)}, the venue stamped ${isoMs(quote.venueTimeMs)} (ticks carry venue time)`;
    }
  } else {
    const [fromMs, toMs] = options.receivedBetweenMs;
    if (tick.timestampMs < fromMs - 1 || tick.timestampMs > toMs + 1) {
      return `time ${isoMs(tick.timestampMs)} outside the receive window ${isoMs(fromMs)}..${isoMs(toMs)} (no venue time: receive time)`;
    }
  }
  return undefined;
}

function comparePrice(
  side: string,
  actual: number,
  sent: number,
  flags: number,
  missingFlag: number,
): string | undefined {
  if (Number.isNaN(sent)) {
    return (flags & missingFlag) !== 0 && Number.isNaN(actual) ? undefined : `${side} should be missing (NaN + flag)`;
  }
  if ((flags & missingFlag) !== 0) return `${side} flagged missing, the broker sent ${sent}`;
  return actual === Math.fround(sent)
    ? undefined
    : `${side} ${actual}, the broker sent ${sent} (f32 ${Math.fround(sent)})`;
}

function isoMs(timeMs: number): string {
  return Number.isFinite(timeMs)
    ? `${new Date(Math.floor(timeMs)).toISOString()}+${(timeMs % 1).toFixed(3)}ms`
    : String(timeMs);
}

/** Indices of the ticks of `symbol` that carry GAP_BEFORE. */
export function gapFlagIndices(ticks: readonly DecodedTick[]): number[] {
  const indices: number[] = [];
  ticks.forEach((tick, index) => {
    if ((tick.flags & TickFlags.GAP_BEFORE) !== 0) indices.push(index);
  });
  return indices;
}
