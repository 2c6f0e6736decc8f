import { z } from 'zod';

/**
 * The connector's configuration. The host parses the user's config with this schema before `create()`, so a bad
 * value is refused with its field, the value and the fix; `create()` only ever sees the parsed result.
 */
export const skeletonConfigSchema = z.strictObject({
  /** The venue's WebSocket endpoint. */
  url: z.url({ protocol: /^wss?$/ }),
  apiKey: z.string().min(1),
  /** Redacted in every error and log line (its name ends in "secret"). */
  apiSecret: z.string().min(8),
  /** No quote for this long while subscribed counts as a stale feed, ms. */
  dataSilenceMs: z.int().min(50).default(5_000),
  /** No heartbeat for this long means the connection is dead and is re-made, ms. */
  heartbeatSilenceMs: z.int().min(50).default(15_000),
  /** How long a request may wait for its reply, ms. */
  requestTimeoutMs: z.int().min(100).default(10_000),
  /** Reconnect backoff: first delay and cap, ms (full jitter in between). */
  reconnect: z
    .strictObject({
      initialDelayMs: z.int().min(0).default(250),
      maxDelayMs: z.int().min(1).default(30_000),
    })
    .default({ initialDelayMs: 250, maxDelayMs: 30_000 }),
});

/** The parsed configuration `create()` receives. */
export type SkeletonConfig = z.output<typeof skeletonConfigSchema>;
