import type { z } from 'zod';
import { formatPath } from '../connector/manifest-schema';
import { ConfigError, type ConfigIssue } from '../errors/config-error';
import { redactAtPath } from '../errors/redact';
import { type RuntimeConfig, runtimeConfigSchema } from './runtime-config-schema';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `remove ${issue.keys.map((key) => JSON.stringify(key)).join(', ')} or check the spelling against docs/configuration.md`;
    case 'invalid_type':
      return `set it to a ${issue.expected}`;
    case 'invalid_value':
      return `use one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return `use a value of at least ${String(issue.minimum)}`;
    case 'too_big':
      return `use a value of at most ${String(issue.maximum)}`;
    default:
      return 'see docs/configuration.md for this key';
  }
}

/**
 * Checks a runtime configuration (the parsed JSON of `tickwire.config.json`, or an app's object) and applies
 * defaults. Throws a {@link ConfigError} listing every problem with its field path, the value and the fix.
 *
 * @param source - where the config came from, quoted in the error (a file path, or `createRuntime()`).
 */
export function parseRuntimeConfig(raw: unknown, source = 'createRuntime()'): RuntimeConfig {
  const result = runtimeConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    const formatted = formatPath(path);
    return {
      fieldPath: formatted.startsWith('.') ? formatted.slice(1) : formatted,
      value: issue.code === 'unrecognized_keys' ? issue.keys : redactAtPath(path, valueAt(raw, path)),
      problem: issue.message,
      fix: fixFor(issue),
    };
  });
  throw new ConfigError({ subject: `tickwire configuration (${source})`, issues });
}
