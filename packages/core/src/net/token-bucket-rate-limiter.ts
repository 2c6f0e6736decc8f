import type { TimerHandle, Timers } from '../connector/clock';
import { systemTimers } from '../connector/system-clock';
import { TickwireError } from '../errors/tickwire-error';
import { readRateLimitHeaders } from './rate-limit-headers';
import type { RateLimiter, ResponseLike } from './rate-limiter';

/** Options for {@link TokenBucketRateLimiter}. */
export interface TokenBucketRateLimiterOptions {
  readonly name: string;
  /** Most tokens held at once: the burst size. */
  readonly capacity: number;
  /** Tokens added per second. */
  readonly refillPerSecond: number;
  /** Tokens at start. Default: full. */
  readonly initialTokens?: number;
  /** How long to back off after a 429 that names no time, ms. Default 1 000. */
  readonly defaultPenaltyMs?: number;
  /** Time source (`context.clock.nowMs`). Default `Date.now`. */
  readonly nowMs?: () => number;
  readonly timers?: Timers;
}

interface Waiter {
  readonly tokens: number;
  readonly resolve: () => void;
  readonly reject: (error: TickwireError) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/**
 * A token bucket for one venue rate limit, which also listens to the venue: a 429 with `Retry-After` or a reset
 * header stops every take until then, and a lower `X-Ratelimit-Remaining` than the local count wins.
 *
 * `take()` waiters are served in arrival order, and `tryTake()` never jumps the queue, so a burst of synchronous
 * callers cannot starve one that is waiting.
 */
export class TokenBucketRateLimiter implements RateLimiter {
  readonly name: string;
  readonly #capacity: number;
  readonly #refillPerMs: number;
  readonly #defaultPenaltyMs: number;
  readonly #nowMs: () => number;
  readonly #timers: Timers;
  #tokens: number;
  #lastRefillMs: number;
  #penaltyUntilMs = 0;
  readonly #waiters: Waiter[] = [];
  #pumpTimer: TimerHandle | undefined;

  constructor(options: TokenBucketRateLimiterOptions) {
    if (!(options.capacity > 0) || !(options.refillPerSecond > 0)) {
      throw new TickwireError({
        code: 'INVALID_ARGUMENT',
        message: `Rate limit "${options.name}" needs capacity > 0 and refillPerSecond > 0; got capacity ${options.capacity}, refillPerSecond ${options.refillPerSecond}. Fix the bucket in the connector's capabilities.`,
      });
    }
    this.name = options.name;
    this.#capacity = options.capacity;
    this.#refillPerMs = options.refillPerSecond / 1000;
    this.#defaultPenaltyMs = options.defaultPenaltyMs ?? 1_000;
    this.#nowMs = options.nowMs ?? (() => Date.now());
    this.#timers = options.timers ?? systemTimers;
    this.#tokens = Math.min(options.capacity, options.initialTokens ?? options.capacity);
    this.#lastRefillMs = this.#nowMs();
  }

  /** Tokens available now (fractional while refilling); 0 during a penalty. */
  get availableTokens(): number {
    const now = this.#nowMs();
    this.#refill(now);
    return now < this.#penaltyUntilMs ? 0 : this.#tokens;
  }

  /** Until when the venue told us to back off, epoch ms; 0 when it has not. */
  get penaltyUntilMs(): number {
    return this.#penaltyUntilMs;
  }

  tryTake(tokens = 1): boolean {
    if (this.#waiters.length > 0) return false;
    return this.#takeNow(tokens);
  }

  take(tokens = 1, signal?: AbortSignal): Promise<void> {
    if (!(tokens > 0) || tokens > this.#capacity) {
      return Promise.reject(
        new TickwireError({
          code: 'INVALID_ARGUMENT',
          message: `Cannot take ${tokens} tokens from rate limit "${this.name}" (capacity ${this.#capacity}); ask for 1..${this.#capacity}.`,
        }),
      );
    }
    if (signal?.aborted) return Promise.reject(abortedError(this.name));
    if (this.#waiters.length === 0 && this.#takeNow(tokens)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        tokens,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(abortedError(this.name));
          this.#pump();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#pump();
    });
  }

  msUntilAvailable(tokens = 1): number {
    const now = this.#nowMs();
    this.#refill(now);
    const penaltyMs = Math.max(0, this.#penaltyUntilMs - now);
    // Refill may be anchored in the future (after a penalty), so count from the anchor.
    const refillMs =
      this.#tokens >= tokens ? 0 : Math.max(0, this.#lastRefillMs - now) + (tokens - this.#tokens) / this.#refillPerMs;
    return Math.ceil(Math.max(penaltyMs, refillMs));
  }

  penalize(untilMs: number): void {
    if (!(untilMs > this.#penaltyUntilMs)) return;
    const now = this.#nowMs();
    this.#refill(now);
    this.#penaltyUntilMs = untilMs;
    // The venue saw more than we counted: when the penalty ends, allow one request (the venue said "retry at"),
    // then refill from there rather than resume with a stale burst.
    this.#tokens = Math.min(1, this.#capacity);
    this.#lastRefillMs = Math.max(now, untilMs);
    this.#reschedule();
  }

  noteResponse(response: ResponseLike): void {
    const now = this.#nowMs();
    const info = readRateLimitHeaders(response.headers, now);
    if (response.status === 429) {
      this.penalize(info.retryAtMs ?? info.resetAtMs ?? now + this.#defaultPenaltyMs);
      return;
    }
    if (info.remaining === undefined) return;
    if (info.remaining === 0 && info.resetAtMs !== undefined && info.resetAtMs > now) {
      this.penalize(info.resetAtMs);
      return;
    }
    this.#refill(now);
    if (info.remaining < this.#tokens) this.#tokens = info.remaining;
  }

  #takeNow(tokens: number): boolean {
    const now = this.#nowMs();
    if (now < this.#penaltyUntilMs) return false;
    this.#refill(now);
    if (this.#tokens < tokens) return false;
    this.#tokens -= tokens;
    return true;
  }

  #refill(now: number): void {
    if (now <= this.#lastRefillMs) return;
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#lastRefillMs) * this.#refillPerMs);
    this.#lastRefillMs = now;
  }

  #pump(): void {
    while (this.#waiters.length > 0) {
      const head = this.#waiters[0]!;
      if (!this.#takeNow(head.tokens)) break;
      this.#waiters.shift();
      head.signal?.removeEventListener('abort', head.onAbort);
      head.resolve();
    }
    this.#reschedule();
  }

  #reschedule(): void {
    this.#timers.clearTimeout(this.#pumpTimer);
    this.#pumpTimer = undefined;
    const head = this.#waiters[0];
    if (head === undefined) return;
    this.#pumpTimer = this.#timers.setTimeout(
      () => {
        this.#pumpTimer = undefined;
        this.#pump();
      },
      Math.max(1, this.msUntilAvailable(head.tokens)),
    );
  }
}

function abortedError(name: string): TickwireError {
  return new TickwireError({
    code: 'ABORTED',
    message: `Waiting on rate limit "${name}" was cancelled because its signal aborted; nothing to do.`,
  });
}
