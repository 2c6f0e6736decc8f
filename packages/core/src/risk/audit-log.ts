import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OrderRequest } from '../domain/order-request';
import { type DecisionKindCode, DecisionRing, type RiskDecisionRecorder } from './decision-ring';
import { reasonName } from './risk-reasons';

const KIND_NAMES = ['submit', 'replace', 'cancel', 'emergency-cancel'] as const;

/** Audit-log settings. */
export interface AuditLogOptions {
  /** Decisions buffered between flushes. Default 8192. */
  readonly bufferCapacity?: number;
  /** Flush on a timer this often (ms); 0 leaves flushing to the caller. Default 100. */
  readonly flushIntervalMs?: number;
  /** fsync after every flush: each flushed line survives a power cut, at the cost of a disk sync. Default false. */
  readonly fsync?: boolean;
}

/**
 * The risk gate's append-only audit log: one JSON line per decision (timestamps, decision, reason code and name,
 * and the order), plus kill-switch and trading-state events.
 *
 * The gate's hot path only pushes numbers and references into a preallocated {@link DecisionRing}; turning them
 * into JSON happens in {@link AuditLog.flush}, off the hot path, on a timer (or when the caller flushes). If the
 * ring fills before a flush, the next decision flushes inline rather than drop anything: that one `check()` then
 * allocates, and {@link AuditLog.inlineFlushes} counts it so an undersized buffer shows up.
 *
 * Durability: lines reach the operating system at each flush (a `write` on a file opened for append); with
 * `fsync: true` they are also synced to disk. A crash loses at most the decisions buffered since the last flush.
 *
 * @example
 * ```ts
 * const audit = AuditLog.open('/var/log/tickwire/audit.jsonl');
 * const gate = new RiskGate({ ..., audit });
 * // on shutdown:
 * audit.close();
 * ```
 */
export class AuditLog implements RiskDecisionRecorder {
  /** Path of the file being appended to. */
  readonly path: string;
  private readonly ring: DecisionRing;
  private readonly fsync: boolean;
  private descriptor: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lines: string[] = [];
  private written = 0;
  private inline = 0;

  private constructor(path: string, descriptor: number, options: AuditLogOptions) {
    this.path = path;
    this.descriptor = descriptor;
    this.ring = new DecisionRing(options.bufferCapacity ?? 8192);
    this.fsync = options.fsync ?? false;
    const interval = options.flushIntervalMs ?? 100;
    if (interval > 0) {
      this.timer = setInterval(() => this.flush(), interval);
      this.timer.unref();
    }
  }

  /**
   * Opens (creating it and its directory if needed) a file for appending.
   *
   * @throws the file-system error, with the path, when the file cannot be opened for append.
   */
  static open(path: string, options: AuditLogOptions = {}): AuditLog {
    let descriptor: number;
    try {
      mkdirSync(dirname(path), { recursive: true });
      descriptor = openSync(path, 'a');
    } catch (error) {
      throw new Error(
        `AuditLog: cannot open ${path} for append (${(error as Error).message}). Pick a writable path for the ` +
          'risk audit log; the gate must not run without one.',
        { cause: error },
      );
    }
    return new AuditLog(path, descriptor, options);
  }

  /** Lines written since opening. */
  get linesWritten(): number {
    return this.written;
  }

  /** Times a full buffer forced a flush inside a gate check (see the class notes). */
  get inlineFlushes(): number {
    return this.inline;
  }

  /** Buffers one decision; allocation-free unless the buffer is full. */
  recordDecision(
    timeMs: number,
    kind: DecisionKindCode,
    code: number,
    subject: OrderRequest | string,
    symbol: string,
    extra: number,
  ): void {
    if (this.ring.push(timeMs, kind, code, subject, symbol, extra)) return;
    this.inline++;
    this.flush();
    this.ring.push(timeMs, kind, code, subject, symbol, extra);
  }

  /** Writes a non-decision event (after the buffered decisions, so the file stays in order). */
  recordEvent(event: Readonly<Record<string, unknown>>): void {
    this.flush();
    const timeMs = typeof event.timeMs === 'number' ? event.timeMs : Date.now();
    this.writeLines(`${JSON.stringify({ ...event, timeMs, time: new Date(timeMs).toISOString() })}\n`, 1);
  }

  /** Serializes and writes every buffered decision; returns how many lines were written. */
  flush(): number {
    if (this.ring.length === 0 || this.descriptor === undefined) return 0;
    const lines = this.lines;
    this.ring.drain((timeMs, kind, code, subject, symbol, extra) => {
      lines.push(decisionLine(timeMs, kind, code, subject, symbol, extra));
    });
    const count = lines.length;
    this.writeLines(lines.join(''), count);
    this.lines = [];
    return count;
  }

  /** Flushes, stops the timer and closes the file. Later decisions are dropped (the gate should be gone). */
  close(): void {
    this.flush();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.descriptor !== undefined) closeSync(this.descriptor);
    this.descriptor = undefined;
  }

  private writeLines(text: string, count: number): void {
    if (this.descriptor === undefined) return;
    const buffer = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(this.descriptor, buffer, offset);
    if (this.fsync) fsyncSync(this.descriptor);
    this.written += count;
  }
}

function decisionLine(
  timeMs: number,
  kind: number,
  code: number,
  subject: OrderRequest | string,
  symbol: string,
  extra: number,
): string {
  const record: Record<string, unknown> = {
    timeMs,
    time: new Date(timeMs).toISOString(),
    kind: KIND_NAMES[kind] ?? `kind-${kind}`,
    decision: code === 0 ? 'allow' : 'deny',
    code,
    reason: reasonName(code),
    symbol,
  };
  if (typeof subject === 'string') record.clientOrderId = subject;
  else {
    record.clientOrderId = subject.clientOrderId;
    record.order = subject;
  }
  if (kind === 1) record.replacedOpenQuantity = extra;
  return `${JSON.stringify(record)}\n`;
}
