import {
  type ConnectorContext,
  createConnectorContext,
  type FeedHealthReporter,
  type OrderEvent,
  type OrderRequest,
  TickSource,
  TickwireError,
} from '@tickwire/core';
import { expect } from 'vitest';
import type { SimConfigInput } from '../config/sim-config-schema';
import type { SimConnector } from '../sim-connector';
import { simPlugin } from '../sim-plugin';
import { ManualClock } from './manual-clock';
import { RecordingTickWriter } from './recording-tick-writer';

/** One call to the feed-health reporter. */
export type HealthRecord =
  | { readonly kind: 'stale'; readonly symbol: string; readonly silentForMs: number; readonly atMs: number }
  | {
      readonly kind: 'gap';
      readonly symbol: string;
      readonly expected: number;
      readonly received: number;
      readonly atMs: number;
    }
  | { readonly kind: 'resynced'; readonly symbol: string; readonly atMs: number }
  | { readonly kind: 'protocol'; readonly atMs: number };

/** A sim connector on a manual clock, with everything it emits recorded. */
export interface SimHarness {
  readonly sim: SimConnector;
  readonly clock: ManualClock;
  readonly writer: RecordingTickWriter;
  readonly events: OrderEvent[];
  readonly health: HealthRecord[];
  readonly context: ConnectorContext;
  readonly abort: AbortController;
}

/** Builds a sim connector from a raw config, the way the host does (schema first), on a manual clock. */
export function createSimHarness(rawConfig: SimConfigInput = {}, tickCapacity = 1 << 20): SimHarness {
  const clock = new ManualClock();
  const writer = new RecordingTickWriter(tickCapacity);
  const events: OrderEvent[] = [];
  const health: HealthRecord[] = [];
  const reporter: FeedHealthReporter = {
    reportFeedStale: (symbol, silentForMs) => health.push({ kind: 'stale', symbol, silentForMs, atMs: clock.nowMs() }),
    reportGap: (symbol, expected, received) =>
      health.push({ kind: 'gap', symbol, expected, received, atMs: clock.nowMs() }),
    reportResynced: (symbol) => health.push({ kind: 'resynced', symbol, atMs: clock.nowMs() }),
    reportProtocolError: () => health.push({ kind: 'protocol', atMs: clock.nowMs() }),
  };
  const abort = new AbortController();
  const context = createConnectorContext({
    connectorId: 'sim-under-test',
    tickSourceId: TickSource.SIM,
    tickWriter: writer,
    orderEvents: { emit: (event) => events.push(event) },
    signal: abort.signal,
    logLevel: 'silent',
    overrides: { clock, timers: clock, health: reporter },
  });
  const config = simPlugin.manifest.configSchema.parse(rawConfig);
  const sim = simPlugin.create(config, context) as SimConnector;
  return { sim, clock, writer, events, health, context, abort };
}

/** A SIM-AAPL market order, day. */
export function appleMarket(clientOrderId: string, quantity: number, side: 'buy' | 'sell' = 'buy'): OrderRequest {
  return { clientOrderId, symbol: 'SIM-AAPL', side, type: 'market', timeInForce: 'day', quantity };
}

/**
 * Expects `promise` to reject with a tickwire error whose code is `code`, and returns the error. Call it before
 * advancing the clock, so the rejection is handled when it happens.
 */
export async function rejection(promise: Promise<unknown>, code: string): Promise<TickwireError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(TickwireError.isInstance(error), `expected a ${code} error, got ${String(error)}`).toBe(true);
  expect((error as TickwireError).code).toBe(code);
  return error as TickwireError;
}
