import { runConnectorConformance } from '@tickwire/testkit';
import coinbasePlugin from './index';
import { CoinbaseFakeBroker } from './testing/index';

runConnectorConformance({
  plugin: coinbasePlugin,
  createFakeBroker: async () => new CoinbaseFakeBroker(),
  symbols: ['BTC-USD', 'ETH-USD'],
  // The fake's BTC-USD book sits near 60 000 and never strays 2 % from it: a buy at 30 000 rests until filled.
  order: { restingBuyPrice: 30_000, quantity: 10 },
});
