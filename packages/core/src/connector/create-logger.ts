import { maskSecretValues, maskSecretValuesDeep, redact } from '../errors/redact';
import { TickwireError } from '../errors/tickwire-error';
import { LOG_LEVELS, type LogFields, type Logger, type LogLevel } from './logger';

/** One line as the logger hands it to its writer, after redaction. */
export interface LogRecord {
  /** Epoch milliseconds. */
  readonly timeMs: number;
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
}

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Lowest level written, or `silent` for none. Default `info`. */
  readonly level?: LogLevel | 'silent';
  /** Where records go. Default: one JSON object per line on stderr. */
  readonly write?: (record: LogRecord) => void;
  /** Fields on every line. */
  readonly bindings?: LogFields;
  /** Secret values (API keys, passphrases) masked wherever they appear, even inside messages. */
  readonly secretValues?: Iterable<string>;
  /** Extra field names to treat as secret (see `redact`). */
  readonly secretKeys?: Iterable<string>;
  /** Time source. Default `Date.now`. */
  readonly nowMs?: () => number;
}

/**
 * The default {@link Logger}: levels, structured fields, child loggers, and redaction of secrets by field name and
 * by value. Errors in fields are written as `{ name, code, message, stack }`, not as `{}`.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const threshold = options.level === 'silent' ? LOG_LEVELS.length : LOG_LEVELS.indexOf(options.level ?? 'info');
  const settings: LoggerSettings = {
    threshold,
    write: options.write ?? writeJsonLineToStderr,
    secretValues: [...(options.secretValues ?? [])].filter((value) => value.length >= 4),
    secretKeys: [...(options.secretKeys ?? [])],
    nowMs: options.nowMs ?? (() => Date.now()),
  };
  return new RedactingLogger(settings, options.bindings ?? {});
}

/** Writes a record as one JSON line on stderr: `{"time":..., "level":..., "message":..., ...fields}`. */
export function writeJsonLineToStderr(record: LogRecord): void {
  process.stderr.write(
    `${JSON.stringify({ time: new Date(record.timeMs).toISOString(), level: record.level, message: record.message, ...record.fields })}\n`,
  );
}

interface LoggerSettings {
  readonly threshold: number;
  readonly write: (record: LogRecord) => void;
  readonly secretValues: readonly string[];
  readonly secretKeys: readonly string[];
  readonly nowMs: () => number;
}

class RedactingLogger implements Logger {
  readonly #settings: LoggerSettings;
  readonly #bindings: LogFields;

  constructor(settings: LoggerSettings, bindings: LogFields) {
    this.#settings = settings;
    this.#bindings = bindings;
  }

  isLevelEnabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) >= this.#settings.threshold;
  }

  trace(message: string, fields?: LogFields): void {
    this.#log('trace', message, fields);
  }
  debug(message: string, fields?: LogFields): void {
    this.#log('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.#log('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.#log('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.#log('error', message, fields);
  }

  child(bindings: LogFields): Logger {
    return new RedactingLogger(this.#settings, { ...this.#bindings, ...bindings });
  }

  #log(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (!this.isLevelEnabled(level)) return;
    const merged = fields === undefined ? this.#bindings : { ...this.#bindings, ...fields };
    const serializable = Object.fromEntries(Object.entries(merged).map(([key, value]) => [key, serializeError(value)]));
    const redacted = redact(serializable, { secretKeys: this.#settings.secretKeys });
    const { secretValues } = this.#settings;
    const masked = secretValues.length === 0 ? redacted : (maskSecretValuesDeep(redacted, secretValues) as LogFields);
    try {
      this.#settings.write({
        timeMs: this.#settings.nowMs(),
        level,
        message: secretValues.length === 0 ? message : maskSecretValues(message, secretValues),
        fields: masked,
      });
    } catch {
      // A broken log sink must never take a connector down.
    }
  }
}

function serializeError(value: unknown): unknown {
  if (TickwireError.isInstance(value)) return { ...value.toJSON(), stack: value.stack };
  if (value instanceof Error) {
    const { code } = value as { code?: unknown };
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }), stack: value.stack };
  }
  return value;
}
