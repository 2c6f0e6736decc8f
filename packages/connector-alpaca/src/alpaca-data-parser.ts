import { type ConnectorContext, type TickDraft, TickFlags, TickwireError, type TradeEvent } from '@tickwire/core';
import type { AlpacaOrderbooks } from './alpaca-orderbooks';
import { writeStreamTime } from './alpaca-stream-time';
import type { AlpacaSymbolState, AlpacaSymbolStates } from './alpaca-symbol-state';
import type { AlpacaDataMessage } from './alpaca-wire-types';

/** Options for {@link AlpacaDataParser}. */
export interface AlpacaDataParserOptions {
  readonly context: ConnectorContext;
  readonly states: AlpacaSymbolStates;
  /** Which stream, for messages: `stocks (iex)`, `crypto (us)`. */
  readonly streamName: string;
  /** Crypto streams only: where `o` (orderbook) messages go. */
  readonly orderbooks?: AlpacaOrderbooks;
  /** Called for every data message handled (the silence watchdog counts them). */
  readonly onData: () => void;
}

// Types Alpaca documents but tickwire has no tick or event for: trading statuses, LULD bands, corrections, cancel
// errors. They are accepted silently rather than reported as unknown.
const ACCEPTED_WITHOUT_MAPPING = new Set(['s', 'l', 'c', 'x']);

/**
 * The market-data hot path: one decoded message in, ticks written straight into the ring's draft and, only when
 * someone asked for them, full-precision events. Per tick it allocates nothing beyond what `JSON.parse` already
 * made: symbol state is one map lookup, timestamps are parsed in place (`parseRfc3339Nanos`), numbers are read as
 * numbers. A message it cannot use is skipped with a protocol-error report; it never throws.
 *
 * Quotes: bid/ask with volume = bid size + ask size (docs/tick-format.md); a zero price is Alpaca's "no quote on
 * this side" and becomes a missing side. Trades: TRADE ticks. Bars: events only. Crypto orderbooks: the core L2
 * book, whose top becomes quote ticks for symbols without a quote subscription.
 */
export class AlpacaDataParser {
  readonly #options: AlpacaDataParserOptions;
  readonly #draft: TickDraft;

  constructor(options: AlpacaDataParserOptions) {
    this.#options = options;
    this.#draft = options.context.tickWriter.draft;
  }

  /** Handles every message of a decoded data array. */
  handleArray(messages: readonly unknown[]): void {
    for (let index = 0; index < messages.length; index++) this.handle(messages[index] as AlpacaDataMessage);
  }

