import {
  type ConnectorContext,
  type ConnectorPlugin,
  defineConnector,
  type FeedHealthReporter,
  type ITradingConnector,
  isTickwireError,
  type OrderEvent,
  type OrderRequest,
  TickFlags,
  type TickWriter,
  TickwireError,
} from '@tickwire/core';

/** One deliberate bug: how it changes the context the connector gets, and/or the connector the host sees. */
export interface Defect {
  readonly context?: (context: ConnectorContext) => Partial<ConnectorContext>;
  readonly connector?: (inner: ITradingConnector) => Partial<ITradingConnector>;
}

/** `plugin` with `defect` built in: same manifest, same connector, one bug. */
export function withDefect<TConfig>(plugin: ConnectorPlugin<TConfig>, defect: Defect): ConnectorPlugin<TConfig> {
  return defineConnector({
    manifest: { ...plugin.manifest },
    create: (config, context) => {
      const inner = plugin.create(config, { ...context, ...defect.context?.(context) });
      // Object.assign keeps delegateTo's `state` getter live (a spread would copy its value once).
      return Object.assign(delegateTo(inner), defect.connector?.(inner));
    },
  });
}

function delegateTo(inner: ITradingConnector): ITradingConnector {
  return {
    specificationVersion: inner.specificationVersion,
    get state() {
      return inner.state;
    },
    onStateChange: (listener) => inner.onStateChange(listener),
    connect: () => inner.connect(),
    disconnect: () => inner.disconnect(),
    subscribe: (request) => inner.subscribe(request),
    unsubscribe: (request) => inner.unsubscribe(request),
    submitOrder: (order) => inner.submitOrder(order),
    cancelOrder: (request) => inner.cancelOrder(request),
    replaceOrder: (request) => inner.replaceOrder(request),
    getAccount: () => inner.getAccount(),
    getPositions: () => inner.getPositions(),
    getOpenOrders: () => inner.getOpenOrders(),
    reconcile: (sinceMs) => inner.reconcile(sinceMs),
  };
}

function tickWriter(context: ConnectorContext, beforePublish: (writer: TickWriter) => boolean): TickWriter {
  const inner = context.tickWriter;
  return { draft: inner.draft, publish: () => (beforePublish(inner) ? inner.publish() : true) };
}

function health(context: ConnectorContext, silenced: keyof FeedHealthReporter): FeedHealthReporter {
  const inner = context.health;
  return {
    reportFeedStale: (...args) => (silenced === 'reportFeedStale' ? undefined : inner.reportFeedStale(...args)),
    reportGap: (...args) => (silenced === 'reportGap' ? undefined : inner.reportGap(...args)),
    reportResynced: (...args) => (silenced === 'reportResynced' ? undefined : inner.reportResynced(...args)),
    reportProtocolError: (error) => (silenced === 'reportProtocolError' ? undefined : inner.reportProtocolError(error)),
  };
}

function orderEvents(context: ConnectorContext, rewrite: (event: OrderEvent) => readonly OrderEvent[]) {
  return {
    emit: (event: OrderEvent) => {
      for (const each of rewrite(event)) context.orderEvents.emit(each);
    },
  };
}

let dropped = 0;

/** The bugs the conformance suite must catch, by the case that catches each. */
export const DEFECTS: Readonly<Record<string, Defect>> = {
  'drops every fourth tick': {
    context: (context) => ({ tickWriter: tickWriter(context, () => ++dropped % 4 !== 0) }),
  },
  'stamps ticks with the local clock': {
    context: (context) => ({
      tickWriter: tickWriter(context, (writer) => {
        context.clock.writeEpochTime(writer.draft);
        return true;
      }),
    }),
  },
  'never sets GAP_BEFORE': {
    context: (context) => ({
      tickWriter: tickWriter(context, (writer) => {
        writer.draft.flags &= ~TickFlags.GAP_BEFORE;
        return true;
      }),
    }),
  },
  'does not report gaps': { context: (context) => ({ health: health(context, 'reportGap') }) },
  'does not report stale feeds': { context: (context) => ({ health: health(context, 'reportFeedStale') }) },
  'does not report protocol errors': { context: (context) => ({ health: health(context, 'reportProtocolError') }) },
  'reports each fill twice under new execution ids': {
    context: (context) => ({
      orderEvents: orderEvents(context, (event) =>
        event.fill === undefined
          ? [event]
          : [event, { ...event, fill: { ...event.fill, executionId: `${event.fill.executionId}-again` } }],
      ),
    }),
  },
  'loses canceled events': {
    context: (context) => ({
      orderEvents: orderEvents(context, (event) => (event.status === 'canceled' ? [] : [event])),
    }),
  },
  'guesses a status for an unknown one': {
    context: (context) => ({
      orderEvents: orderEvents(context, (event) => [event.status === 'unknown' ? { ...event, status: 'new' } : event]),
    }),
  },
  'forgets which order replaced which': {
    context: (context) => ({
      orderEvents: orderEvents(context, (event) => {
        const { replacedByClientOrderId: _forgotten, ...rest } = event;
        return [rest];
      }),
    }),
  },
  'sends every order twice': {
    connector: (inner) => ({
      submitOrder: async (order: OrderRequest) => {
        await inner.submitOrder(order);
        return inner.submitOrder(order);
      },
    }),
  },
  'makes a retry a new order': {
    connector: (inner) => {
      let count = 0;
      return {
        submitOrder: (order: OrderRequest) =>
          inner.submitOrder({ ...order, clientOrderId: `${order.clientOrderId}${count++}` }),
      };
    },
  },
  'retries rate-limited orders at once, without end': {
    connector: (inner) => ({
      submitOrder: async (order: OrderRequest) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await inner.submitOrder(order);
          } catch (error) {
            if (!isTickwireError(error, 'RATE_LIMITED') || attempt > 200) throw error;
          }
        }
      },
    }),
    context: (context) => ({
      createRateLimiter: (bucket) => {
        const { name } = context.createRateLimiter(bucket);
        return {
          name,
          tryTake: () => true,
          take: async () => {},
          msUntilAvailable: () => 0,
          penalize: () => {},
          noteResponse: () => {},
        };
      },
    }),
  },
  'reconciles without fills': {
    connector: (inner) => ({
      reconcile: async (sinceMs: number) => ({ ...(await inner.reconcile(sinceMs)), fills: [], closedOrders: [] }),
    }),
  },
  'turns AUTH_FAILED into a retryable error': {
    connector: (inner) => ({
      connect: () =>
        inner.connect().catch((error: unknown) => {
          throw new TickwireError({ code: 'CONNECTION_FAILED', message: 'could not connect', cause: error });
        }),
    }),
  },
};
