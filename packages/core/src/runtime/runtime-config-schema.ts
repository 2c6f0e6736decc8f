import { z } from 'zod';
import { DATA_KINDS } from '../connector/capabilities';

const connectorIdPattern = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const instrumentSchema = z
  .object({
    assetClass: z.enum(['equity', 'option', 'future', 'fx', 'crypto']).default('equity'),
    /** Smallest price step, e.g. 0.01 for US equities. */
    priceIncrement: z.number().positive(),
    /** Smallest quantity step: 1 for whole shares, 1e-8 for many coins. */
    quantityIncrement: z.number().positive().default(1),
    minQuantity: z.number().positive().optional(),
  })
  .strict();

/** One connector instance: which package, under which name, with which config and subscriptions. */
const connectorEntrySchema = z
  .object({
    /** Instance name used in logs, summaries and order routing; defaults to the package's last name segment. */
    id: z
      .string()
      .regex(connectorIdPattern, 'use lower-case letters, digits, ".", "_" or "-", starting with a letter or digit')
      .optional(),
    /** npm package name of the plugin, e.g. `@tickwire/connector-sim`. */
    package: z.string().min(1, 'name the connector package, e.g. "@tickwire/connector-sim"'),
    /** The plugin's own configuration, checked by the plugin's schema. */
    config: z.unknown().optional(),
    /**
     * The instruments this connector trades and streams, by canonical symbol. They are subscribed at start, known
     * to the risk gate (an order for any other symbol is denied), and their price increment drives the tick
     * format's price-inexact flag.
     */
    instruments: z.record(z.string().min(1), instrumentSchema).default({}),
    /** Data kinds to subscribe for those symbols. */
    kinds: z.array(z.enum(DATA_KINDS as [string, ...string[]])).default(['quotes', 'trades']),
  })
  .strict();

const ringSchema = z
  .object({
    /** Slots per connector ring; a power of two. */
    capacity: z
      .number()
      .int()
      .min(1024)
      .max(2 ** 24)
      .refine((value) => (value & (value - 1)) === 0, 'must be a power of two, e.g. 65536')
      .default(65_536),
    /** `drop-newest` never stalls a connector (drops are counted); `wait` applies backpressure up to the timeout. */
    overflow: z.enum(['wait', 'drop-newest']).default('drop-newest'),
    waitTimeoutMs: z.number().int().min(0).max(60_000).default(100),
  })
  .strict();

const storeSchema = z
  .object({
    /** Directory for per-symbol tick files; created if missing. */
    dir: z.string().min(1),
    flushIntervalMs: z.number().int().min(1).max(60_000).default(10),
    fsync: z.enum(['none', 'interval', 'every-batch']).default('none'),
    /** Rotate a file once it reaches this size. */
    maxFileBytes: z
      .number()
      .int()
      .min(4096)
      .default(1024 ** 3),
  })
  .strict();

const bridgeSchema = z
  .object({
    publishEndpoint: z.string().min(1).optional(),
    intentEndpoint: z.string().min(1).optional(),
    maxBatchRecords: z.number().int().min(1).max(65_536).optional(),
    maxBatchDelayMicros: z.number().int().min(0).max(1_000_000).optional(),
    curve: z
      .object({
        publicKey: z.string().length(40, 'a Z85 CURVE key is 40 characters'),
        secretKey: z.string().length(40, 'a Z85 CURVE key is 40 characters'),
        allowedClientKeys: z.array(z.string().length(40)).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const strategySchema = z
  .object({
    /** `builtin:example` or a module path / package exporting a strategy as default. */
    module: z.string().min(1),
    options: z.unknown().optional(),
  })
  .strict();

const shutdownSchema = z
  .object({
    /** What happens to orders still working at the broker when tickwire stops. */
    openOrders: z.enum(['cancel', 'leave']).default('cancel'),
    /** Upper bound on the whole graceful stop. */
    timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
  })
  .strict();

/** The schema of `tickwire.config.json`. Unknown keys are refused so a typo cannot silently disable a limit. */
export const runtimeConfigSchema = z
  .object({
    connectors: z.array(connectorEntrySchema).min(1, 'configure at least one connector'),
    ring: ringSchema.default({ capacity: 65_536, overflow: 'drop-newest', waitTimeoutMs: 100 }),
    store: storeSchema.optional(),
    bridge: bridgeSchema.optional(),
    /** Hard pre-trade limits (see docs/configuration.md); frozen at start. Default: the conservative built-in set. */
    risk: z.unknown().optional(),
    /** A symbol with no tick for this long is stale, and the risk gate denies orders for it. */
    staleFeedAfterMs: z.number().int().min(10).max(3_600_000).default(5_000),
    strategies: z.array(strategySchema).default([]),
    shutdown: shutdownSchema.default({ openOrders: 'cancel', timeoutMs: 10_000 }),
    /** Append-only JSON-lines audit log of every risk decision; default `./tickwire-audit.jsonl`. */
    auditLog: z.string().min(1).optional(),
  })
  .strict();

/** A validated runtime configuration with defaults applied. */
export type RuntimeConfig = z.output<typeof runtimeConfigSchema>;
/** What a user writes: the input of {@link runtimeConfigSchema}. */
export type RuntimeConfigInput = z.input<typeof runtimeConfigSchema>;
/** One validated connector entry. */
export type ConnectorEntry = RuntimeConfig['connectors'][number];
