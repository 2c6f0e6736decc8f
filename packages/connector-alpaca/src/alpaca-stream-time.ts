import { type ConnectorContext, parseRfc3339Nanos, type TickDraft } from '@tickwire/core';
import type { AlpacaStreamTime } from './alpaca-wire-types';

/**
 * Writes a stream timestamp into the draft: RFC 3339 text (JSON frames), a decoded MessagePack timestamp, or, when
 * the message has none, the receive time. Throws a `TickFormatError` for unreadable text.
 */
export function writeStreamTime(draft: TickDraft, time: AlpacaStreamTime | undefined, context: ConnectorContext): void {
  if (typeof time === 'string') {
    parseRfc3339Nanos(time, draft);
  } else if (typeof time === 'object' && time !== null && typeof time.sec === 'number') {
    draft.epochSeconds = time.sec;
    draft.nanoseconds = time.nsec;
  } else {
    context.clock.writeEpochTime(draft);
  }
}
