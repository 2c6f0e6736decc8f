import { createTestHost, type TestHost, type TestHostOptions } from '@tickwire/testkit';
import plugin from '../index';
import { AlpacaFakeBroker, type AlpacaFakeBrokerOptions } from '../testing/index';

/** A started fake Alpaca and the test hosts connected to it; `close()` stops them all. */
export interface FakeSession {
  readonly broker: AlpacaFakeBroker;
  /** A new host on the broker's config (plus `config`), not yet connected. */
  host(config?: Record<string, unknown>, options?: TestHostOptions): TestHost;
  close(): Promise<void>;
}

/** Starts a fake Alpaca on 127.0.0.1 for one test. */
export async function startFakeSession(options: AlpacaFakeBrokerOptions = {}): Promise<FakeSession> {
  const broker = new AlpacaFakeBroker(options);
  await broker.start();
  const hosts: TestHost[] = [];
  return {
    broker,
    host(config = {}, hostOptions = {}) {
      const host = createTestHost(
        plugin,
        { ...broker.connectorConfig(), ...config },
        { logLevel: 'trace', ...hostOptions },
      );
      hosts.push(host);
      return host;
    },
    async close() {
      for (const host of hosts) await host.stop();
      await broker.stop();
    },
  };
}

/** Rejection of `action`, or a thrown error when it resolves. */
export async function rejectionOf(action: Promise<unknown>): Promise<unknown> {
  try {
    await action;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
