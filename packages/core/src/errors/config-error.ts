import { REDACTED } from './redact';
import { hasMarker, TickwireError } from './tickwire-error';

const configMarker = Symbol.for('tickwire.error.ConfigError');

/** One problem in a configuration: where, what was there, and how to fix it. */
export interface ConfigIssue {
  /** Display path of the field, e.g. `connectors[0].config.feed`. Empty for the whole object. */
  readonly fieldPath: string;
  /** The value found there, already redacted when the field is secret-like; `undefined` when the field is missing. */
  readonly value: unknown;
  /** What is wrong, e.g. `expected one of "iex"|"sip"`. */
  readonly problem: string;
  /** What to change. */
  readonly fix: string;
}

/** What a {@link ConfigError} is built from. */
export interface ConfigErrorOptions {
  /** What was being configured, e.g. `connector @tickwire/connector-alpaca` or `tickwire.config.json`. */
  readonly subject: string;
  /** At least one problem. */
  readonly issues: readonly ConfigIssue[];
  readonly cause?: unknown;
}

/**
 * A configuration was refused (code `CONFIG_INVALID`). Lists every problem found, each with the field path, the
 * (redacted) value and the fix, so the user corrects them all in one pass.
 */
export class ConfigError extends TickwireError<'CONFIG_INVALID'> {
  // Read through hasMarker(), by this copy of core or any other.
  protected readonly [configMarker] = true;
  override readonly name: string = 'ConfigError';
  /** Every problem found, in the order the schema reported them. */
  readonly issues: readonly ConfigIssue[];
  /** The first problem's field path. */
  readonly fieldPath: string;
  /** The first problem's value (redacted when secret-like). */
  readonly value: unknown;
  /** The first problem's fix. */
  readonly fix: string;

  constructor(options: ConfigErrorOptions) {
    const first = options.issues[0] ?? { fieldPath: '', value: undefined, problem: 'invalid', fix: 'check it' };
    super({
      code: 'CONFIG_INVALID',
      message: formatConfigMessage(options.subject, options.issues.length > 0 ? options.issues : [first]),
      cause: options.cause,
      details: { subject: options.subject, issues: options.issues },
    });
    this.issues = options.issues;
    this.fieldPath = first.fieldPath;
    this.value = first.value;
    this.fix = first.fix;
  }

  /** True for a `ConfigError` from any installed copy of core. */
  static override isInstance(value: unknown): value is ConfigError {
    return TickwireError.isInstance(value) && hasMarker(value, configMarker);
  }
}

/** Renders a value for a message: strings quoted, objects as JSON, cut short so one bad field cannot flood a log. */
export function describeConfigValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (typeof value === 'string' && value.startsWith(REDACTED)) return value;
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return String(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return String(value);
  }
}

function formatConfigMessage(subject: string, issues: readonly ConfigIssue[]): string {
  const lines = issues.map(
    (issue) =>
      `  - ${issue.fieldPath || '(root)'}: ${issue.problem}; got ${describeConfigValue(issue.value)}. Fix: ${issue.fix}`,
  );
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return `Invalid configuration for ${subject} (${count}):\n${lines.join('\n')}`;
}
