import { BRIDGE_PROTOCOL_VERSION, type BridgeErrorCode, SUPPORTED_BRIDGE_PROTOCOL_VERSIONS } from './bridge-protocol';
import type { IntentOutcome } from './intent-handler';
import type { ClientMessageProblem } from './intent-messages';

/** The intent kinds a numbered reply answers. */
export type IntentAction = 'submit' | 'cancel' | 'replace';

/** Where a numbered reply belongs. */
export interface ReplyAddress {
  readonly client: string;
  readonly intentId: string;
  readonly action: IntentAction;
  readonly sessionId: number;
}

/**
 * Renders the one numbered reply of an intent: `accepted`, `denied` or `unknown-outcome`. The body is what the
 * reply cache keeps, so a repeated intent gets the same bytes.
 */
export function renderOutcomeReply(address: ReplyAddress, sequence: number, outcome: IntentOutcome): string {
  // One object literal per kind (no spread): this runs once per intent, on the reply's critical path.
  const { client, intentId, sessionId, action } = address;
  const v = BRIDGE_PROTOCOL_VERSION;
  switch (outcome.kind) {
    case 'accepted':
      return JSON.stringify({
        v,
        type: outcome.kind,
        client,
        intent: intentId,
        seq: sequence,
        session: sessionId,
        action,
        clientOrderId: outcome.clientOrderId,
      });
    case 'denied':
      return JSON.stringify({
        v,
        type: outcome.kind,
        client,
        intent: intentId,
        seq: sequence,
        session: sessionId,
        action,
        reasonCode: outcome.reasonCode,
        reasonName: outcome.reasonName,
        message: outcome.message,
      });
    case 'unknown-outcome':
      return JSON.stringify({
        v,
        type: outcome.kind,
        client,
        intent: intentId,
        seq: sequence,
        session: sessionId,
        action,
        why: outcome.why,
      });
  }
}

/** Renders an `error` reply: the message was not understood and no order was attempted. */
export function renderErrorReply(problem: ClientMessageProblem): string {
  return JSON.stringify({
    v: BRIDGE_PROTOCOL_VERSION,
    type: 'error',
    code: problem.code,
    message: problem.message,
    field: problem.field,
    client: problem.client,
    intent: problem.intent,
    supported: problem.code === 'unsupported-version' ? SUPPORTED_BRIDGE_PROTOCOL_VERSIONS : undefined,
  });
}

/** Shorthand for an `error` reply built from a code and a message. */
export function errorReply(code: BridgeErrorCode, message: string, client?: string, intent?: string): string {
  return renderErrorReply({
    code,
    message,
    ...(client === undefined ? {} : { client }),
    ...(intent === undefined ? {} : { intent }),
  });
}

/** What a `welcome` reply tells a client after `hello`. */
export interface WelcomeFacts {
  readonly version: number;
  readonly sessionId: number;
  readonly client: string;
  readonly lastSequence: number;
  readonly lastUpdateSequence: number;
  readonly heartbeatIntervalMs: number;
  readonly maxIntentBytes: number;
  readonly replyCacheCapacity: number;
}

/** Renders the `welcome` reply to `hello`. */
export function renderWelcome(facts: WelcomeFacts): string {
  return JSON.stringify({
    v: BRIDGE_PROTOCOL_VERSION,
    type: 'welcome',
    version: facts.version,
    session: facts.sessionId,
    client: facts.client,
    lastSeq: facts.lastSequence,
    lastUpdateSeq: facts.lastUpdateSequence,
    heartbeatMs: facts.heartbeatIntervalMs,
    maxMessageBytes: facts.maxIntentBytes,
    replyCacheCapacity: facts.replyCacheCapacity,
    server: 'tickwire-bridge',
  });
}

/** Renders the `pong` answer to a `ping`. */
export function renderPong(sessionId: number, nonce: string | number | undefined): string {
  return JSON.stringify({
    v: BRIDGE_PROTOCOL_VERSION,
    type: 'pong',
    session: sessionId,
    nonce,
    timeUs: Math.round((performance.timeOrigin + performance.now()) * 1000),
  });
}

/** Renders `replay-end`, sent after the replayed replies. */
export function renderReplayEnd(
  client: string,
  after: number,
  count: number,
  lastSequence: number,
  truncated: boolean,
): string {
  return JSON.stringify({
    v: BRIDGE_PROTOCOL_VERSION,
    type: 'replay-end',
    client,
    after,
    count,
    lastSeq: lastSequence,
    truncated,
  });
}

/** Renders the `order-updates` answer to `replay-updates`; the update bodies are embedded as they were published. */
export function renderOrderUpdates(
  stream: string,
  after: number,
  bodies: readonly string[],
  lastSequence: number,
  more: boolean,
  truncated: boolean,
): string {
  const head = JSON.stringify({
    v: BRIDGE_PROTOCOL_VERSION,
    type: 'order-updates',
    stream,
    after,
    lastSeq: lastSequence,
    more,
    truncated,
  });
  return `${head.slice(0, -1)},"updates":[${bodies.join(',')}]}`;
}
