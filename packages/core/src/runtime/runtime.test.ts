import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RiskReason } from '../risk/risk-reasons';
import { simRuntimeConfig, waitFor } from './__fixtures__/sim-runtime-config';
import { createRuntime, type Runtime } from './runtime';

const directories: string[] = [];
const runtimes: Runtime[] = [];

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'tickwire-runtime-'));
  directories.push(directory);
  return directory;
}

afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.stop();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('runtime on the simulated market', () => {
  it('accounts for every tick: received = published + dropped + refused, and all published are consumed and stored', async () => {
    const directory = temporaryDirectory();
    const runtime = await createRuntime(
      simRuntimeConfig(directory, [{ id: 'sim', symbols: ['SIM-AAPL', 'SIM-MSFT'] }]),
    );
    runtimes.push(runtime);
    await runtime.start();
    await waitFor(() => runtime.summary().ticks.received > 500, 10_000, '500 ticks');
    const summary = await runtime.stop();
    const { ticks } = summary;
    expect(ticks.received).toBe(ticks.published + ticks.dropped + ticks.refused);
    expect(ticks.consumed).toBe(ticks.published);
    expect(ticks.stored).toBe(ticks.published);
    expect(ticks.storeLost).toBe(0);
    expect(summary.connectors[0]?.state).toBe('disconnected');
  });

  it('sends an allowed order, and denies a too-large one and an unknown symbol with reason codes', async () => {
    const directory = temporaryDirectory();
    const runtime = await createRuntime(simRuntimeConfig(directory, [{ id: 'sim', symbols: ['SIM-AAPL'] }]));
    runtimes.push(runtime);
    await runtime.start();
    await waitFor(() => runtime.quotes.quoteOf('SIM-AAPL').ask > 0, 10_000, 'a SIM-AAPL quote');
    const ask = runtime.quotes.quoteOf('SIM-AAPL').ask;

    const allowed = await runtime.orders.submitOrder({
      clientOrderId: 'runtime-test-1',
      symbol: 'SIM-AAPL',
      side: 'buy',
      type: 'limit',
      timeInForce: 'day',
      quantity: 5,
      limitPrice: ask,
    });
    expect(allowed).toEqual({ kind: 'accepted', clientOrderId: 'runtime-test-1' });

    const tooLarge = await runtime.orders.submitOrder({
      clientOrderId: 'runtime-test-2',
      symbol: 'SIM-AAPL',
      side: 'buy',
      type: 'limit',
      timeInForce: 'day',
      quantity: 5_000,
      limitPrice: ask,
    });
    expect(tooLarge).toMatchObject({ kind: 'denied', reasonCode: RiskReason.MAX_ORDER_QUANTITY });

    const unknown = await runtime.orders.submitOrder({
      clientOrderId: 'runtime-test-3',
      symbol: 'NOPE',
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      quantity: 1,
    });
    expect(unknown).toMatchObject({ kind: 'denied', reasonCode: RiskReason.INSTRUMENT_UNKNOWN });

    // A retry of the accepted intent is answered from the order manager, never sent twice.
    const retry = await runtime.orders.submitOrder({
      clientOrderId: 'runtime-test-1',
      symbol: 'SIM-AAPL',
      side: 'buy',
      type: 'limit',
      timeInForce: 'day',
      quantity: 5,
      limitPrice: ask,
    });
    expect(retry).toEqual(allowed);
    const broker = runtime.connectors.get('sim')!.instance!;
    const brokerOrders = [...(await broker.getOpenOrders())].filter(
      (order) => order.clientOrderId === 'runtime-test-1',
    );
    expect(brokerOrders.length).toBeLessThanOrEqual(1);

    await runtime.stop();
    const audit = readFileSync(join(directory, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('MAX_ORDER_QUANTITY');
  });

  it('kill switch: every open order on two sim connectors is canceled at the broker', async () => {
    const directory = temporaryDirectory();
    const runtime = await createRuntime(
      simRuntimeConfig(directory, [
        { id: 'left', symbols: ['SIM-AAPL'] },
        { id: 'right', symbols: ['SIM-MSFT'] },
      ]),
    );
    runtimes.push(runtime);
    await runtime.start();
    for (const symbol of ['SIM-AAPL', 'SIM-MSFT']) {
      await waitFor(() => runtime.quotes.quoteOf(symbol).bid > 0, 10_000, `a ${symbol} quote`);
    }
    // Resting bids 1% under the market: inside the price band, far from a fill.
    for (const [index, symbol] of ['SIM-AAPL', 'SIM-MSFT', 'SIM-AAPL', 'SIM-MSFT'].entries()) {
      const bid = runtime.quotes.quoteOf(symbol).bid;
      const outcome = await runtime.orders.submitOrder({
        clientOrderId: `rest-${index}`,
        symbol,
        side: 'buy',
        type: 'limit',
        timeInForce: 'gtc',
        quantity: 1,
        limitPrice: Math.round(bid * 0.99 * 100) / 100,
      });
      expect(outcome.kind).toBe('accepted');
    }
    for (const id of ['left', 'right']) {
      const broker = runtime.connectors.get(id)!.instance!;
      expect((await broker.getOpenOrders()).length).toBe(2);
    }

    const report = await runtime.killSwitch.trip('test', 'operator');
    expect(report.results.map((result) => result.ok)).toEqual([true, true]);
    for (const id of ['left', 'right']) {
      const host = runtime.connectors.get(id)!;
      await waitFor(() => host.orderManager.openOrders().length === 0, 5_000, `${id} orders canceled`);
      expect(await host.instance!.getOpenOrders()).toEqual([]);
    }
    // Latched: a new order is denied until an operator resets the switch.
    const after = await runtime.orders.submitOrder({
      clientOrderId: 'after-kill',
      symbol: 'SIM-AAPL',
      side: 'buy',
      type: 'limit',
      timeInForce: 'day',
      quantity: 1,
      limitPrice: runtime.quotes.quoteOf('SIM-AAPL').bid,
    });
    expect(after).toMatchObject({ kind: 'denied', reasonCode: RiskReason.KILL_SWITCH_TRIPPED });
  });
});
