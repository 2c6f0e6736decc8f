import { join } from 'node:path';

/** A runtime config over the sim connector, writing everything under `directory`. */
export function simRuntimeConfig(directory: string, connectors: { id: string; symbols: string[] }[]): unknown {
  return {
    connectors: connectors.map(({ id, symbols }) => ({
      id,
      package: '@tickwire/connector-sim',
      config: { seed: 11 },
      instruments: Object.fromEntries(
        symbols.map((symbol) => [symbol, { assetClass: 'equity', priceIncrement: 0.01, quantityIncrement: 1 }]),
      ),
    })),
    store: { dir: join(directory, 'ticks') },
    auditLog: join(directory, 'audit.jsonl'),
  };
}

/** Waits until `condition` holds, polling; throws after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
