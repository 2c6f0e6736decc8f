import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectorPlugin } from '../connector/connector-plugin';
import { checkPluginCompatibility } from '../connector/plugin-compatibility';
import { SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS } from '../connector/specification-version';
import { PluginError } from '../errors/plugin-error';
import type { SourceRegistry } from '../tick/source-registry';

/** Imports a module by specifier; injectable so tests can stand in for `import()`. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** Where to look for plugins beyond core's own node_modules: the app's directory. */
export interface PluginLoaderOptions {
  /** Directory whose node_modules also hold plugins (default: `process.cwd()`). */
  readonly searchFrom?: string;
  readonly importModule?: ModuleImporter;
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  // Only the package itself being absent counts; a plugin whose own dependency is missing must say so instead.
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${packageName}'`);
}

function sourceSlug(packageName: string): string {
  const last = packageName.split('/').pop() ?? packageName;
  return (
    last
      .replace(/^(tickwire-)?connector-/, '')
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .slice(0, 32) || 'source'
  );
}

function notInstalled(packageName: string, cause: unknown): PluginError {
  return new PluginError({
    code: 'PLUGIN_NOT_INSTALLED',
    packageName,
    supportedSpecificationVersions: SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS,
    message:
      `Connector package "${packageName}" is not installed (looked beside @tickwire/core and in the app's ` +
      `node_modules). Install it with: npm install ${packageName}`,
    cause,
  });
}

/**
 * Imports a connector package by name and checks it: it must export a plugin made with `defineConnector()` whose
 * `specificationVersion` this core supports, and its tick source id must not clash with another plugin's.
 *
 * @throws PluginError `PLUGIN_NOT_INSTALLED` (with the `npm install` line), `PLUGIN_SPEC_UNSUPPORTED` (with the
 *   versions), or `SOURCE_ID_CONFLICT` (naming both packages).
 */
export async function loadConnectorPlugin(
  packageName: string,
  sources: SourceRegistry,
  options: PluginLoaderOptions = {},
): Promise<ConnectorPlugin> {
  const importModule = options.importModule ?? ((specifier: string) => import(specifier));
  let namespace: unknown;
  try {
    namespace = await importModule(packageName);
  } catch (error) {
    if (!isModuleNotFound(error, packageName)) throw importFailed(packageName, error);
    namespace = await importFromApp(packageName, options.searchFrom ?? process.cwd(), importModule, error);
  }
  const plugin = checkPluginCompatibility(namespace, packageName);
  try {
    const id = plugin.manifest.tickSourceId;
    // A built-in id is already held by its package under its short name: the same owner keeps that name.
    const held = sources.get(id);
    // Otherwise the name is a slug of the package, since the tick store uses it as a directory name.
    const name = held?.owner === packageName ? held.name : sourceSlug(packageName);
    sources.claim({ id, owner: packageName, name });
  } catch (error) {
    throw new PluginError({
      code: 'SOURCE_ID_CONFLICT',
      packageName,
      packageVersion: plugin.manifest.version,
      specificationVersion: plugin.manifest.specificationVersion,
      supportedSpecificationVersions: SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS,
      message: `Connector "${packageName}@${plugin.manifest.version}" cannot be loaded: ${(error as Error).message}`,
      cause: error,
    });
  }
  return plugin;
}

async function importFromApp(
  packageName: string,
  searchFrom: string,
  importModule: ModuleImporter,
  firstError: unknown,
): Promise<unknown> {
  let resolved: string;
  try {
    resolved = createRequire(join(searchFrom, 'package.json')).resolve(packageName);
  } catch {
    throw notInstalled(packageName, firstError);
  }
  try {
    return await importModule(pathToFileURL(resolved).href);
  } catch (error) {
    throw importFailed(packageName, error);
  }
}

function importFailed(packageName: string, error: unknown): PluginError {
  return new PluginError({
    code: 'PLUGIN_NOT_INSTALLED',
    packageName,
    supportedSpecificationVersions: SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS,
    message:
      `Connector package "${packageName}" is installed but failed to load: ${(error as Error)?.message ?? String(error)}. ` +
      `Reinstall it (npm install ${packageName}) and check that its dependencies are installed.`,
    cause: error,
  });
}
