import { z } from 'zod';

const startsAt = z
  .number()
  .min(0, 'atMs is the delay after connect, in ms, 0 or more')
  .describe('When the fault starts, ms after connect().');
const positiveMs = (what: string) => z.number().positive(`${what} must be above 0 ms`);

/**
 * One scripted fault, started `atMs` after `connect()`. The same faults are available at run time through
 * `connector.faults` (see `SimFaults`).
 */
export const faultStepSchema = z.discriminatedUnion('fault', [
  z.strictObject({
    atMs: startsAt,
    fault: z.literal('disconnect'),
    /** How long the link stays down; left out, until `faults.reconnect()`. */
    forMs: positiveMs('forMs').optional(),
    reason: z.string().optional(),
  }),
  z.strictObject({ atMs: startsAt, fault: z.literal('silence'), forMs: positiveMs('forMs').optional() }),
  z.strictObject({
    atMs: startsAt,
    fault: z.literal('sequence-gap'),
    symbol: z.string().optional(),
    count: z.int().min(1).default(10),
  }),
  z.strictObject({
    atMs: startsAt,
    fault: z.literal('reject-orders'),
    count: z.int().min(1).default(1),
    reason: z.string().optional(),
    when: z.enum(['on-submit', 'after-ack']).default('on-submit'),
  }),
  z.strictObject({
    atMs: startsAt,
    fault: z.literal('delay-acks'),
    extraMs: positiveMs('extraMs'),
    count: z.int().min(1).default(1),
  }),
  z.strictObject({ atMs: startsAt, fault: z.literal('clock-skew'), offsetMs: z.number() }),
]);

/** One validated fault step. */
export type FaultStep = z.output<typeof faultStepSchema>;
