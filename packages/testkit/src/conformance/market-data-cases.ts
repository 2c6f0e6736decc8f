import { createSystemClock } from '@tickwire/core';
import { expect } from 'vitest';
import { createSkewedClock } from '../host/skewed-clock';
import type { CaseRegistry, ConformanceSession } from './conformance-session';
import { expectTicksMatchQuotes } from './tick-assertions';

// Far beyond any real clock error and any test's duration, so a tick stamped with the wrong clock cannot pass.
const SKEW_MS = 120_000;

/** Connects, subscribes `symbols` to quotes and waits until each has `count` quotes sent and ticked. */
export async function streamQuotes(
  session: ConformanceSession,
  symbols: readonly string[],
  count: number,
): Promise<void> {
  const { broker, host } = session;
  if (host.state !== 'connected') await host.connector.connect();
  await host.connector.subscribe({ symbols, kinds: ['quotes'] });
  for (const symbol of symbols) {
    await host.waitFor(
      `${count} quotes sent and ticked for ${symbol}`,
      () => broker.quotesSent(symbol).length >= count && host.tickCountOf(symbol) >= count,
    );
  }
}

/** Waits for `count` more quotes to be sent and ticked for `symbol` than now. */
export async function streamMoreQuotes(session: ConformanceSession, symbol: string, count: number): Promise<void> {
  const { broker, host } = session;
  const sentBefore = broker.quotesSent(symbol).length;
  const tickedBefore = host.tickCountOf(symbol);
  await host.waitFor(
    `${count} more quotes sent and ticked for ${symbol}`,
    () => broker.quotesSent(symbol).length >= sentBefore + count && host.tickCountOf(symbol) >= tickedBefore + count,
  );
}

/** The local-clock window from `startedMs` to now, on the host's clock. */
export function receiveWindow(session: ConformanceSession, startedMs: number): readonly [number, number] {
  return [startedMs, session.host.context.clock.nowMs()];
}

/** Cases on quotes becoming ticks. */
export function registerMarketDataCases(registry: CaseRegistry): void {
  const { gates, options } = registry;
  const symbols = options.symbols.slice(0, 2);
  const symbol = options.symbols[0];
  const count = options.quotesPerSymbol;

  registry.add(
    'quotes become ticks in the real ring: one per quote the broker sent, exact f32 prices, venue time, contiguous sequences',
    [gates.dataKind('quotes')],
    async (session) => {
      const startedMs = session.host.context.clock.nowMs();
      await streamQuotes(session, symbols, count);
      for (const each of symbols) {
        expect(
          await expectTicksMatchQuotes(session, each, { receivedBetweenMs: receiveWindow(session, startedMs) }),
        ).toBeGreaterThanOrEqual(count);
      }
      const subscribed = session.broker.received.subscriptions.filter((record) => record.action === 'subscribe');
      for (const each of symbols) expect(subscribed.some((record) => record.symbols.includes(each))).toBe(true);
      expect(session.host.tickWriter.counters.dropped, 'ticks dropped by the ring').toBe(0);
      expect(session.host.refusedTicks, 'ticks refused as unencodable').toEqual([]);
    },
  );

  registry.add(
    'clock skew at the venue: ticks keep the venue time it stamps',
    [gates.dataKind('quotes'), gates.fault('clockSkew')],
    async (session) => {
      const { broker, host } = session;
      const startedMs = host.context.clock.nowMs();
      await streamQuotes(session, [symbol], 1);
      const sentBeforeSkew = broker.quotesSent(symbol).length;
      await broker.faults.clockSkew!(SKEW_MS);
      await streamMoreQuotes(session, symbol, count);
      await expectTicksMatchQuotes(session, symbol, { receivedBetweenMs: receiveWindow(session, startedMs) });
      // The fake must really have skewed, or matching venue times would prove nothing here.
      const skewed = broker.quotesSent(symbol).slice(sentBeforeSkew + 1);
      expect(skewed.length).toBeGreaterThan(0);
      for (const quote of skewed) {
        expect(quote.venueTimeMs, 'a skewed venue time on every quote after clockSkew()').toBeDefined();
        expect(quote.venueTimeMs! - Date.now()).toBeGreaterThan(SKEW_MS / 2);
      }
      expect(host.state).toBe('connected');
    },
  );

  registry.add(
    'clock skew on the host: ticks keep venue time (or the host clock when the venue sends none)',
    [gates.dataKind('quotes')],
    // The matcher compares each tick with the venue's own stamp, so a tick stamped from the skewed local clock fails
    // (unless the venue's clock is the host's, as for an in-process simulator, where the two agree by design).
    async (session) => {
      const { host } = session;
      const startedMs = host.context.clock.nowMs();
      await streamQuotes(session, [symbol], count);
      await expectTicksMatchQuotes(session, symbol, { receivedBetweenMs: receiveWindow(session, startedMs) });
      expect(host.state).toBe('connected');
    },
    { overrides: { clock: createSkewedClock(createSystemClock(), -SKEW_MS) } },
  );
}
