export { BookSide } from './book-side';
export { writeBookTop } from './book-top-to-tick';
export {
  type BookLevel,
  type BookResyncRequest,
  type BookSideName,
  type BookSnapshotInput,
  type BookTopSnapshot,
  OrderBook,
  type OrderBookOptions,
} from './order-book';
