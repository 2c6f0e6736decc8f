/**
 * The connector specification this core implements. A plugin declares the version it was written against in
 * {@link ConnectorManifest.specificationVersion} and on every connector it creates; the host refuses a plugin whose
 * version is not in {@link SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS}.
 *
 * The version changes only when the contract changes incompatibly; additions that old plugins can ignore (a new
 * optional capability, a new optional method) do not bump it.
 */
export const CONNECTOR_SPECIFICATION_VERSION = 'tickwire.connector/v1';

/** The literal type of {@link CONNECTOR_SPECIFICATION_VERSION}. */
export type ConnectorSpecificationVersion = typeof CONNECTOR_SPECIFICATION_VERSION;

/** Every specification version this core can load, oldest first. */
export const SUPPORTED_CONNECTOR_SPECIFICATION_VERSIONS: readonly string[] = [CONNECTOR_SPECIFICATION_VERSION];

/**
 * The major number of a `tickwire.connector/vN` string, or `undefined` when the string has another shape. Used to
 * tell the user whether the plugin or the core is the one to upgrade.
 */
export function specificationMajor(version: unknown): number | undefined {
  if (typeof version !== 'string') return undefined;
  const match = /^tickwire\.connector\/v(\d+)$/.exec(version);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
