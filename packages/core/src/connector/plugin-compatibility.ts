import { PluginError } from '../errors/plugin-error';
import type { ConnectorPlugin } from './connector-plugin';
import { TICKWIRE_CORE_VERSION } from './core-version';
import { assertValidManifest } from './manifest-schema';
import { SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS, specificationMajor } from './specification-version';
import type { ITradingConnector } from './trading-connector';

const CONNECTOR_METHODS = [
  'onStateChange',
  'connect',
  'disconnect',
  'subscribe',
  'unsubscribe',
  'submitOrder',
  'cancelOrder',
  'replaceOrder',
  'getAccount',
  'getPositions',
  'getOpenOrders',
  'reconcile',
] as const;

/**
 * Checks what a connector package exported and returns it as a plugin, or throws a {@link PluginError} with code
 * `PLUGIN_SPEC_UNSUPPORTED` that names the package, its version, the specification versions this core supports,
 * and what to install or upgrade.
 *
 * `candidate` is either the plugin itself or the module namespace from `import(packageName)`, whose `default`
 * export is the plugin (a CommonJS double `default` is unwrapped too). The manifest's `packageName` must equal
 * `packageName`, so that errors, listings and source ids point at the package the user actually installed.
 */
export function checkPluginCompatibility(candidate: unknown, packageName: string): ConnectorPlugin {
  const plugin = findPlugin(candidate);
  if (plugin === undefined) {
    throw new PluginError({
      code: 'PLUGIN_SPEC_UNSUPPORTED',
      packageName,
      supportedSpecificationVersions: SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS,
      message:
        `Package "${packageName}" does not export a tickwire connector plugin: expected a default export made with ` +
        `defineConnector() (an object with "manifest" and "create"), found ${describeExports(candidate)}. ` +
        `Check that "${packageName}" is a tickwire connector, or ask its author to export the plugin as default.`,
    });
  }
  const manifest = plugin.manifest as Partial<ConnectorPlugin['manifest']>;
  const declared = manifest.specificationVersion;
  const packageVersion = typeof manifest.version === 'string' ? manifest.version : undefined;
  if (!SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS.includes(declared as string)) {
    throw new PluginError({
      code: 'PLUGIN_SPEC_UNSUPPORTED',
      packageName,
      ...(packageVersion === undefined ? {} : { packageVersion }),
      specificationVersion: declared,
      supportedSpecificationVersions: SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS,
      message: unsupportedSpecificationMessage(packageName, packageVersion, declared),
    });
  }
  assertValidManifest(manifest, packageName);
  if (manifest.packageName !== packageName) {
    throw new PluginError({
      code: 'PLUGIN_SPEC_UNSUPPORTED',
      packageName,
      ...(packageVersion === undefined ? {} : { packageVersion }),
      specificationVersion: declared,
      supportedSpecificationVersions: SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS,
      message:
        `Package "${packageName}" exports a connector whose manifest says packageName "${manifest.packageName}". ` +
        `Load it by its real name "${manifest.packageName}", or, as its author, set manifest.packageName to ` +
        `"${packageName}".`,
    });
  }
  return plugin;
}

/**
 * Checks a connector instance returned by `plugin.create()`: it declares the same specification version as its
 * manifest, has every method of {@link ITradingConnector}, and has `cancelAllOrders` exactly when the capabilities
 * claim it. Throws a `PLUGIN_SPEC_UNSUPPORTED` {@link PluginError} naming what is missing.
 */
export function checkConnectorInstance(connector: unknown, plugin: ConnectorPlugin): ITradingConnector {
  const { manifest } = plugin;
  const problems: string[] = [];
  if (typeof connector !== 'object' || connector === null) {
    problems.push(`create() returned ${connector === null ? 'null' : typeof connector}, not a connector object`);
  } else {
    const instance = connector as Record<string, unknown>;
    if (instance.specificationVersion !== manifest.specificationVersion) {
      problems.push(
        `specificationVersion is ${JSON.stringify(instance.specificationVersion)}, the manifest says "${manifest.specificationVersion}"`,
      );
    }
    for (const method of CONNECTOR_METHODS) {
      if (typeof instance[method] !== 'function') problems.push(`method ${method}() is missing`);
    }
    const hasCancelAll = typeof instance.cancelAllOrders === 'function';
    if (hasCancelAll !== manifest.capabilities.cancelAllOrders) {
      problems.push(
        `capabilities.cancelAllOrders is ${manifest.capabilities.cancelAllOrders} but cancelAllOrders() is ` +
          `${hasCancelAll ? 'present' : 'missing'}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new PluginError({
      code: 'PLUGIN_SPEC_UNSUPPORTED',
      packageName: manifest.packageName,
      packageVersion: manifest.version,
      specificationVersion: manifest.specificationVersion,
      supportedSpecificationVersions: SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS,
      message:
        `Connector "${manifest.packageName}@${manifest.version}" does not implement ${manifest.specificationVersion}:\n` +
        `${problems.map((problem) => `  - ${problem}`).join('\n')}\nThis is a bug in the plugin; report it to its author.`,
    });
  }
  return connector as ITradingConnector;
}

function findPlugin(candidate: unknown): ConnectorPlugin | undefined {
  let current: unknown = candidate;
  // The plugin itself, a module namespace's default, or CommonJS interop's default.default.
  for (let depth = 0; depth < 3; depth++) {
    if (isPluginShaped(current)) return current;
    if (typeof current !== 'object' || current === null || !('default' in current)) return undefined;
    current = (current as { default: unknown }).default;
  }
  return undefined;
}

function isPluginShaped(value: unknown): value is ConnectorPlugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { manifest?: unknown }).manifest === 'object' &&
    (value as { manifest?: unknown }).manifest !== null &&
    typeof (value as { create?: unknown }).create === 'function'
  );
}

function describeExports(candidate: unknown): string {
  if (typeof candidate !== 'object' || candidate === null) return candidate === null ? 'null' : typeof candidate;
  const names = Object.keys(candidate);
  return names.length === 0 ? 'no exports' : `exports ${names.map((name) => `"${name}"`).join(', ')}`;
}

function unsupportedSpecificationMessage(packageName: string, version: string | undefined, declared: unknown): string {
  const named = `"${packageName}"${version === undefined ? '' : ` version ${version}`}`;
  const supported = SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS.map((value) => `"${value}"`).join(', ');
  const core = `@tickwire/core ${TICKWIRE_CORE_VERSION}`;
  const declaredMajor = specificationMajor(declared);
  const newestSupported = Math.max(
    ...SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS.map((value) => specificationMajor(value) ?? 0),
  );
  if (declaredMajor === undefined) {
    return (
      `Connector package ${named} declares specificationVersion ${JSON.stringify(declared)}, which is not a tickwire ` +
      `connector specification; ${core} supports ${supported}. Install a release of "${packageName}" built for ` +
      `${supported}, or ask its author to build it with defineConnector() from @tickwire/core.`
    );
  }
  if (declaredMajor > newestSupported) {
    return (
      `Connector package ${named} implements "${String(declared)}", which is newer than ${core} supports ` +
      `(${supported}). Upgrade @tickwire/core (npm install @tickwire/core@latest), or install a release of ` +
      `"${packageName}" built for ${supported}.`
    );
  }
  return (
    `Connector package ${named} implements "${String(declared)}", which ${core} no longer supports (it supports ` +
    `${supported}). Upgrade the plugin (npm install ${packageName}@latest), or pin an older @tickwire/core that ` +
    `supports "${String(declared)}".`
  );
}
