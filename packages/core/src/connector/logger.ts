/** Log severities, lowest first. `silent` as a level turns logging off. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Every {@link LogLevel}, lowest first. */
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

/** Structured fields attached to a log line. Secret-named fields are redacted by the logger. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * A structured logger. The host gives each connector one bound to its id; the default implementation redacts
 * credential-named fields and masks known secret values wherever they appear.
 *
 * On hot paths, guard expensive field building with {@link Logger.isLevelEnabled}.
 */
export interface Logger {
  isLevelEnabled(level: LogLevel): boolean;
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every line, e.g. `{ connector: 'alpaca-paper' }`. */
  child(bindings: LogFields): Logger;
}
