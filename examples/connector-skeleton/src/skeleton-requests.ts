import { TickwireError, type TimerHandle, type Timers } from '@tickwire/core';
import type { SkeletonRequest, SkeletonServerMessage } from './skeleton-protocol';

/** A reply: any server message that carries a request id. */
export type SkeletonReply = Extract<SkeletonServerMessage, { readonly id: number }>;

interface PendingRequest {
  readonly op: string;
  readonly resolve: (reply: SkeletonReply) => void;
  readonly reject: (error: TickwireError) => void;
  readonly timer: TimerHandle;
}

/**
 * Matches replies to requests by id. A request that gets no reply in time rejects with `TIMEOUT`; when the
 * connection drops, every pending request rejects with the drop's error (the caller decides whether that means
 * the outcome is unknown).
 */
export class SkeletonRequests {
  #nextId = 1;
  readonly #pending = new Map<number, PendingRequest>();

  constructor(
    private readonly send: (frame: string) => void,
    private readonly timers: Timers,
    private readonly timeoutMs: number,
  ) {}

  /** Sends `request` and resolves with its reply (an `error` reply too: mapping it is the caller's job). */
  request(request: SkeletonRequest): Promise<SkeletonReply> {
    const id = this.#nextId++;
    return new Promise<SkeletonReply>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.#pending.delete(id);
        reject(
          new TickwireError({
            code: 'TIMEOUT',
            message: `Skeleton Exchange did not answer "${request.op}" (request ${id}) within ${this.timeoutMs} ms. Check the venue's status, or raise requestTimeoutMs.`,
          }),
        );
      }, this.timeoutMs);
      this.#pending.set(id, { op: request.op, resolve, reject, timer });
      try {
        this.send(JSON.stringify({ ...request, id }));
      } catch (error) {
        this.timers.clearTimeout(timer);
        this.#pending.delete(id);
        reject(error as TickwireError);
      }
    });
  }

  /** Hands a reply to its request; returns false when no request is waiting for that id. */
  settle(reply: SkeletonReply): boolean {
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return false;
    this.#pending.delete(reply.id);
    this.timers.clearTimeout(pending.timer);
    pending.resolve(reply);
    return true;
  }

  /** Rejects every waiting request with `error` (the connection is gone). */
  failAll(error: TickwireError): void {
    for (const pending of this.#pending.values()) {
      this.timers.clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
  }
}
