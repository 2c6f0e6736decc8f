import { ConfigError, type ConfigIssue } from '../errors';
import { type BridgeCurveKeys, bindPolicyIssues } from './bind-policy';
import {
  DEFAULT_HARD_MAX_MESSAGE_BYTES,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_INTENT_ENDPOINT,
  DEFAULT_INTENT_TIMEOUT_MS,
  DEFAULT_MAX_BATCH_DELAY_MICROS,
  DEFAULT_MAX_BATCH_RECORDS,
  DEFAULT_MAX_INTENT_BYTES,
  DEFAULT_MAX_PENDING_INTENTS,
  DEFAULT_ORDER_UPDATE_REPLAY_CAPACITY,
  DEFAULT_PUBLISH_ENDPOINT,
  DEFAULT_PUBLISH_HIGH_WATER_MARK,
  DEFAULT_REPLY_CACHE_CAPACITY,
} from './bridge-protocol';
import type { OrderIntentHandler } from './intent-handler';

/** How to run a bridge. Every field is optional; the defaults are loopback endpoints and the protocol's defaults. */
export interface BridgeOptions {
  /** PUB endpoint for ticks, order updates and heartbeats. `tcp://127.0.0.1:*` picks a free port. */
  readonly publishEndpoint?: string;
  /** ROUTER endpoint for order intents. Used only when an {@link intentHandler} is given. */
  readonly intentEndpoint?: string;
  /** Where intents go. Without one the bridge publishes only and binds no intent socket. */
  readonly intentHandler?: OrderIntentHandler;
  /** CURVE keys: required when an endpoint is not on loopback; optional (an explicit opt-in) on loopback. */
  readonly curve?: BridgeCurveKeys;
  /** A tick batch is sent once it holds this many records. Default 256. */
  readonly maxBatchRecords?: number;
  /** A tick batch is sent once its oldest record waited this long; 0 sends at the end of each call. Default 500. */
  readonly maxBatchDelayMicros?: number;
  /** Messages queued per subscriber before libzmq drops for it. Default 10,000. */
  readonly publishHighWaterMark?: number;
  /** Interval of heartbeats on the PUB socket, and of the pings clients are asked to send. Default 1000 ms. */
  readonly heartbeatIntervalMs?: number;
  /** How long the handler may take before the reply is `unknown-outcome`. Default 5000 ms. */
  readonly intentTimeoutMs?: number;
  /** Intents waiting for the handler before new ones get `overloaded`. Default 10,000. */
  readonly maxPendingIntents?: number;
  /** Intent messages above this size get `too-large`. Default 64 KiB. */
  readonly maxIntentBytes?: number;
  /** libzmq drops a peer that sends a message above this size. Default 1 MiB. */
  readonly hardMaxMessageBytes?: number;
  /** Replies kept for duplicates and replay, over all clients. Default 100,000. */
  readonly replyCacheCapacity?: number;
  /** Order updates kept for `replay-updates`, over all streams. Default 10,000. */
  readonly orderUpdateReplayCapacity?: number;
  /** On stop, how long to wait for intents still with the handler. Default 2000 ms. */
  readonly stopDrainTimeoutMs?: number;
  /** On stop, how long libzmq keeps trying to deliver queued messages. Default 500 ms. */
  readonly lingerMs?: number;
}

/** {@link BridgeOptions} with every default applied. */
export interface ResolvedBridgeOptions {
  readonly publishEndpoint: string;
  readonly intentEndpoint: string | null;
  readonly intentHandler: OrderIntentHandler | undefined;
  readonly curve: BridgeCurveKeys | undefined;
  readonly maxBatchRecords: number;
  readonly maxBatchDelayMicros: number;
  readonly publishHighWaterMark: number;
  readonly heartbeatIntervalMs: number;
  readonly intentTimeoutMs: number;
  readonly maxPendingIntents: number;
  readonly maxIntentBytes: number;
  readonly hardMaxMessageBytes: number;
  readonly replyCacheCapacity: number;
  readonly orderUpdateReplayCapacity: number;
  readonly stopDrainTimeoutMs: number;
  readonly lingerMs: number;
}

