import { runConnectorConformance } from '@tickwire/testkit';
import simPlugin from './index';
import { SIM_FAKE_BROKER_SYMBOLS, SimFakeBroker } from './testing/index';

runConnectorConformance({
  plugin: simPlugin,
  createFakeBroker: async () => new SimFakeBroker(),
  symbols: [...SIM_FAKE_BROKER_SYMBOLS],
  // SIM-AAPL starts at 190 and moves a few cents in a test: a buy at 95 rests until the kit fills it.
  order: { restingBuyPrice: 95 },
});
