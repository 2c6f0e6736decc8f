import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TickwireError } from '../errors/tickwire-error';
import { refusingPlugin } from './__fixtures__/refusing-connector-plugin';
import { waitFor } from './__fixtures__/sim-runtime-config';
import { createRuntime, type Runtime } from './runtime';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const importWithRefusing = (specifier: string): Promise<unknown> =>
  specifier === refusingPlugin.manifest.packageName ? Promise.resolve({ default: refusingPlugin }) : import(specifier);

function config(directory: string, withSim: boolean): unknown {
  return {
    connectors: [
      ...(withSim
        ? [{ id: 'sim', package: '@tickwire/connector-sim', instruments: { 'SIM-AAPL': { priceIncrement: 0.01 } } }]
        : []),
      { id: 'broken', package: refusingPlugin.manifest.packageName, instruments: { ACME: { priceIncrement: 0.01 } } },
    ],
    auditLog: join(directory, 'audit.jsonl'),
  };
}

async function build(withSim: boolean): Promise<Runtime> {
  const directory = mkdtempSync(join(tmpdir(), 'tickwire-isolation-'));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  const runtime = await createRuntime(config(directory, withSim), { importModule: importWithRefusing });
  cleanups.push(() => runtime.stop());
  return runtime;
}

describe('connector isolation', () => {
  it('a connector that fails to start leaves the others running', async () => {
    const runtime = await build(true);
    await runtime.start();
    await waitFor(() => runtime.summary().ticks.received > 100, 10_000, 'sim ticks');
    const broken = runtime.summary().connectors.find((connector) => connector.id === 'broken');
    expect(broken).toMatchObject({ state: 'failed', failure: expect.stringContaining('refused the API key') });
    const outcome = await runtime.orders.submitOrder({
      clientOrderId: 'iso-1',
      symbol: 'ACME',
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      quantity: 1,
    });
    // The failed connector's orders are refused, never sent anywhere else.
    expect(outcome.kind).not.toBe('accepted');
    expect(runtime.connectors.get('sim')!.state).toBe('connected');
  });

  it('start() rejects with CONNECTION_FAILED when no connector starts', async () => {
    const runtime = await build(false);
    const error = await runtime.start().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(TickwireError.isInstance(error)).toBe(true);
    expect((error as TickwireError).code).toBe('CONNECTION_FAILED');
    expect((error as Error).message).toContain('refused the API key');
  });
});
