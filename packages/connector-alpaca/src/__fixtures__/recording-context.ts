import {
  type BarEvent,
  type BookUpdateEvent,
  type ConnectorContext,
  createConnectorContext,
  createLogger,
  createTickDraft,
  type LogRecord,
  type OrderEvent,
  type QuoteEvent,
  type TickDraft,
  TickSource,
  type TickWriter,
  type TradeEvent,
} from '@tickwire/core';
import { RecordingHealthReporter } from '@tickwire/testkit';

/** A copy of one published draft. */
export type PublishedTick = Readonly<TickDraft>;

/** A tick writer that keeps a copy of every published draft (tests only: it allocates per tick). */
export class CopyingTickWriter implements TickWriter {
  readonly draft: TickDraft = createTickDraft();
  readonly ticks: PublishedTick[] = [];

  publish(): boolean {
    this.ticks.push({ ...this.draft });
    return true;
  }
}

/** Everything a unit test wants to look at after feeding a parser or mapper. */
export interface RecordingContext {
  readonly context: ConnectorContext;
  readonly writer: CopyingTickWriter;
  readonly health: RecordingHealthReporter;
  readonly orderEvents: OrderEvent[];
  readonly quotes: QuoteEvent[];
  readonly trades: TradeEvent[];
  readonly bars: BarEvent[];
  readonly books: BookUpdateEvent[];
  readonly logs: LogRecord[];
}

/** A connector context that records ticks, events, health reports and logs; `wantsEvents` turns the event sink on. */
export function createRecordingContext(
  wantsEvents = true,
  overrides: Partial<ConnectorContext> = {},
): RecordingContext {
  const writer = new CopyingTickWriter();
  const health = new RecordingHealthReporter();
  const orderEvents: OrderEvent[] = [];
  const quotes: QuoteEvent[] = [];
  const trades: TradeEvent[] = [];
  const bars: BarEvent[] = [];
  const books: BookUpdateEvent[] = [];
  const logs: LogRecord[] = [];
  const context = createConnectorContext({
    connectorId: 'alpaca-test',
    tickSourceId: TickSource.ALPACA,
    tickWriter: writer,
    orderEvents: { emit: (event) => orderEvents.push(event) },
    overrides: {
      health,
      logger: createLogger({ level: 'trace', write: (record) => logs.push(record) }),
      marketData: {
        wants: () => wantsEvents,
        quote: (event) => quotes.push(event),
        trade: (event) => trades.push(event),
        bar: (event) => bars.push(event),
        book: (event) => books.push(event),
      },
      ...overrides,
    },
  });
  return { context, writer, health, orderEvents, quotes, trades, bars, books, logs };
}
