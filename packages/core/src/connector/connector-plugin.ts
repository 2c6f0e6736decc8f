import type { ConnectorContext } from './connector-context';
import type { ConnectorManifest } from './manifest';
import { assertValidManifest } from './manifest-schema';
import type { ITradingConnector } from './trading-connector';

/**
 * A connector plugin: what a connector package exports as its default export. One typed object holding the
 * manifest and the factory.
 *
 * @typeParam TConfig - the validated configuration type (the output of the manifest's `configSchema`).
 */
export interface ConnectorPlugin<TConfig = unknown> {
  readonly manifest: ConnectorManifest<TConfig>;
  /**
   * Creates one connector instance, not yet connected. `config` has already been parsed by
   * `manifest.configSchema` (defaults applied, types checked); `context` is everything the connector may use.
   * Must not do I/O: the host calls `connect()` next.
   */
  create(config: TConfig, context: ConnectorContext): ITradingConnector;
}

/**
 * Declares a connector plugin. The config type is inferred from `manifest.configSchema`, so `create` receives a
 * typed, validated config. The manifest is checked here too, so a plugin author sees a malformed manifest the
 * first time the package is imported (throws a `PLUGIN_SPEC_UNSUPPORTED` `PluginError`).
 *
 * @example
 * ```ts
 * const configSchema = z.object({ keyId: z.string(), secretKey: z.string(), feed: z.enum(['iex', 'sip']).default('iex') });
 *
 * export default defineConnector({
 *   manifest: {
 *     packageName: '@acme/tickwire-connector-example',
 *     version: '1.0.0',
 *     specificationVersion: 'tickwire.connector/v1',
 *     tickSourceId: 200,
 *     displayName: 'Example',
 *     capabilities: { ... },
 *     configSchema,
 *   },
 *   create: (config, context) => new ExampleConnector(config, context), // config: { keyId: string; ... }
 * });
 * ```
 */
export function defineConnector<TConfig>(plugin: ConnectorPlugin<TConfig>): ConnectorPlugin<TConfig> {
  assertValidManifest(plugin.manifest, plugin.manifest?.packageName ?? '(unnamed plugin)');
  return Object.freeze({ manifest: Object.freeze({ ...plugin.manifest }), create: plugin.create.bind(plugin) });
}
