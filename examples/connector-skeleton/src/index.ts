import { skeletonPlugin } from './skeleton-plugin';

export { skeletonCapabilities } from './skeleton-capabilities';
export { type SkeletonConfig, skeletonConfigSchema } from './skeleton-config';
export { SkeletonConnector } from './skeleton-connector';
export { skeletonPlugin } from './skeleton-plugin';

/** The host imports the package and takes its default export as the plugin. */
export default skeletonPlugin;
