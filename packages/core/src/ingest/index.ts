export { type RefusedTickHandler, RingTickWriter, type TickWriterCounters } from './ring-tick-writer';
