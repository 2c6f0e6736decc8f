// RingTickWriter is the runtime's real TickWriter into the ring. @tickwire/core does not export it yet (its runtime
// barrel is empty), so until it does the kit takes it from core's source: the kit must test the real ingest path,
// not a copy. Once core exports it, import it from '@tickwire/core' here and nowhere else changes.
export { RingTickWriter, type TickWriterCounters } from '../../../core/src/ingest/ring-tick-writer';
