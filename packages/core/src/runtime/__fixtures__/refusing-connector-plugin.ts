import { z } from 'zod';
import { ConnectionStateTracker } from '../../connector/connection-state-tracker';
import { defineConnector } from '../../connector/connector-plugin';
import type { ITradingConnector } from '../../connector/trading-connector';
import { TickwireError } from '../../errors/tickwire-error';

/** A third-party connector whose broker refuses every login: for proving that one failing connector stays alone. */
export const refusingPlugin = defineConnector({
  manifest: {
    packageName: '@acme/tickwire-connector-refusing',
    version: '1.0.0',
    specificationVersion: 'tickwire.connector/v1',
    tickSourceId: 201,
    displayName: 'Refusing',
    capabilities: {
      assetClasses: ['equity'],
      orderTypes: ['market'],
      timeInForce: ['day'],
      orderClasses: ['simple'],
      dataKinds: ['quotes'],
      tradingModes: ['paper'],
      idempotentClientOrderIds: true,
      replaceOrders: false,
      cancelAllOrders: false,
      reconciliation: false,
      notionalOrders: false,
      fractionalQuantity: false,
      extendedHours: false,
      rateLimitBuckets: [],
    },
    configSchema: z.strictObject({}),
  },
  create: (): ITradingConnector => {
    const tracker = new ConnectionStateTracker({ nowMs: Date.now });
    const refuse = async (): Promise<never> => {
      throw new TickwireError({ code: 'NOT_CONNECTED', message: 'the refusing connector never connects' });
    };
    return {
      specificationVersion: 'tickwire.connector/v1',
      get state() {
        return tracker.state;
      },
      onStateChange: (listener) => tracker.onChange(listener),
      async connect() {
        tracker.transition('connecting');
        tracker.transition('failed', 'login refused');
        throw new TickwireError({ code: 'AUTH_FAILED', message: 'the fake broker refused the API key' });
      },
      async disconnect() {},
      subscribe: refuse,
      unsubscribe: refuse,
      submitOrder: refuse,
      cancelOrder: refuse,
      replaceOrder: refuse,
      getAccount: refuse,
      getPositions: refuse,
      getOpenOrders: refuse,
      reconcile: refuse,
    };
  },
});
