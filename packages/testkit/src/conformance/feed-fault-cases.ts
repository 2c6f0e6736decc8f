import { ALL_SYMBOLS, isTickwireError, TickFlags } from '@tickwire/core';
import { expect } from 'vitest';
import type { ProtocolErrorReport } from '../host/recording-health-reporter';
import type { CaseRegistry, ConformanceSession } from './conformance-session';
import { receiveWindow, streamMoreQuotes, streamQuotes } from './market-data-cases';
import { restingBuyOrder } from './order-helpers';
import { expectTicksMatchQuotes, gapFlagIndices } from './tick-assertions';

const GAP_SIZE = 3;

/** True when a health report names `symbol` or the whole connection. */
function concerns(reportSymbol: string, symbol: string): boolean {
  return reportSymbol === symbol || reportSymbol === ALL_SYMBOLS;
}

function expectProtocolErrors(reports: readonly ProtocolErrorReport[]): void {
  for (const { error } of reports) {
    expect(isTickwireError(error), 'reportProtocolError gets a tickwire error').toBe(true);
    expect(error.code).toBe('PROTOCOL_ERROR');
    expect(error.message.length).toBeGreaterThan(0);
  }
}

/** The stream goes on after a fault: still connected, never failed, and `count` more quotes ticked. */
async function expectStreamGoesOn(session: ConformanceSession, symbol: string, count: number): Promise<void> {
  await streamMoreQuotes(session, symbol, count);
  expect(session.host.state).toBe('connected');
  expect(session.host.stateChanges.some((change) => change.current === 'failed')).toBe(false);
}

