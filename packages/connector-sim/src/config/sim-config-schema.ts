import { z } from 'zod';
import { faultStepSchema } from '../faults/fault-step-schema';
import { DEFAULT_SIM_SYMBOLS, type SimSymbolSpec } from '../market/sim-symbol';
import { resolveSimSymbol, simSymbolSchema } from './sim-symbol-schema';

/**
 * Where the simulated venue's market data comes from. Only `synthetic` exists today (price processes). Replay of
 * recorded tick files is planned as a second kind; it will plug in behind the same `SimFeed` interface.
 */
export const SIM_FEED_KINDS = ['synthetic'] as const;

/** A {@link SIM_FEED_KINDS} value. */
export type SimFeedKind = (typeof SIM_FEED_KINDS)[number];

/**
 * The sim connector's configuration. `{}` is a complete configuration: four symbols at about 4,000 ticks/s in
 * total, 2 ms order acknowledgements, 1 ms event latency, a 1,000,000 USD account.
 */
export const simConfigSchema = z
  .strictObject({
    feed: z.enum(SIM_FEED_KINDS).default('synthetic').describe('Market data source: synthetic price processes.'),
    seed: z.int().default(1).describe('Seed of every random draw; the same seed and clock replay the same market.'),
    symbols: z
      .array(simSymbolSchema)
      .min(1, 'symbols needs at least one entry; leave it out to get the default market')
      .optional()
      .describe('The simulated symbols; the four defaults when left out.'),
    rateMultiplier: z
      .number()
      .positive('rateMultiplier must be above 0; 50 turns the default 4,000 ticks/s into 200,000')
      .default(1)
      .describe('Multiplies every symbol quote and trade rate.'),
    tickIntervalMs: z
      .number()
      .min(0.1, 'tickIntervalMs must be at least 0.1 ms; 1 is a good default')
      .default(1)
      .describe('How often the market generates the ticks due; any interval keeps the average rates exact.'),
    maxCatchUpMs: z.number().positive().default(1000).describe('Simulated time skipped when the loop stalls longer.'),
    latency: z
      .strictObject({
        ackMs: z.number().min(0).default(2).describe('Request to venue: submit, cancel and replace answers.'),
        fillMs: z.number().min(0).default(1).describe('Venue to client: every order event, fills included.'),
        connectMs: z.number().min(0).default(0).describe('Time connect() takes.'),
      })
      .prefault({}),
    account: z
      .strictObject({
        id: z.string().min(1).default('SIM-ACCOUNT'),
        currency: z.string().min(1).default('USD'),
        startingCash: z.number().min(0).default(1_000_000),
      })
      .prefault({}),
    feeRate: z.number().min(0).max(0.1).default(0).describe('Fee per fill as a fraction of its notional.'),
    tradingDayMs: z.number().positive().default(86_400_000).describe('day orders expire at the end of this day.'),
    staleAfterMs: z.number().positive().default(2000).describe('Data silence reported as a stale feed.'),
    heartbeatIntervalMs: z.number().positive().default(500).describe('Venue heartbeats, sent even while silenced.'),
    fillHistoryLimit: z.int().positive().default(100_000),
    faults: z.array(faultStepSchema).default([]).describe('Faults to inject, timed from connect().'),
  })
  .superRefine((config, context) => {
    const seen = new Set<string>();
    (config.symbols ?? []).forEach((entry, index) => {
      const symbol = typeof entry === 'string' ? entry : entry.symbol;
      if (seen.has(symbol)) {
        context.addIssue({
          code: 'custom',
          path: ['symbols', index],
          message: `symbol ${JSON.stringify(symbol)} is listed twice; list each symbol once`,
        });
      }
      seen.add(symbol);
    });
  })
  .transform((config) => {
    const symbols: SimSymbolSpec[] = (config.symbols?.map(resolveSimSymbol) ?? [...DEFAULT_SIM_SYMBOLS]).map(
      (spec) => ({
        ...spec,
        quoteRate: spec.quoteRate * config.rateMultiplier,
        tradeRate: spec.tradeRate * config.rateMultiplier,
      }),
    );
    return { ...config, symbols };
  });

/** The sim connector's configuration as written (the schema's input). */
export type SimConfigInput = z.input<typeof simConfigSchema>;

/** The validated configuration, with defaults applied and symbols resolved to full specs. */
export type SimConfig = z.output<typeof simConfigSchema>;
