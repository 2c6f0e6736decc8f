import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from './__fixtures__/sim-runtime-config';
import { createRuntime, type Runtime } from './runtime';

interface SimFaultControls {
  faults: { disconnect(options: { forMs?: number }): void };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startSimRuntime(): Promise<Runtime> {
  const directory = mkdtempSync(join(tmpdir(), 'tickwire-reconnect-'));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  const runtime = await createRuntime({
    connectors: [
      {
        id: 'sim',
        package: '@tickwire/connector-sim',
        // Events reach the client 150 ms after the venue acts, so a disconnect right after an ack hides the fills.
        config: { seed: 5, latency: { ackMs: 1, fillMs: 150 } },
        instruments: { 'SIM-AAPL': { priceIncrement: 0.01 } },
      },
    ],
    auditLog: join(directory, 'audit.jsonl'),
  });
  cleanups.push(() => runtime.stop().then(() => undefined));
  await runtime.start();
  await waitFor(() => runtime.quotes.quoteOf('SIM-AAPL').ask > 0, 10_000, 'a SIM-AAPL quote');
  return runtime;
}

describe('order manager across a disconnect on the simulated market', () => {
  it('recovers fills made while disconnected, and positions and PnL match the venue', async () => {
    const runtime = await startSimRuntime();
    const host = runtime.connectors.get('sim')!;
    const sim = host.instance as unknown as SimFaultControls;
    const orders = ['buy', 'buy', 'sell'].map((side, index) => ({
      clientOrderId: `away-${index}`,
      symbol: 'SIM-AAPL',
      side: side as 'buy' | 'sell',
      type: 'market' as const,
      timeInForce: 'ioc' as const,
      quantity: 10 + index,
    }));
    for (const order of orders) expect((await runtime.orders.submitOrder(order)).kind).toBe('accepted');
    // The venue has filled them; their events are still on the way when the connection drops.
    sim.faults.disconnect({ forMs: 300 });
    await waitFor(() => host.state === 'reconnecting', 2_000, 'the drop');
    await waitFor(() => host.state === 'connected', 5_000, 'the reconnect');
    await host.settled();
    await waitFor(
      () => orders.every((order) => host.orderManager.order(order.clientOrderId)?.status === 'filled'),
      5_000,
      'every order filled in the order manager',
    );

    const venuePositions = await host.instance!.getPositions();
    const venue = venuePositions.find((position) => position.symbol === 'SIM-AAPL');
    const local = runtime.positions.symbolExposure('sim', 'SIM-AAPL');
    expect(local.quantity).toBe(10 + 11 - 12);
    expect(venue?.quantity).toBe(local.quantity);
    expect(local.averagePrice).toBeCloseTo(venue!.averagePrice, 6);
    // Realized PnL from the venue's executions, replayed in order: the order manager must agree.
    const { fills } = await host.instance!.reconcile(0);
    let position = 0;
    let average = 0;
    let realized = 0;
    for (const fill of fills) {
      const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
      if (position === 0 || Math.sign(position) === Math.sign(signed)) {
        average = (average * Math.abs(position) + fill.price * Math.abs(signed)) / Math.abs(position + signed);
      } else {
        const closed = Math.min(Math.abs(signed), Math.abs(position));
        realized += closed * (fill.price - average) * Math.sign(position);
        if (Math.abs(signed) > Math.abs(position)) average = fill.price;
      }
      position += signed;
    }
    expect(local.realizedPnl).toBeCloseTo(realized, 6);
    for (const order of orders) {
      expect(host.orderManager.order(order.clientOrderId)!.filledQuantity).toBe(order.quantity);
    }
    // Every fill was counted once: no duplicates became extra quantity.
    expect(host.orderManager.stats.finalStates.filled).toBe(3);
  });
});
