import { type ConnectorContextOverrides, createTestHost, type TestHost } from '@tickwire/testkit';
import type { AlpacaOrder } from '../alpaca-wire-types';
import plugin from '../index';

/** Where the msw tests point the connector. msw answers before anything reaches the network. */
export const MSW_BASE = 'http://127.0.0.1:9';

/** An Alpaca order object as REST returns it: numbers as strings. */
export function wireOrder(fields: Partial<AlpacaOrder> = {}): AlpacaOrder {
  return {
    id: 'b-1',
    client_order_id: 'c-1',
    created_at: '2024-03-01T14:30:00.000001Z',
    updated_at: '2024-03-01T14:30:00.000001Z',
    submitted_at: '2024-03-01T14:30:00.000001Z',
    filled_at: null,
    symbol: 'AAPL',
    asset_class: 'us_equity',
    qty: '10',
    filled_qty: '0',
    filled_avg_price: null,
    order_class: '',
    type: 'limit',
    order_type: 'limit',
    side: 'buy',
    time_in_force: 'day',
    limit_price: '50',
    stop_price: null,
    status: 'new',
    extended_hours: false,
    legs: null,
    ...fields,
  };
}

/** An account body as REST returns it. */
export const WIRE_ACCOUNT = {
  id: 'a-1',
  account_number: 'PA3MSW',
  status: 'ACTIVE',
  currency: 'USD',
  cash: '1000.5',
  buying_power: '2001',
  equity: '1500.25',
  trading_blocked: false,
};

/**
 * A test host whose Alpaca connector talks REST only (no trade_updates), to `MSW_BASE`, with fast retries. The
 * credentials come from the environment the caller stubs (so the host's logger cannot know them).
 */
export function restOnlyHost(
  config: Record<string, unknown> = {},
  overrides: ConnectorContextOverrides = {},
): TestHost {
  return createTestHost(
    plugin,
    {
      tradeUpdates: false,
      endpoints: { trading: MSW_BASE, tradingStream: 'ws://127.0.0.1:9/stream', marketDataStream: 'ws://127.0.0.1:9' },
      timeouts: { requestMs: 8_000 },
      ...config,
    },
    { logLevel: 'trace', overrides },
  );
}
