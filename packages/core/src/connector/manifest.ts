import type { z } from 'zod';
import type { ConnectorCapabilities } from './capabilities';
import type { ConnectorSpecificationVersion } from './specification-version';

/**
 * Everything the host needs to know about a connector plugin before creating one: who it is, which contract it
 * implements, which tick source id it writes, what it can do, and how its configuration is checked.
 *
 * @typeParam TConfig - the validated configuration type, i.e. the output of {@link ConnectorManifest.configSchema}.
 */
export interface ConnectorManifest<TConfig = unknown> {
  /** The npm package name, exactly as installed, e.g. `@tickwire/connector-alpaca`. */
  readonly packageName: string;
  /** The package version (semver), normally read from the plugin's own package.json. */
  readonly version: string;
  /** The connector contract the plugin implements: `'tickwire.connector/v1'`. */
  readonly specificationVersion: ConnectorSpecificationVersion;
  /**
   * The tick format's `source` byte, 1..255. 1 TrueFX, 2 OANDA, 3 IB, then tickwire's own ids for its connectors;
   * third parties register theirs. Two connectors loaded at once must not share one.
   */
  readonly tickSourceId: number;
  /** Human-readable name, e.g. `Alpaca`. */
  readonly displayName: string;
  /** One sentence on what the connector reaches. */
  readonly description?: string;
  readonly capabilities: ConnectorCapabilities;
  /**
   * A zod v4 schema for the connector's configuration. The host parses the user's config with it before calling
   * `create`, so `create` only ever sees valid, defaulted values. It must be synchronous (no async refinements).
   */
  readonly configSchema: z.ZodType<TConfig>;
  /**
   * Config field names that hold secrets but whose names the redaction rules would miss (they already catch
   * `key`, `secret`, `token`, `password`, `passphrase`, `jwt`, ...). Their values never appear in errors or logs.
   */
  readonly secretConfigKeys?: readonly string[];
}
