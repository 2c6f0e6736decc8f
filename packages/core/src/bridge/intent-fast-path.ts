import { CLIENT_NAME_PATTERN, INTENT_ID_PATTERN } from './bridge-protocol';
import type { CancelMessage, ClientMessage, ReplaceMessage, SubmitMessage } from './intent-messages';

/**
 * A hand-written check of the everyday intents (a plain submit, a cancel, a replace), for the intent round trip:
 * the schema parser costs tens of microseconds per message on a cold CPU, this a few.
 *
 * It only ever says "valid, and this is the message" or "not sure": anything unusual (another field, a wrong type,
 * a bracket order) returns undefined and goes through the schemas in intent-messages.ts, which stay the one
 * definition of what is valid and write every error message. A message this accepts must be accepted by the schemas
 * with the same result (intent-fast-path.test.ts checks that against a corpus of valid and broken messages).
 */
export function parseCommonIntent(record: Record<string, unknown>): ClientMessage | undefined {
  if (record.v !== 1 || !isClientName(record.client) || !isIntentId(record.intent)) return undefined;
  switch (record.type) {
    case 'submit':
      return parseSubmit(record);
    case 'cancel':
      return parseCancel(record);
    case 'replace':
      return parseReplace(record);
    default:
      return undefined;
  }
}

const sides = new Set(['buy', 'sell']);
/** Order types whose required prices the fast path checks; trailing stops go to the schemas. */
const simpleTypes = new Set(['market', 'limit', 'stop', 'stop_limit']);
const timesInForce = new Set(['day', 'gtc', 'ioc', 'fok', 'opg', 'cls', 'gtd', 'pre', 'post']);
const clientOrderIdPattern = /^[A-Za-z0-9_.:-]{1,128}$/;

function parseSubmit(record: Record<string, unknown>): SubmitMessage | undefined {
  if (!hasOnlyKeys(record, 5)) return undefined;
  const order = record.order;
  if (typeof order !== 'object' || order === null || Array.isArray(order)) return undefined;
  const fields = order as Record<string, unknown>;
  let keys = 0;
  const { symbol, side, type, quantity, notional, limitPrice, stopPrice, clientOrderId } = fields;
  // The schema's default applies only when the field is absent; a JSON null is refused there.
  const timeInForce = fields.timeInForce === undefined ? 'day' : fields.timeInForce;
  if (typeof symbol !== 'string' || symbol.length < 1 || symbol.length > 64) return undefined;
  if (typeof side !== 'string' || !sides.has(side)) return undefined;
  if (typeof type !== 'string' || !simpleTypes.has(type)) return undefined;
  if (typeof timeInForce !== 'string' || !timesInForce.has(timeInForce)) return undefined;
  keys += 3 + (fields.timeInForce === undefined ? 0 : 1);
  if (!optionalPositive(quantity) || !optionalPositive(notional)) return undefined;
  if (!optionalPositive(limitPrice) || !optionalPositive(stopPrice)) return undefined;
  if ((quantity === undefined) === (notional === undefined)) return undefined;
  if ((type === 'limit' || type === 'stop_limit') && limitPrice === undefined) return undefined;
  if ((type === 'stop' || type === 'stop_limit') && stopPrice === undefined) return undefined;
  if (clientOrderId !== undefined && !(typeof clientOrderId === 'string' && clientOrderIdPattern.test(clientOrderId))) {
    return undefined;
  }
  keys += present(quantity) + present(notional) + present(limitPrice) + present(stopPrice) + present(clientOrderId);
  if (!hasOnlyKeys(fields, keys)) return undefined;
  const parsed: Record<string, unknown> = { symbol, side, type, timeInForce };
  if (quantity !== undefined) parsed.quantity = quantity;
  if (notional !== undefined) parsed.notional = notional;
  if (limitPrice !== undefined) parsed.limitPrice = limitPrice;
  if (stopPrice !== undefined) parsed.stopPrice = stopPrice;
  if (clientOrderId !== undefined) parsed.clientOrderId = clientOrderId;
  return {
    v: 1,
    type: 'submit',
    client: record.client as string,
    intent: record.intent as string,
    order: parsed as SubmitMessage['order'],
  };
}

function parseCancel(record: Record<string, unknown>): CancelMessage | undefined {
  const { clientOrderId } = record;
  if (!hasOnlyKeys(record, 5) || typeof clientOrderId !== 'string' || !clientOrderIdPattern.test(clientOrderId)) {
    return undefined;
  }
  return { v: 1, type: 'cancel', client: record.client as string, intent: record.intent as string, clientOrderId };
}

function parseReplace(record: Record<string, unknown>): ReplaceMessage | undefined {
  const { clientOrderId, newClientOrderId, changes } = record;
  if (typeof clientOrderId !== 'string' || !clientOrderIdPattern.test(clientOrderId)) return undefined;
  if (
    newClientOrderId !== undefined &&
    !(typeof newClientOrderId === 'string' && clientOrderIdPattern.test(newClientOrderId))
  ) {
    return undefined;
  }
  if (!hasOnlyKeys(record, 6 + present(newClientOrderId))) return undefined;
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) return undefined;
  const fields = changes as Record<string, unknown>;
  const { quantity, limitPrice, stopPrice, trailPrice, timeInForce } = fields;
  if (!optionalPositive(quantity) || !optionalPositive(limitPrice)) return undefined;
  if (!optionalPositive(stopPrice) || !optionalPositive(trailPrice)) return undefined;
  if (timeInForce !== undefined && !(typeof timeInForce === 'string' && timesInForce.has(timeInForce)))
    return undefined;
  const keys =
    present(quantity) + present(limitPrice) + present(stopPrice) + present(trailPrice) + present(timeInForce);
  if (keys === 0 || !hasOnlyKeys(fields, keys)) return undefined;
  const parsed: Record<string, unknown> = {};
  for (const [key, value] of [
    ['quantity', quantity],
    ['limitPrice', limitPrice],
    ['stopPrice', stopPrice],
    ['trailPrice', trailPrice],
    ['timeInForce', timeInForce],
  ] as const) {
    if (value !== undefined) parsed[key] = value;
  }
  const message: Record<string, unknown> = {
    v: 1,
    type: 'replace',
    client: record.client,
    intent: record.intent,
    clientOrderId,
  };
  if (newClientOrderId !== undefined) message.newClientOrderId = newClientOrderId;
  message.changes = parsed;
  return message as ReplaceMessage;
}

function isClientName(value: unknown): value is string {
  return typeof value === 'string' && CLIENT_NAME_PATTERN.test(value);
}

function isIntentId(value: unknown): value is string {
  return typeof value === 'string' && INTENT_ID_PATTERN.test(value);
}

/** Absent, or a finite number above 0 (JSON.parse turns `1e999` into Infinity, which the schemas refuse). */
function optionalPositive(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value) && value > 0);
}

function present(value: unknown): number {
  return value === undefined ? 0 : 1;
}

/**
 * True when `record` has exactly `count` own keys. The caller counted the known keys it found, so any other key
 * (or a known one set to JSON `null`, which is not absent) makes the counts differ.
 */
function hasOnlyKeys(record: Record<string, unknown>, count: number): boolean {
  let keys = 0;
  for (const key in record) if (Object.hasOwn(record, key)) keys++;
  return keys === count;
}