/** Cases on faults in the market-data stream. */
export function registerFeedFaultCases(registry: CaseRegistry): void {
  const { gates, options } = registry;
  const symbol = options.symbols[0];
  const symbols = options.symbols.slice(0, 2);
  const count = options.quotesPerSymbol;

  registry.add(
    'silence while heartbeats continue: reportFeedStale, then fresh data and reportResynced',
    [gates.dataKind('quotes'), gates.fault('silenceData')],
    async (session) => {
      const { broker, host } = session;
      await streamQuotes(session, [symbol], count);
      expect(host.health.stale, 'stale reports while data flowed').toEqual([]);
      await broker.faults.silenceData!.begin();
      await host.waitFor(
        `reportFeedStale for ${symbol} or ${ALL_SYMBOLS}`,
        () => host.health.stale.some((report) => concerns(report.symbol, symbol)),
        options.timeouts.staleFeedMs,
      );
      const report = host.health.stale.find((each) => concerns(each.symbol, symbol))!;
      expect(report.silentForMs).toBeGreaterThan(0);
      await broker.faults.silenceData!.end();
      await streamMoreQuotes(session, symbol, count);
      await host.waitFor(`reportResynced for ${symbol} or ${ALL_SYMBOLS}`, () =>
        host.health.resynced.some((each) => concerns(each.symbol, symbol)),
      );
      await host.waitForState('connected');
    },
  );

  registry.add(
    'venue sequence gap: reportGap with the missing count, GAP_BEFORE on the next tick only',
    [gates.dataKind('quotes'), gates.fault('sequenceGap')],
    async (session) => {
      const { broker, host } = session;
      const startedMs = host.context.clock.nowMs();
      await streamQuotes(session, [symbol], count);
      expect(host.health.gaps, 'gap reports before any gap').toEqual([]);
      await broker.faults.sequenceGap!(symbol, GAP_SIZE);
      await host.waitFor(`reportGap for ${symbol}`, () =>
        host.health.gaps.some((each) => concerns(each.symbol, symbol)),
      );
      const gap = host.health.gaps.find((each) => concerns(each.symbol, symbol))!;
      expect(gap.received - gap.expected, `missing messages (${gap.expected} expected, ${gap.received} received)`).toBe(
        GAP_SIZE,
      );
      await host.waitFor(`a ${symbol} tick flagged GAP_BEFORE`, () => gapFlagIndices(host.ticksOf(symbol)).length > 0);
      await streamMoreQuotes(session, symbol, 2);
      // One for one against the broker's log: GAP_BEFORE where the venue skipped (when the fake says where), and on
      // one tick only.
      await expectTicksMatchQuotes(session, symbol, { receivedBetweenMs: receiveWindow(session, startedMs) });
      expect(gapFlagIndices(host.ticksOf(symbol)).length).toBe(1);
      expect(host.state).toBe('connected');
    },
  );

  registry.add(
    'malformed frame: reportProtocolError, nothing crashes, the stream goes on',
    [gates.dataKind('quotes'), gates.fault('malformedFrame')],
    async (session) => {
      const { broker, host } = session;
      const startedMs = host.context.clock.nowMs();
      await streamQuotes(session, [symbol], count);
      const changesBefore = host.stateChanges.length;
      await broker.faults.malformedFrame!();
      await host.waitFor('reportProtocolError', () => host.health.protocolErrors.length >= 1);
      expectProtocolErrors(host.health.protocolErrors);
      await expectStreamGoesOn(session, symbol, count);
      expect(host.stateChanges.length, 'state changes caused by one bad frame').toBe(changesBefore);
      await expectTicksMatchQuotes(session, symbol, { receivedBetweenMs: receiveWindow(session, startedMs) });
    },
  );

  registry.add(
    'unknown enum value: reported (protocol error, or an order status kept as unknown), the stream goes on',
    [gates.dataKind('quotes'), gates.fault('unknownEnumValue')],
    async (session) => {
      const { broker, host } = session;
      await streamQuotes(session, [symbol], count);
      // Give the fake an open order to aim at, when the connector can hold one.
      let clientOrderId: string | undefined;
      if (gates.restingOrders().met) {
        const order = restingBuyOrder(session, 'ue');
        await host.connector.submitOrder(order);
        clientOrderId = order.clientOrderId;
      }
      const placement = await broker.faults.unknownEnumValue!(
        clientOrderId === undefined ? { symbol } : { symbol, clientOrderId },
      );
      if (placement === 'order-status') {
        expect(clientOrderId, 'the fake put an order status in an update without an open order').toBeDefined();
        const event = await host.waitForOrderEvent(
          `${clientOrderId} reported as unknown`,
          (each) => each.clientOrderId === clientOrderId && each.status === 'unknown',
        );
        expect(typeof event.brokerStatus, 'the broker status string is kept').toBe('string');
        expect(event.brokerStatus!.length).toBeGreaterThan(0);
      } else {
        await host.waitFor('reportProtocolError', () => host.health.protocolErrors.length >= 1);
        expectProtocolErrors(host.health.protocolErrors);
      }
      await expectStreamGoesOn(session, symbol, count);
    },
  );

  registry.add(
    'reconnect after a drop: resubscribes on the new connection, GAP_BEFORE on the first tick after, sequences unbroken',
    [gates.dataKind('quotes'), gates.fault('disconnect')],
    async (session) => {
      const { broker, host } = session;
      await streamQuotes(session, symbols, count);
      const firstConnection = Math.max(...broker.received.subscriptions.map((record) => record.connectionId));
      await broker.faults.disconnect!.drop();
      await host.waitFor('the connector to notice the drop', () => host.state !== 'connected');
      await broker.faults.disconnect!.restore();
      await host.waitForState('connected', options.timeouts.eventMs * 2);
      for (const each of symbols) await streamMoreQuotes(session, each, count);

      const resubscribed = broker.received.subscriptions.filter(
        (record) => record.action === 'subscribe' && record.connectionId > firstConnection,
      );
      for (const each of symbols) {
        expect(resubscribed.some((record) => record.symbols.includes(each) && record.kinds.includes('quotes'))).toBe(
          true,
        );
      }
      const drop = host.stateChanges.find(
        (change) => change.previous === 'connected' && change.current === 'reconnecting',
      );
      expect(drop, 'a connected -> reconnecting state change').toBeDefined();
      expect(host.stateChanges.some((change) => change.current === 'failed')).toBe(false);
      for (const each of symbols) {
        const ticks = host.ticksOf(each);
        expect(
          ticks.map((tick) => tick.sequence),
          `${each}: sequences 0, 1, 2... across the reconnect`,
        ).toEqual(ticks.map((_, index) => index));
        const firstAfter = drop!.tickCountBySymbolId.get(ticks[0]!.symbolId) ?? 0;
        expect(
          (ticks[firstAfter]!.flags & TickFlags.GAP_BEFORE) !== 0,
          `${each}: the first tick after the reconnect (tick ${firstAfter}) carries GAP_BEFORE`,
        ).toBe(true);
        expect(gapFlagIndices(ticks.slice(0, firstAfter)), `${each}: GAP_BEFORE before the drop`).toEqual([]);
      }
    },
  );
}
