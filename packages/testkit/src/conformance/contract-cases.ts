import {
  CONNECTOR_SPECIFICATION_VERSION,
  checkPluginCompatibility,
  SOURCE_ID_MAX,
  SOURCE_ID_MIN,
  SOURCE_ID_THIRD_PARTY_MAX,
  SOURCE_ID_THIRD_PARTY_MIN,
} from '@tickwire/core';
import { expect } from 'vitest';
import type { CaseRegistry } from './conformance-session';
import { expectTickwireRejection, requestsFor, restingBuyOrder } from './order-helpers';

/** Cases on the plugin's shape and on what a connector must refuse without touching the broker. */
export function registerContractCases(registry: CaseRegistry): void {
  const { gates, options } = registry;
  const symbol = options.symbols[0];

  registry.add(
    'loads as a plugin, creates a connector without I/O, and its fake config validates',
    [],
    async (session) => {
      const { plugin } = session.options;
      const { packageName, tickSourceId } = plugin.manifest;
      expect(checkPluginCompatibility({ default: plugin }, packageName)).toBe(plugin);
      expect(tickSourceId).toBeGreaterThanOrEqual(SOURCE_ID_MIN);
      expect(tickSourceId).toBeLessThanOrEqual(SOURCE_ID_MAX);
      if (!packageName.startsWith('@tickwire/')) {
        expect(
          tickSourceId,
          `third-party plugin ${packageName}: source ids ${SOURCE_ID_THIRD_PARTY_MIN}-${SOURCE_ID_THIRD_PARTY_MAX}`,
        ).toBeGreaterThanOrEqual(SOURCE_ID_THIRD_PARTY_MIN);
        expect(tickSourceId).toBeLessThanOrEqual(SOURCE_ID_THIRD_PARTY_MAX);
      }
      expect(session.host.connector.specificationVersion).toBe(CONNECTOR_SPECIFICATION_VERSION);
      expect(session.host.state).toBe('disconnected');
      // create() must not do I/O: nothing may have reached the broker yet.
      expect(session.broker.received.openConnections).toBe(0);
      expect(session.broker.received.authAttempts).toEqual([]);
    },
  );

  registry.add(
    'refuses orders with NOT_CONNECTED before connect(), sending nothing',
    [gates.restingOrders()],
    async (session) => {
      const order = restingBuyOrder(session, 'nc');
      await expectTickwireRejection(
        session.host.connector.submitOrder(order),
        ['NOT_CONNECTED'],
        'submitOrder before connect',
      );
      expect(requestsFor(session, order.clientOrderId)).toEqual([]);
    },
  );

  const unsupported = gates.unsupportedDataKind();
  registry.add(
    'refuses a data kind its manifest leaves out with NOT_SUPPORTED',
    [unsupported.requirement],
    async (session) => {
      const kind = unsupported.kind!;
      await session.host.connector.connect();
      await expectTickwireRejection(
        session.host.connector.subscribe({ symbols: [symbol], kinds: [kind] }),
        ['NOT_SUPPORTED'],
        `subscribe to ${kind}`,
      );
      expect(session.broker.received.subscriptions.filter((record) => record.kinds.includes(kind))).toEqual([]);
    },
  );

  registry.add(
    'refuses replaceOrder with NOT_SUPPORTED when the manifest says so, sending nothing',
    [gates.lacksCapability('replaceOrders'), gates.restingOrders()],
    async (session) => {
      const order = restingBuyOrder(session, 'nr');
      await session.host.connector.connect();
      await session.host.connector.submitOrder(order);
      await expectTickwireRejection(
        session.host.connector.replaceOrder({
          clientOrderId: order.clientOrderId,
          newClientOrderId: `${order.clientOrderId}r`,
        }),
        ['NOT_SUPPORTED'],
        'replaceOrder',
      );
      expect(session.broker.received.replaces).toEqual([]);
    },
  );

  registry.add('answers account, positions and open orders once connected', [gates.orderEntry()], async (session) => {
    const { connector } = session.host;
    await connector.connect();
    const account = await connector.getAccount();
    expect(typeof account.accountId).toBe('string');
    expect(account.accountId.length).toBeGreaterThan(0);
    expect(Number.isFinite(account.cash)).toBe(true);
    const positions = await connector.getPositions();
    for (const position of positions) expect(Number.isFinite(position.quantity)).toBe(true);
    expect(Array.isArray(await connector.getOpenOrders())).toBe(true);
  });
}
