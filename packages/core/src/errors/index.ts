export { ConfigError, type ConfigErrorOptions, type ConfigIssue, describeConfigValue } from './config-error';
export { isTickwireErrorCode, TICKWIRE_ERROR_CODES, type TickwireErrorCode } from './error-codes';
export { OrderError, type OrderErrorCode, type OrderErrorOptions } from './order-error';
export { PluginError, type PluginErrorCode, type PluginErrorOptions } from './plugin-error';
export { RateLimitedError, type RateLimitedErrorOptions } from './rate-limited-error';
export {
  collectSecretValues,
  isSecretKey,
  maskSecretValues,
  REDACTED,
  type RedactOptions,
  redact,
  redactAtPath,
  redactUrl,
} from './redact';
export {
  hasMarker,
  isTickwireError,
  type SerializedTickwireError,
  TICKWIRE_ERROR_MARKER_KEY,
  TickwireError,
  type TickwireErrorDetails,
  type TickwireErrorOptions,
  toTickwireError,
} from './tickwire-error';
