import { type ConnectorContext, TickwireError } from '@tickwire/core';

/** Longest excerpt of a bad frame quoted in an error. */
const EXCERPT_LENGTH = 120;

/**
 * Tells feed health that a Coinbase message could not be used, and carries on: `what` names the message and the
 * problem, e.g. `a ticker event of type "partial"`. The message is skipped; nothing is thrown.
 */
export function reportCoinbaseProtocolError(context: ConnectorContext, what: string): void {
  context.health.reportProtocolError(
    new TickwireError({
      code: 'PROTOCOL_ERROR',
      message: `Coinbase sent ${what}; skipped it. Nothing to do unless it repeats (then report it with the log line).`,
    }),
  );
}

/** The start of a frame, quoted for an error message. */
export function excerptOf(text: string): string {
  return JSON.stringify(text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}...` : text);
}
