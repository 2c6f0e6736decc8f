import { isTickwireError } from '@tickwire/core';
import { expect } from 'vitest';
import { sleep } from '../host/wait-until';
import type { CaseRegistry } from './conformance-session';
import { expectTickwireRejection } from './order-helpers';

// How long a refused connector must then stay quiet: long enough for any retry loop to show itself.
const QUIET_AFTER_AUTH_FAILURE_MS = 500;

/** Cases on connecting, authenticating and subscribing. */
export function registerConnectionCases(registry: CaseRegistry): void {
  const { gates, options } = registry;
  const symbol = options.symbols[0];

  registry.add(
    'auth failure: connect() rejects with AUTH_FAILED, state failed, no retry storm',
    [gates.fault('rejectAuth')],
    async (session) => {
      const { broker, host } = session;
      await broker.faults.rejectAuth!();
      const error = await expectTickwireRejection(
        host.connector.connect(),
        ['AUTH_FAILED'],
        'connect with refused credentials',
      );
      expect(isTickwireError(error) && error.retryable, 'AUTH_FAILED is not retryable').toBe(false);
      expect(host.state).toBe('failed');
      expect(broker.received.authAttempts.length, 'auth attempts that reached the broker').toBeGreaterThanOrEqual(1);
      expect(broker.received.authAttempts.every((attempt) => !attempt.accepted)).toBe(true);
      const attempts = broker.received.authAttempts.length;
      await sleep(QUIET_AFTER_AUTH_FAILURE_MS);
      expect(broker.received.authAttempts.length, 'auth attempts after the refusal (must not retry)').toBe(attempts);
      expect(host.state).toBe('failed');
    },
  );

  registry.add('connect and disconnect: states, a live session at the broker, both idempotent', [], async (session) => {
    const { broker, host } = session;
    const { connector } = host;
    await connector.connect();
    expect(connector.state).toBe('connected');
    expect(host.stateChanges.map((change) => change.current)).toEqual(['connecting', 'connected']);
    expect(broker.received.openConnections, 'connections open at the broker').toBeGreaterThanOrEqual(1);
    expect(broker.received.authAttempts.every((attempt) => attempt.accepted)).toBe(true);
    await connector.connect();
    expect(host.stateChanges.length, 'a second connect() changes nothing').toBe(2);

    await connector.disconnect();
    expect(connector.state).toBe('disconnected');
    await host.waitFor('the broker to see every connection closed', () => broker.received.openConnections === 0);
    await connector.disconnect();
    expect(connector.state).toBe('disconnected');

    await connector.connect();
    expect(connector.state).toBe('connected');
    expect(broker.received.openConnections).toBeGreaterThanOrEqual(1);
  });

  registry.add(
    'subscribe: each (symbol, kind) reaches the broker once; unsubscribe reaches it; subscribing again works',
    [gates.dataKind('quotes')],
    async (session) => {
      const { broker, host } = session;
      const subscribesOf = (action: 'subscribe' | 'unsubscribe') =>
        broker.received.subscriptions.filter(
          (record) => record.action === action && record.symbols.includes(symbol) && record.kinds.includes('quotes'),
        ).length;
      await host.connector.connect();
      await host.connector.subscribe({ symbols: [symbol], kinds: ['quotes'] });
      await host.connector.subscribe({ symbols: [symbol], kinds: ['quotes'] });
      await host.waitFor(`the broker to receive the subscription to ${symbol}`, () => subscribesOf('subscribe') >= 1);
      await host.waitForTicks(symbol, 1);
      expect(subscribesOf('subscribe'), 'subscribe requests for an already subscribed pair').toBe(1);

      await host.connector.unsubscribe({ symbols: [symbol], kinds: ['quotes'] });
      await host.waitFor(
        `the broker to receive the unsubscription of ${symbol}`,
        () => subscribesOf('unsubscribe') === 1,
      );
      await host.connector.subscribe({ symbols: [symbol], kinds: ['quotes'] });
      await host.waitFor(
        `the broker to receive the new subscription to ${symbol}`,
        () => subscribesOf('subscribe') === 2,
      );
    },
  );
}
