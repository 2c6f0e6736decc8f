import type { OrderRequest } from '../domain/order-request';

/** What a gate decision was about. */
export const DecisionKind = {
  SUBMIT: 0,
  REPLACE: 1,
  CANCEL: 2,
  /** A kill-switch cancel: always allowed and exempt from the cancel rate, but still recorded. */
  EMERGENCY_CANCEL: 3,
} as const;

/** One of {@link DecisionKind}'s values. */
export type DecisionKindCode = (typeof DecisionKind)[keyof typeof DecisionKind];

/** Where the risk gate sends its decisions and its other audit-worthy events. */
export interface RiskDecisionRecorder {
  /**
   * Records one decision. Called on the gate's hot path, so an implementation must not allocate: keep the
   * numbers and the references, serialize later.
   *
   * @param subject - the order (submit, replace) or the client order id (cancel).
   * @param extra - for a replace, the open quantity of the order being replaced; otherwise 0.
   */
  recordDecision(
    timeMs: number,
    kind: DecisionKindCode,
    code: number,
    subject: OrderRequest | string,
    symbol: string,
    extra: number,
  ): void;
  /** Records an event that is not a per-order decision (kill switch, trading state). Off the hot path. */
  recordEvent(event: Readonly<Record<string, unknown>>): void;
}

const FIELDS = 4; // timeMs, kind, code, extra

/**
 * A preallocated ring of gate decisions: numbers in one Float64Array, references (the order, the symbol) in two
 * arrays of fixed length. Recording writes into existing slots and allocates nothing; the audit log drains the ring
 * and serializes off the hot path.
 */
export class DecisionRing {
  readonly capacity: number;
  private readonly numbers: Float64Array;
  private readonly subjects: Array<OrderRequest | string | undefined>;
  private readonly symbols: Array<string | undefined>;
  private head = 0;
  private size = 0;

  constructor(capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw new RangeError(`DecisionRing: capacity must be a whole number >= 1; got ${capacity}.`);
    }
    this.capacity = capacity;
    this.numbers = new Float64Array(capacity * FIELDS);
    this.subjects = Array.from({ length: capacity }, () => undefined);
    this.symbols = Array.from({ length: capacity }, () => undefined);
  }

  /** Decisions waiting to be drained. */
  get length(): number {
    return this.size;
  }

  /** True when the next push would not fit. */
  get full(): boolean {
    return this.size === this.capacity;
  }

  /** Appends one decision; returns false (storing nothing) when the ring is full. */
  push(
    timeMs: number,
    kind: number,
    code: number,
    subject: OrderRequest | string,
    symbol: string,
    extra: number,
  ): boolean {
    if (this.size === this.capacity) return false;
    const slot = (this.head + this.size) % this.capacity;
    const base = slot * FIELDS;
    this.numbers[base] = timeMs;
    this.numbers[base + 1] = kind;
    this.numbers[base + 2] = code;
    this.numbers[base + 3] = extra;
    this.subjects[slot] = subject;
    this.symbols[slot] = symbol;
    this.size++;
    return true;
  }

  /**
   * Hands every waiting decision to `visit`, oldest first, then empties the ring. Returns how many were drained.
   * References are released as they are drained, so orders do not outlive their audit record.
   */
  drain(
    visit: (
      timeMs: number,
      kind: number,
      code: number,
      subject: OrderRequest | string,
      symbol: string,
      extra: number,
    ) => void,
  ): number {
    const drained = this.size;
    for (let index = 0; index < drained; index++) {
      const slot = (this.head + index) % this.capacity;
      const base = slot * FIELDS;
      const subject = this.subjects[slot] as OrderRequest | string;
      const symbol = this.symbols[slot] as string;
      this.subjects[slot] = undefined;
      this.symbols[slot] = undefined;
      visit(
        this.numbers[base] as number,
        this.numbers[base + 1] as number,
        this.numbers[base + 2] as number,
        subject,
        symbol,
        this.numbers[base + 3] as number,
      );
    }
    this.head = (this.head + drained) % this.capacity;
    this.size = 0;
    return drained;
  }
}