type NumericOption = {
  [K in keyof ResolvedBridgeOptions]: ResolvedBridgeOptions[K] extends number ? K : never;
}[keyof ResolvedBridgeOptions];

const numericBounds: Record<NumericOption, readonly [min: number, max: number, fallback: number]> = {
  maxBatchRecords: [1, 65536, DEFAULT_MAX_BATCH_RECORDS],
  maxBatchDelayMicros: [0, 10_000_000, DEFAULT_MAX_BATCH_DELAY_MICROS],
  publishHighWaterMark: [0, 100_000_000, DEFAULT_PUBLISH_HIGH_WATER_MARK],
  heartbeatIntervalMs: [10, 3_600_000, DEFAULT_HEARTBEAT_INTERVAL_MS],
  intentTimeoutMs: [1, 3_600_000, DEFAULT_INTENT_TIMEOUT_MS],
  maxPendingIntents: [1, 10_000_000, DEFAULT_MAX_PENDING_INTENTS],
  maxIntentBytes: [256, 64 * 1024 * 1024, DEFAULT_MAX_INTENT_BYTES],
  hardMaxMessageBytes: [256, 1024 * 1024 * 1024, DEFAULT_HARD_MAX_MESSAGE_BYTES],
  replyCacheCapacity: [1, 100_000_000, DEFAULT_REPLY_CACHE_CAPACITY],
  orderUpdateReplayCapacity: [0, 100_000_000, DEFAULT_ORDER_UPDATE_REPLAY_CAPACITY],
  stopDrainTimeoutMs: [0, 3_600_000, 2000],
  lingerMs: [0, 3_600_000, 500],
};

/**
 * Applies defaults and checks every option, including the bind policy: an endpoint off loopback without CURVE keys
 * is refused here, before any socket exists.
 *
 * @throws ConfigError listing every problem, each with the field, the value and the fix.
 */
export function resolveBridgeOptions(options: BridgeOptions): ResolvedBridgeOptions {
  const issues: ConfigIssue[] = [];
  const numbers = {} as Record<NumericOption, number>;
  for (const [field, [min, max, fallback]] of Object.entries(numericBounds) as [
    NumericOption,
    typeof numericBounds.lingerMs,
  ][]) {
    const value = options[field] ?? fallback;
    numbers[field] = value;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      issues.push({
        fieldPath: field,
        value,
        problem: `must be a number from ${min} to ${max}`,
        fix: `use ${fallback} (the default) or a value in range`,
      });
    }
  }
  if (numbers.hardMaxMessageBytes < numbers.maxIntentBytes) {
    issues.push({
      fieldPath: 'hardMaxMessageBytes',
      value: numbers.hardMaxMessageBytes,
      problem: `is below maxIntentBytes (${numbers.maxIntentBytes}), so oversized messages would drop the connection instead of getting an error reply`,
      fix: 'make hardMaxMessageBytes at least maxIntentBytes',
    });
  }
  const resolved: ResolvedBridgeOptions = {
    ...numbers,
    publishEndpoint: options.publishEndpoint ?? DEFAULT_PUBLISH_ENDPOINT,
    intentEndpoint: options.intentHandler === undefined ? null : (options.intentEndpoint ?? DEFAULT_INTENT_ENDPOINT),
    intentHandler: options.intentHandler,
    curve: options.curve,
  };
  issues.push(...bindPolicyIssues(resolved));
  if (
    resolved.intentEndpoint === resolved.publishEndpoint &&
    !resolved.publishEndpoint.endsWith(':*') &&
    !resolved.publishEndpoint.endsWith(':0')
  ) {
    issues.push({
      fieldPath: 'intentEndpoint',
      value: resolved.intentEndpoint,
      problem: 'is the same as publishEndpoint',
      fix: 'give the intent socket an endpoint of its own',
    });
  }
  if (issues.length > 0) throw new ConfigError({ subject: 'the ZeroMQ bridge', issues });
  return resolved;
}
