import { type FakeBrokerHandle, runConnectorConformance } from '@tickwire/testkit';
import plugin from './index';
import { AlpacaFakeBroker } from './testing/index';

// The test kit's whole suite against the fake Alpaca: resting buys at 50 sit far below the fake's AAPL (~190).
runConnectorConformance({
  plugin,
  createFakeBroker: async () => new AlpacaFakeBroker() satisfies FakeBrokerHandle,
  symbols: ['AAPL', 'MSFT'],
  order: { restingBuyPrice: 50 },
});
