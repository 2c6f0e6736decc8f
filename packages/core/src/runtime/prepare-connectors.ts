import type { ConnectorPlugin } from '../connector/connector-plugin';
import { validateConnectorConfig } from '../connector/validate-connector-config';
import { ConfigError, type ConfigIssue } from '../errors/config-error';
import type { SourceRegistry } from '../tick/source-registry';
import { loadConnectorPlugin, type ModuleImporter } from './plugin-loader';
import type { ConnectorEntry, RuntimeConfig } from './runtime-config-schema';

/** A connector entry with its plugin loaded and its own config validated. */
export interface PreparedConnector {
  readonly id: string;
  readonly entry: ConnectorEntry;
  readonly plugin: ConnectorPlugin;
  /** The plugin config after the plugin's schema (defaults applied). */
  readonly config: unknown;
  /** The tick source's short name (a directory name in the tick store). */
  readonly sourceName: string;
}

/** How {@link prepareConnectors} finds plugins. */
export interface PrepareConnectorsOptions {
  readonly importModule?: ModuleImporter;
  readonly searchFrom?: string;
}

function defaultConnectorId(packageName: string): string {
  const last = packageName.split('/').pop() ?? packageName;
  return last.replace(/^connector-/, '').replace(/^tickwire-connector-/, '');
}

/**
 * Loads every plugin the config names (each package once), validates each connector's config with its plugin's
 * schema, and checks what no single schema can: connector ids are unique, and two connectors of the same tick
 * source never stream the same symbol (their per-symbol sequences would interleave). Collects every problem
 * before throwing, so one run of `tickwire run` lists them all.
 */
export async function prepareConnectors(
  config: RuntimeConfig,
  sources: SourceRegistry,
  options: PrepareConnectorsOptions = {},
): Promise<PreparedConnector[]> {
  const plugins = new Map<string, ConnectorPlugin>();
  for (const entry of config.connectors) {
    if (!plugins.has(entry.package))
      plugins.set(entry.package, await loadConnectorPlugin(entry.package, sources, options));
  }
  const issues: ConfigIssue[] = [];
  const prepared: PreparedConnector[] = [];
  const seenIds = new Map<string, number>();
  const streamOwners = new Map<string, string>();
  config.connectors.forEach((entry, index) => {
    const id = entry.id ?? defaultConnectorId(entry.package);
    const fieldPath = `connectors[${index}]`;
    const previous = seenIds.get(id);
    if (previous !== undefined) {
      issues.push({
        fieldPath: `${fieldPath}.id`,
        value: id,
        problem: `connectors[${previous}] already uses this id`,
        fix: 'give each connector a distinct "id"',
      });
    }
    seenIds.set(id, index);
    const plugin = plugins.get(entry.package)!;
    for (const symbol of Object.keys(entry.instruments)) {
      const stream = `${plugin.manifest.tickSourceId}/${symbol}`;
      const owner = streamOwners.get(stream);
      if (owner !== undefined) {
        issues.push({
          fieldPath: `${fieldPath}.instruments.${symbol}`,
          value: symbol,
          problem: `connector "${owner}" already streams ${symbol} from the same tick source`,
          fix: 'stream each symbol from one connector per source',
        });
      }
      streamOwners.set(stream, id);
    }
    try {
      const validated = validateConnectorConfig(plugin, entry.config ?? {}, {
        fieldPathPrefix: `${fieldPath}.config`,
        connectorId: id,
      });
      prepared.push({ id, entry, plugin, config: validated, sourceName: sources.nameOf(plugin.manifest.tickSourceId) });
    } catch (error) {
      if (!ConfigError.isInstance(error)) throw error;
      issues.push(...error.issues);
    }
  });
  if (issues.length > 0) throw new ConfigError({ subject: 'tickwire configuration', issues });
  return prepared;
}
