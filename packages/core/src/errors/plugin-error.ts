import { hasMarker, TickwireError } from './tickwire-error';

const pluginMarker = Symbol.for('tickwire.error.PluginError');

/** The codes a {@link PluginError} can carry. */
export type PluginErrorCode = 'PLUGIN_NOT_INSTALLED' | 'PLUGIN_SPEC_UNSUPPORTED' | 'SOURCE_ID_CONFLICT';

/** What a {@link PluginError} is built from. */
export interface PluginErrorOptions {
  readonly code: PluginErrorCode;
  /** The npm package name the host tried to load, e.g. `@tickwire/connector-alpaca`. */
  readonly packageName: string;
  /** The plugin's own version, when it could be read. */
  readonly packageVersion?: string;
  /** The specification version the plugin declares, when it declares one. */
  readonly specificationVersion?: unknown;
  /** The specification versions this core accepts. */
  readonly supportedSpecificationVersions: readonly string[];
  /** The full message: what, the value, and what to install or change. */
  readonly message: string;
  readonly cause?: unknown;
}

/**
 * A connector plugin could not be used: not installed, malformed, built for a specification this core does not
 * support, or clashing with another plugin's tick source id. Carries what the user needs to fix it.
 */
export class PluginError extends TickwireError<PluginErrorCode> {
  // Read through hasMarker(), by this copy of core or any other.
  protected readonly [pluginMarker] = true;
  override readonly name: string = 'PluginError';
  readonly packageName: string;
  readonly packageVersion: string | undefined;
  readonly specificationVersion: unknown;
  readonly supportedSpecificationVersions: readonly string[];

  constructor(options: PluginErrorOptions) {
    super({
      code: options.code,
      message: options.message,
      cause: options.cause,
      details: {
        packageName: options.packageName,
        packageVersion: options.packageVersion,
        specificationVersion: options.specificationVersion,
        supportedSpecificationVersions: options.supportedSpecificationVersions,
      },
    });
    this.packageName = options.packageName;
    this.packageVersion = options.packageVersion;
    this.specificationVersion = options.specificationVersion;
    this.supportedSpecificationVersions = options.supportedSpecificationVersions;
  }

  /** True for a `PluginError` from any installed copy of core. */
  static override isInstance(value: unknown): value is PluginError {
    return TickwireError.isInstance(value) && hasMarker(value, pluginMarker);
  }
}
