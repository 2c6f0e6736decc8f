import { TickwireError } from '../errors/tickwire-error';

/**
 * Exponential backoff. The ceiling of retry `n` (0-based) is `min(maxDelayMs, initialDelayMs * multiplier^n)`.
 */
export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
}

/** 250 ms doubling up to 30 s: fast enough for a blip, slow enough not to hammer a broker that is down. */
export const DEFAULT_BACKOFF_POLICY: BackoffPolicy = { initialDelayMs: 250, maxDelayMs: 30_000, multiplier: 2 };

/** The ceiling of retry `attempt` (0-based) under `policy`, before jitter. */
export function backoffCeilingMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF_POLICY): number {
  const exponential = policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt);
  return Math.min(policy.maxDelayMs, Number.isFinite(exponential) ? exponential : policy.maxDelayMs);
}

/**
 * The delay before retry `attempt` (0-based) with full jitter: uniform in [0, ceiling). Full jitter spreads the
 * reconnects of many clients after a broker outage, so they do not return in lockstep.
 *
 * @param random - uniform in [0, 1); inject a seeded one in tests.
 */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF_POLICY,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffCeilingMs(attempt, policy));
}

/** Fills the fields of a partial policy from {@link DEFAULT_BACKOFF_POLICY}, refusing nonsense values. */
export function resolveBackoffPolicy(partial: Partial<BackoffPolicy> = {}): BackoffPolicy {
  const policy = { ...DEFAULT_BACKOFF_POLICY, ...partial };
  if (!(policy.initialDelayMs >= 0) || !(policy.maxDelayMs >= policy.initialDelayMs) || !(policy.multiplier >= 1)) {
    throw new TickwireError({
      code: 'INVALID_ARGUMENT',
      message: `Invalid backoff policy ${JSON.stringify(policy)}: need initialDelayMs >= 0, maxDelayMs >= initialDelayMs and multiplier >= 1. Fix the backoff option.`,
    });
  }
  return policy;
}
