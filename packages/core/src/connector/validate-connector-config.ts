import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/config-error';
import { collectSecretValues, maskSecretValues, maskSecretValuesDeep, redactAtPath } from '../errors/redact';
import { TickwireError } from '../errors/tickwire-error';
import type { ConnectorPlugin } from './connector-plugin';
import { formatPath } from './manifest-schema';

/** Options for {@link validateConnectorConfig}. */
export interface ValidateConnectorConfigOptions {
  /** Where the config sits in the user's file, e.g. `connectors[0].config`; prefixes every field path. */
  readonly fieldPathPrefix?: string;
  /** The connector instance's name, quoted in the message. */
  readonly connectorId?: string;
}

type Issue = z.core.$ZodIssue;

/**
 * Parses `rawConfig` with the plugin's config schema and returns the typed result (defaults applied). On failure
 * throws a {@link ConfigError} listing every problem with its field path, the value found there (redacted when
 * the field is secret-like) and the fix, e.g.:
 *
 * ```text
 * Invalid configuration for connector "@tickwire/connector-alpaca" (alpaca-paper) (1 problem):
 *   - connectors[0].config.feed: Invalid option: expected one of "iex"|"sip"; got "opra". Fix: use one of "iex", "sip"
 * ```
 */
export function validateConnectorConfig<TConfig>(
  plugin: ConnectorPlugin<TConfig>,
  rawConfig: unknown,
  options: ValidateConnectorConfigOptions = {},
): TConfig {
  const { manifest } = plugin;
  const subject = `connector "${manifest.packageName}"${options.connectorId === undefined ? '' : ` (${options.connectorId})`}`;
  let result: ReturnType<typeof manifest.configSchema.safeParse>;
  try {
    result = manifest.configSchema.safeParse(rawConfig);
  } catch (error) {
    throw new TickwireError({
      code: 'PLUGIN_SPEC_UNSUPPORTED',
      message:
        `The config schema of ${subject} threw instead of returning a result (${String((error as Error)?.message ?? error)}). ` +
        'Config schemas must be synchronous zod v4 schemas; report this to the plugin author.',
      cause: error,
    });
  }
  if (result.success) return result.data;

  const secretKeys = manifest.secretConfigKeys ?? [];
  const secretValues = collectSecretValues(rawConfig, { secretKeys });
  const issues = result.error.issues.flatMap((issue) =>
    toConfigIssues(issue as Issue, rawConfig, plugin, options.fieldPathPrefix ?? '', secretKeys).map((configIssue) => ({
      ...configIssue,
      value: maskSecretValuesDeep(configIssue.value, secretValues),
      problem: maskSecretValues(configIssue.problem, secretValues),
      fix: maskSecretValues(configIssue.fix, secretValues),
    })),
  );
  // The ZodError is not attached as the cause: its message repeats custom refinement texts, which may quote secrets.
  throw new ConfigError({ subject, issues });
}

function toConfigIssues(
  issue: Issue,
  rawConfig: unknown,
  plugin: ConnectorPlugin<unknown>,
  prefix: string,
  secretKeys: readonly string[],
): ConfigIssue[] {
  const displayPath = (path: readonly PropertyKey[]) => {
    const formatted = formatPath(path);
    if (prefix === '') return formatted.startsWith('.') ? formatted.slice(1) : formatted;
    return `${prefix}${formatted}`;
  };
  const valueAt = (path: readonly PropertyKey[]) => redactAtPath(path, lookup(rawConfig, path), { secretKeys });

  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(plugin.manifest.configSchema, issue.path);
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      return {
        fieldPath: displayPath(path),
        value: valueAt(path),
        problem: 'unknown field',
        fix:
          `remove "${key}" or correct its spelling` +
          (known.length === 0 ? '' : ` (known fields here: ${known.map((name) => `"${name}"`).join(', ')})`),
      };
    });
  }
  const raw = lookup(rawConfig, issue.path);
  return [
    {
      fieldPath: displayPath(issue.path),
      value: valueAt(issue.path),
      problem: issue.message,
      fix: fixFor(issue, raw, displayPath(issue.path) || 'the config'),
    },
  ];
}

function fixFor(issue: Issue, raw: unknown, field: string): string {
  switch (issue.code) {
    case 'invalid_type':
      return raw === undefined ? `add ${field} (${issue.expected})` : `make ${field} a ${issue.expected}`;
    case 'invalid_value':
      return `use one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return `use ${boundText(issue.origin, issue.inclusive === false ? 'more than' : 'at least', issue.minimum)}`;
    case 'too_big':
      return `use ${boundText(issue.origin, issue.inclusive === false ? 'less than' : 'at most', issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue
        ? `match the pattern ${String(issue.pattern)}`
        : `use a valid ${issue.format}`;
    case 'not_multiple_of':
      return `use a multiple of ${issue.divisor}`;
    case 'invalid_union':
      return `make ${field} match one of the forms the connector documents`;
    default:
      return `correct ${field} as the message says (see the connector's documentation)`;
  }
}

function boundText(origin: string, relation: string, bound: number | bigint): string {
  if (origin === 'string') return `${relation} ${bound} characters`;
  if (origin === 'array' || origin === 'set') return `${relation} ${bound} items`;
  return `a value ${relation} ${bound}`;
}

function lookup(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** The keys a zod object schema declares at `path`, when the schema is plain objects all the way down. */
function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const segment of [...path, undefined]) {
    node = unwrapOptional(node);
    const shape = (node as { shape?: unknown } | undefined)?.shape;
    if (typeof shape !== 'object' || shape === null) return [];
    if (segment === undefined) return Object.keys(shape);
    node = (shape as Record<PropertyKey, unknown>)[segment];
  }
  return [];
}

/** Looks through `.optional()`, `.default()` and similar wrappers (at most a few levels). */
function unwrapOptional(schema: unknown): unknown {
  let node = schema;
  for (let depth = 0; depth < 4; depth++) {
    const unwrap = (node as { unwrap?: unknown } | undefined)?.unwrap;
    if ((node as { shape?: unknown } | undefined)?.shape !== undefined || typeof unwrap !== 'function') return node;
    node = (unwrap as () => unknown).call(node);
  }
  return node;
}
