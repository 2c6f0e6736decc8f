import type { FakeDataSession } from './fake-alpaca-data-stream';
import type { FakeAlpacaMarket, FakeBookLevel } from './fake-alpaca-market';
import type { FakeAlpacaRecords } from './fake-alpaca-records';
import type { FakeAlpacaClock } from './fake-alpaca-time';

/** How the fake feed paces and shapes its data. */
export interface FakeAlpacaFeedOptions {
  /** Time between quote rounds, ms (every subscribed symbol gets one quote per round). */
  readonly quoteIntervalMs: number;
  /** A trade every this many rounds per symbol subscribed to trades. */
  readonly tradeEveryRounds: number;
  /** A minute bar (and an updated bar) every this many ms; 0 for none. */
  readonly barIntervalMs: number;
  /** Stock quote condition as an array (`["R"]`, as documented) or a string (`"R"`, as the JS SDK's mock). */
  readonly quoteConditionForm: 'array' | 'string';
  /** Symbols a `*` subscription streams. */
  readonly wildcardSymbols: { readonly stocks: readonly string[]; readonly crypto: readonly string[] };
}

const BOOK_DEPTH = 5;

/**
 * Generates the fake market's data and writes it to the sessions that subscribed: each round moves every
 * subscribed symbol once and sends each session one batched array with its quotes, trades, bars and orderbook
 * changes. Every quote written is logged in the records. The `test` feed streams `FAKEPACA` only.
 */
export class FakeAlpacaFeed {
  readonly #books = new Map<string, { bids: FakeBookLevel[]; asks: FakeBookLevel[] }>();
  #round = 0;
  #lastBarMs = 0;
  #tradeId = 1;

  constructor(
    private readonly options: FakeAlpacaFeedOptions,
    private readonly market: FakeAlpacaMarket,
    private readonly clock: FakeAlpacaClock,
    private readonly records: FakeAlpacaRecords,
    /** Told each symbol that moved, so resting orders can execute. */
    private readonly onMarketMove: (symbol: string) => void,
  ) {}

  /** One round over `sessions`. `extra` lets faults add a message to each session's batch. */
  round(sessions: readonly FakeDataSession[]): void {
    this.#round++;
    const now = this.clock.now();
    const barsDue = this.options.barIntervalMs > 0 && now.ms - this.#lastBarMs >= this.options.barIntervalMs;
    if (barsDue) this.#lastBarMs = now.ms;
    const moved = new Set<string>();
    const bookDiffs = new Map<string, { bids: FakeBookLevel[]; asks: FakeBookLevel[] }>();
    const live = sessions.filter((session) => session.authenticated);
    for (const session of live) {
      for (const symbol of this.#symbolsOf(session)) {
        if (!moved.has(symbol)) {
          moved.add(symbol);
          this.market.step(symbol);
        }
        const top = this.market.top(symbol);
        if (session.wants('quotes', symbol)) {
          session.queue(this.#quoteMessage(session, symbol, now));
          this.records.recordQuote({
            symbol: canonical(symbol),
            bid: top.bid,
            ask: top.ask,
            bidSize: top.bidSize,
            askSize: top.askSize,
            venueTimeMs: now.ms,
          });
        }
        if (session.wants('trades', symbol) && this.#round % this.options.tradeEveryRounds === 0) {
          const trade = this.market.trade(symbol);
          session.queue({
            T: 't',
            S: symbol,
            i: this.#tradeId++,
            p: trade.price,
            s: trade.size,
            t: now,
            ...(session.crypto ? { tks: trade.buyerInitiated ? 'B' : 'S' } : { x: 'V', c: ['@'], z: 'C' }),
          });
        }
        if (barsDue) {
          const mid = Math.round(((top.bid + top.ask) / 2) * 100) / 100;
          const bar = { S: symbol, o: mid, h: top.ask, l: top.bid, c: mid, v: 100, t: now, n: 7, vw: mid };
          if (session.wants('bars', symbol)) session.queue({ T: 'b', ...bar });
          if (session.wants('updatedBars', symbol)) session.queue({ T: 'u', ...bar, v: 120 });
        }
        if (session.wants('orderbooks', symbol)) {
          let diff = bookDiffs.get(symbol);
          if (diff === undefined) {
            diff = this.#bookDiff(symbol);
            bookDiffs.set(symbol, diff);
          }
          if (diff.bids.length > 0 || diff.asks.length > 0)
            session.queue({ T: 'o', S: symbol, t: now, b: diff.bids, a: diff.asks });
        }
      }
    }
    for (const session of live) session.flush();
    for (const symbol of moved) this.onMarketMove(symbol);
  }

  /** Sends a session the whole current book of `symbol` with the reset flag (after it subscribed). */
  sendBookSnapshot(session: FakeDataSession, symbol: string): void {
    const book = this.#books.get(symbol) ?? this.market.book(symbol, BOOK_DEPTH);
    this.#books.set(symbol, book);
    session.send([{ T: 'o', S: symbol, t: this.clock.now(), b: book.bids, a: book.asks, r: true }]);
  }

  /** The symbols a session gets data for this round. */
  #symbolsOf(session: FakeDataSession): Set<string> {
    const symbols = new Set<string>();
    for (const set of session.channels.values()) {
      for (const symbol of set) {
        if (symbol === '*') {
          for (const each of session.crypto ? this.options.wildcardSymbols.crypto : this.options.wildcardSymbols.stocks)
            symbols.add(each);
        } else {
          symbols.add(symbol);
        }
      }
    }
    if (session.stream === 'v2/test') for (const symbol of symbols) if (symbol !== 'FAKEPACA') symbols.delete(symbol);
    return symbols;
  }

  #quoteMessage(
    session: FakeDataSession,
    symbol: string,
    now: ReturnType<FakeAlpacaClock['now']>,
  ): Record<string, unknown> {
    const top = this.market.top(symbol);
    const base = { T: 'q', S: symbol, bp: top.bid, bs: top.bidSize, ap: top.ask, as: top.askSize, t: now };
    if (session.crypto) return base;
    return { ...base, bx: 'V', ax: 'V', c: this.options.quoteConditionForm === 'array' ? ['R'] : 'R', z: 'C' };
  }

  #bookDiff(symbol: string): { bids: FakeBookLevel[]; asks: FakeBookLevel[] } {
    const next = this.market.book(symbol, BOOK_DEPTH);
    const previous = this.#books.get(symbol);
    this.#books.set(symbol, next);
    if (previous === undefined) return next;
    return { bids: sideDiff(previous.bids, next.bids), asks: sideDiff(previous.asks, next.asks) };
  }
}

function sideDiff(previous: readonly FakeBookLevel[], next: readonly FakeBookLevel[]): FakeBookLevel[] {
  const changes: FakeBookLevel[] = [];
  for (const level of previous) if (!next.some((each) => each.p === level.p)) changes.push({ p: level.p, s: 0 });
  for (const level of next) {
    const before = previous.find((each) => each.p === level.p);
    if (before === undefined || before.s !== level.s) changes.push(level);
  }
  return changes;
}

/** `BTC/USD` -> `BTC-USD`; stocks unchanged. */
export function canonical(alpacaSymbol: string): string {
  return alpacaSymbol.replace('/', '-');
}
