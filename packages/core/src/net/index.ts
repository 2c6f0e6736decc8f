export { abortableDelay } from './abortable-delay';
export {
  type BackoffPolicy,
  backoffCeilingMs,
  backoffDelayMs,
  DEFAULT_BACKOFF_POLICY,
  resolveBackoffPolicy,
} from './backoff';
export {
  type ClockSkewEstimate,
  ClockSkewEstimator,
  type ClockSkewEstimatorOptions,
  type ClockSkewSample,
} from './clock-skew-estimator';
export { type ContextSocketOptions, contextSocketOptions } from './context-socket-options';
export {
  type FetchRetryInfo,
  type FetchRetryPolicy,
  type FetchWithRateLimitOptions,
  fetchWithRateLimit,
} from './fetch-with-rate-limit';
export { openNodeSocket } from './node-socket-factory';
export { openNodeWebSocket } from './node-websocket-factory';
export {
  parseRateLimitReset,
  parseRetryAfter,
  type RateLimitHeaderInfo,
  readRateLimitHeaders,
} from './rate-limit-headers';
export type { HeadersLike, RateLimiter, RateLimiterFactory, ResponseLike } from './rate-limiter';
export { ReconnectingWebSocket } from './reconnecting-websocket';
export type {
  ReconnectingWebSocketOptions,
  ReconnectScheduled,
  WebSocketOpenContext,
} from './reconnecting-websocket-options';
export {
  type ResumeEvent,
  type SilenceEvent,
  type SilenceKind,
  SilenceWatchdog,
  type SilenceWatchdogOptions,
} from './silence-watchdog';
export type { SocketFactory, SocketLike, SocketOpenOptions } from './socket-like';
export { SubscriptionSet, type SubscriptionsByChannel } from './subscription-set';
export { TokenBucketRateLimiter, type TokenBucketRateLimiterOptions } from './token-bucket-rate-limiter';
export { classifySocketClose, classifySocketError } from './websocket-errors';
export {
  messageDataToBuffer,
  WEBSOCKET_READY_STATE,
  type WebSocketFactory,
  type WebSocketLike,
  type WebSocketMessageData,
  type WebSocketOpenOptions,
} from './websocket-like';
