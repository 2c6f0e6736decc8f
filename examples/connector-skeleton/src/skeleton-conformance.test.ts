import { runConnectorConformance } from '@tickwire/testkit';
import skeletonPlugin from './index';
import { SkeletonFakeBroker } from './skeleton-fake-broker';

runConnectorConformance({
  plugin: skeletonPlugin,
  createFakeBroker: async () => new SkeletonFakeBroker(),
  symbols: ['SKEL', 'BONE'],
  // The fake's quotes start at 100.00; a buy at 50 rests until the kit fills it.
  order: { restingBuyPrice: 50 },
});
