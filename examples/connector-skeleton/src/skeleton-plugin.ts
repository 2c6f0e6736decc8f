import { defineConnector } from '@tickwire/core';
import { skeletonCapabilities } from './skeleton-capabilities';
import { type SkeletonConfig, skeletonConfigSchema } from './skeleton-config';
import { SkeletonConnector } from './skeleton-connector';

/** The plugin: the package's default export, found by the host through its package name. */
export const skeletonPlugin = defineConnector<SkeletonConfig>({
  manifest: {
    packageName: '@example/tickwire-connector-skeleton',
    version: '0.1.0',
    specificationVersion: 'tickwire.connector/v1',
    // Third-party plugins take a source id from 128-254 (docs/tick-format.md, "Source ids") and keep it for good.
    tickSourceId: 200,
    displayName: 'Skeleton Exchange',
    description: 'A made-up WebSocket JSON venue: the template for third-party tickwire connectors.',
    capabilities: skeletonCapabilities,
    configSchema: skeletonConfigSchema,
  },
  create: (config, context) => new SkeletonConnector(config, context),
});
