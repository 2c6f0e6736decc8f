export { FeedHealth, type FeedHealthOptions, type FeedSymbolOptions } from './feed-health';
export type {
  FeedCrossedEvent,
  FeedFreshEvent,
  FeedGapEvent,
  FeedHealthEvents,
  FeedHealthView,
  FeedResyncedEvent,
  FeedStaleEvent,
} from './feed-health-events';
export { type LastQuote, LastQuoteBook, type LastQuoteSource, quoteMid } from './last-quote-book';
export { type ListenerErrorHandler, ListenerRegistry } from './listener-registry';
