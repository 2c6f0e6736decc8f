/**
 * Constants of bridge protocol v1. docs/bridge-protocol.md is the contract; every number here appears there, and a
 * change to any of them is a protocol change.
 */

/** The one protocol version this bridge speaks. Every JSON message carries it as `v`. */
export const BRIDGE_PROTOCOL_VERSION = 1;

/** Versions a client may ask for in `hello`; the bridge answers with the highest one both sides know. */
export const SUPPORTED_BRIDGE_PROTOCOL_VERSIONS: readonly number[] = [1];

/** Default endpoint of the PUB socket (ticks, order updates, heartbeats). Loopback, so no keys are needed. */
export const DEFAULT_PUBLISH_ENDPOINT = 'tcp://127.0.0.1:7701';

/** Default endpoint of the ROUTER socket (order intents and their replies). */
export const DEFAULT_INTENT_ENDPOINT = 'tcp://127.0.0.1:7702';

/** Bytes of the fixed header in front of the records of every tick batch (see {@link writeTickBatchHeader}). */
export const TICK_BATCH_HEADER_SIZE = 16;

/** Topic prefix of tick batches: `t.<source decimal>.<symbol id as 8 lowercase hex digits>`. */
export const TICK_TOPIC_PREFIX = 't.';

/** Topic prefix of order updates: `o.<stream>.`, where the stream is the owning client's name. */
export const ORDER_UPDATE_TOPIC_PREFIX = 'o.';

/** Topic of the bridge's heartbeat on the PUB socket. */
export const HEARTBEAT_TOPIC = 'h.';

/** The order-update stream of orders no bridge client submitted (in-process strategies, the kill switch). */
export const UNOWNED_ORDER_STREAM = '_';

/** A client name: starts with a letter or digit; letters, digits, `_` and `-`; at most 64 characters. */
export const CLIENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** An intent id: 1 to 64 characters from letters, digits, `_`, `-`, `.` and `:`. */
export const INTENT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Default interval of bridge heartbeats (PUB) and of the pings clients are asked to send (ROUTER). */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 1000;

/** A peer is considered gone after this many heartbeat intervals of silence. */
export const HEARTBEAT_MISSES_BEFORE_DEAD = 3;

/** Intent messages larger than this get an `error` reply with code `too-large`. */
export const DEFAULT_MAX_INTENT_BYTES = 64 * 1024;

/** libzmq drops the connection of a peer that sends a message larger than this (no reply is possible). */
export const DEFAULT_HARD_MAX_MESSAGE_BYTES = 1024 * 1024;

/** Replies remembered for duplicate detection and replay, across all clients (oldest evicted first). */
export const DEFAULT_REPLY_CACHE_CAPACITY = 100_000;

/** Order updates remembered for `replay-updates`, across all streams (oldest evicted first). */
export const DEFAULT_ORDER_UPDATE_REPLAY_CAPACITY = 10_000;

/** At most this many order updates go in one `order-updates` reply; the client asks again for the rest. */
export const ORDER_UPDATES_PER_REPLY = 500;

/** Intents still waiting for the intent handler; beyond this, new intents get an `error` with code `overloaded`. */
export const DEFAULT_MAX_PENDING_INTENTS = 10_000;

/** How long the intent handler may take before the reply becomes `unknown-outcome`. */
export const DEFAULT_INTENT_TIMEOUT_MS = 5000;

/** Default tick batch size: a batch is sent once it holds this many records. */
export const DEFAULT_MAX_BATCH_RECORDS = 256;

/** Default tick batch age: a batch is sent once its oldest record waited this long. */
export const DEFAULT_MAX_BATCH_DELAY_MICROS = 500;

/** Default ZeroMQ send high-water mark of the PUB socket, in messages per subscriber. */
export const DEFAULT_PUBLISH_HIGH_WATER_MARK = 10_000;

/** Codes of `error` replies. Each means no order was attempted: fix the message and send it again. */
export const BRIDGE_ERROR_CODES = [
  'malformed-json',
  'invalid-message',
  'unknown-field',
  'invalid-field',
  'unsupported-version',
  'unknown-type',
  'too-large',
  'bad-frames',
  'overloaded',
  'shutting-down',
] as const;

/** A code of an `error` reply; see docs/bridge-protocol.md, "Errors". */
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];