  /** Handles one data message. */
  handle(message: AlpacaDataMessage): void {
    if (typeof message !== 'object' || message === null || typeof message.S !== 'string') {
      this.#skip(message, 'it is not an object with a string "S" (symbol)');
      return;
    }
    try {
      switch (message.T) {
        case 'q':
          this.#quote(message, this.#options.states.get(message.S));
          break;
        case 't':
          this.#trade(message, this.#options.states.get(message.S));
          break;
        case 'b':
        case 'u':
        case 'd':
          this.#bar(message);
          break;
        case 'o':
          if (this.#options.orderbooks === undefined) this.#skip(message, 'orderbooks exist on crypto streams only');
          else this.#options.orderbooks.handle(message, this.#options.states.get(message.S));
          break;
        default:
          if (!ACCEPTED_WITHOUT_MAPPING.has(message.T)) this.#skip(message, `message type "${message.T}" is unknown`);
          return;
      }
      this.#options.onData();
    } catch (error) {
      this.#skip(message, (error as Error)?.message ?? String(error), error);
    }
  }

  #quote(message: AlpacaDataMessage, state: AlpacaSymbolState): void {
    const { bp, ap } = message;
    if (typeof bp !== 'number' || typeof ap !== 'number') {
      this.#skip(message, 'a quote needs numeric "bp" and "ap"');
      return;
    }
    const bidSize = typeof message.bs === 'number' ? message.bs : 0;
    const askSize = typeof message.as === 'number' ? message.as : 0;
    const draft = this.#draft;
    writeStreamTime(draft, message.t, this.#options.context);
    draft.symbolId = state.symbolId;
    draft.bid = bp > 0 ? bp : Number.NaN;
    draft.ask = ap > 0 ? ap : Number.NaN;
    draft.volume = bidSize + askSize;
    draft.flags = state.pendingFlags;
    state.pendingFlags = 0;
    const timestampMs = draft.epochSeconds * 1000 + draft.nanoseconds / 1e6;
    this.#options.context.tickWriter.publish();
    const sink = this.#options.context.marketData;
    if (!sink.wants('quotes')) return;
    sink.quote({
      symbol: state.symbol,
      bidPrice: bp > 0 ? bp : Number.NaN,
      bidSize,
      askPrice: ap > 0 ? ap : Number.NaN,
      askSize,
      timestampMs,
      ...(typeof message.bx === 'string' ? { bidVenue: message.bx } : {}),
      ...(typeof message.ax === 'string' ? { askVenue: message.ax } : {}),
    });
  }

  #trade(message: AlpacaDataMessage, state: AlpacaSymbolState): void {
    const { p, s } = message;
    if (typeof p !== 'number' || !(p > 0)) {
      this.#skip(message, 'a trade needs a positive numeric "p"');
      return;
    }
    const size = typeof s === 'number' ? s : 0;
    const draft = this.#draft;
    writeStreamTime(draft, message.t, this.#options.context);
    draft.symbolId = state.symbolId;
    draft.bid = p;
    draft.ask = p;
    draft.volume = size;
    draft.flags = TickFlags.TRADE | state.pendingFlags;
    state.pendingFlags = 0;
    const timestampMs = draft.epochSeconds * 1000 + draft.nanoseconds / 1e6;
    this.#options.context.tickWriter.publish();
    const sink = this.#options.context.marketData;
    if (!sink.wants('trades')) return;
    const conditions = conditionsOf(message.c);
    const takerSide = message.tks === 'B' ? 'buy' : message.tks === 'S' ? 'sell' : undefined;
    const event: TradeEvent = {
      symbol: state.symbol,
      price: p,
      size,
      timestampMs,
      ...(message.i === undefined ? {} : { tradeId: String(message.i) }),
      ...(takerSide === undefined ? {} : { takerSide }),
      ...(typeof message.x === 'string' ? { venue: message.x } : {}),
      ...(conditions === undefined ? {} : { conditions }),
    };
    sink.trade(event);
  }

  #bar(message: AlpacaDataMessage): void {
    const sink = this.#options.context.marketData;
    if (!sink.wants('bars')) return;
    const { o, h, l, v } = message;
    const close = message.c;
    if (typeof o !== 'number' || typeof h !== 'number' || typeof l !== 'number' || typeof close !== 'number') {
      this.#skip(message, 'a bar needs numeric "o", "h", "l" and "c"');
      return;
    }
    const draft = this.#draft;
    writeStreamTime(draft, message.t, this.#options.context);
    sink.bar({
      symbol: this.#options.states.get(message.S!).symbol,
      intervalSeconds: message.T === 'd' ? 86_400 : 60,
      startMs: draft.epochSeconds * 1000 + draft.nanoseconds / 1e6,
      open: o,
      high: h,
      low: l,
      close,
      volume: typeof v === 'number' ? v : 0,
      ...(typeof message.vw === 'number' ? { vwap: message.vw } : {}),
      ...(typeof message.n === 'number' ? { tradeCount: message.n } : {}),
      ...(message.T === 'u' ? { revised: true } : {}),
    });
  }

  #skip(message: unknown, problem: string, cause?: unknown): void {
    let shown: string;
    try {
      shown = JSON.stringify(message)?.slice(0, 200) ?? String(message);
    } catch {
      shown = String(message);
    }
    this.#options.context.health.reportProtocolError(
      new TickwireError({
        code: 'PROTOCOL_ERROR',
        message: `Alpaca ${this.#options.streamName} sent a data message tickwire cannot use (${problem}): ${shown}; skipped.`,
        ...(cause === undefined ? {} : { cause }),
      }),
    );
  }
}

/** Condition codes as a list: Alpaca documents an array, its JS SDK's mock sends a string (`"R"`). */
export function conditionsOf(value: unknown): readonly string[] | undefined {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return undefined;
}
