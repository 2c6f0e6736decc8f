import { z } from 'zod';
import {
  BRIDGE_PROTOCOL_VERSION,
  type BridgeErrorCode,
  CLIENT_NAME_PATTERN,
  INTENT_ID_PATTERN,
  UNOWNED_ORDER_STREAM,
} from './bridge-protocol';
import { parseCommonIntent } from './intent-fast-path';

const clientName = z.string().regex(CLIENT_NAME_PATTERN, 'a client name: letters, digits, _ and -, at most 64');
const intentId = z.string().regex(INTENT_ID_PATTERN, 'an intent id: letters, digits, _ - . :, at most 64');
const clientOrderId = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'a client order id: letters, digits, _ - . :');
const price = z.number().positive();
const version = z.int().min(1);
const sequence = z.int().min(0);

const orderFields = z
  .strictObject({
    symbol: z.string().min(1).max(64),
    side: z.enum(['buy', 'sell']),
    type: z.enum(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']),
    timeInForce: z.enum(['day', 'gtc', 'ioc', 'fok', 'opg', 'cls', 'gtd', 'pre', 'post']).default('day'),
    quantity: z.number().positive().optional(),
    notional: z.number().positive().optional(),
    limitPrice: price.optional(),
    stopPrice: price.optional(),
    trailPrice: price.optional(),
    trailPercent: price.optional(),
    extendedHours: z.boolean().optional(),
    postOnly: z.boolean().optional(),
    expireAtMs: z.int().positive().optional(),
    orderClass: z.enum(['simple', 'bracket', 'oco', 'oto']).optional(),
    takeProfit: z.strictObject({ limitPrice: price }).optional(),
    stopLoss: z.strictObject({ stopPrice: price, limitPrice: price.optional() }).optional(),
    account: z.string().min(1).max(64).optional(),
    clientOrderId: clientOrderId.optional(),
  })
  .superRefine((order, context) => {
    const problem = orderShapeProblem(order);
    if (problem !== null) context.addIssue({ code: 'custom', path: [problem.field], message: problem.text });
  });

const replaceChanges = z.strictObject({
  quantity: z.number().positive().optional(),
  limitPrice: price.optional(),
  stopPrice: price.optional(),
  trailPrice: price.optional(),
  timeInForce: z.enum(['day', 'gtc', 'ioc', 'fok', 'opg', 'cls', 'gtd', 'pre', 'post']).optional(),
});

const schemas = {
  hello: z.strictObject({
    v: version,
    type: z.literal('hello'),
    client: clientName,
    versions: z.array(version).min(1).max(16).optional(),
    library: z.string().max(128).optional(),
  }),
  ping: z.strictObject({
    v: version,
    type: z.literal('ping'),
    client: clientName.optional(),
    nonce: z.union([z.string().max(128), z.number()]).optional(),
  }),
  submit: z.strictObject({
    v: version,
    type: z.literal('submit'),
    client: clientName,
    intent: intentId,
    order: orderFields,
  }),
  cancel: z.strictObject({
    v: version,
    type: z.literal('cancel'),
    client: clientName,
    intent: intentId,
    clientOrderId,
  }),
  replace: z.strictObject({
    v: version,
    type: z.literal('replace'),
    client: clientName,
    intent: intentId,
    clientOrderId,
    newClientOrderId: clientOrderId.optional(),
    changes: replaceChanges.refine((changes) => Object.keys(changes).length > 0, 'changes must change something'),
  }),
  replay: z.strictObject({ v: version, type: z.literal('replay'), client: clientName, after: sequence }),
  'replay-updates': z.strictObject({
    v: version,
    type: z.literal('replay-updates'),
    stream: z.union([clientName, z.literal(UNOWNED_ORDER_STREAM)]),
    after: sequence,
  }),
} as const;

/** The message types a client may send on the intent socket. */
export type ClientMessageType = keyof typeof schemas;

/** `hello`: opens a conversation and negotiates the protocol version. */
export type HelloMessage = z.infer<(typeof schemas)['hello']>;
/** `ping`: the client's heartbeat; answered by `pong`. */
export type PingMessage = z.infer<(typeof schemas)['ping']>;
/** `submit`: a new order. */
export type SubmitMessage = z.infer<(typeof schemas)['submit']>;
/** `cancel`: cancel an order. */
export type CancelMessage = z.infer<(typeof schemas)['cancel']>;
/** `replace`: change an order. */
export type ReplaceMessage = z.infer<(typeof schemas)['replace']>;
/** `replay`: resend the replies after a reply sequence number. */
export type ReplayMessage = z.infer<(typeof schemas)['replay']>;
/** `replay-updates`: resend order updates of one stream after an update sequence number. */
export type ReplayUpdatesMessage = z.infer<(typeof schemas)['replay-updates']>;

/** Any message a client may send on the intent socket. */
export type ClientMessage =
  | HelloMessage
  | PingMessage
  | SubmitMessage
  | CancelMessage
  | ReplaceMessage
  | ReplayMessage
  | ReplayUpdatesMessage;

/** Why a message was refused, with what it could be correlated by. */
export interface ClientMessageProblem {
  readonly code: BridgeErrorCode;
  readonly message: string;
  /** The offending field's path, e.g. `order.limitPrice`. */
  readonly field?: string;
  /** Echoed from the message when they were readable strings, so the client can match the error to its request. */
  readonly client?: string;
  readonly intent?: string;
}

/** The result of {@link parseClientMessage}. */
export type ParsedClientMessage =
  | { readonly ok: true; readonly message: ClientMessage }
  | { readonly ok: false; readonly problem: ClientMessageProblem };

/**
 * Parses one intent-socket message body (UTF-8 JSON). Unknown fields are refused rather than ignored: a misspelt
 * `limitPrice` must not turn a limit order into something else.
 */
export function parseClientMessage(body: Uint8Array): ParsedClientMessage {
  let value: unknown;
  try {
    const text = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    value = JSON.parse(text.toString('utf8'));
  } catch (error) {
    return refuse({ code: 'malformed-json', message: `the message is not JSON (${(error as Error).message})` });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse({ code: 'invalid-message', message: 'the message must be a JSON object' });
  }
  const record = value as Record<string, unknown>;
  // The everyday intents first: a valid one needs none of the checks below.
  const common = parseCommonIntent(record);
  if (common !== undefined) return { ok: true, message: common };
  const echo = {
    ...(typeof record.client === 'string' && record.client.length <= 64 ? { client: record.client } : {}),
    ...(typeof record.intent === 'string' && record.intent.length <= 64 ? { intent: record.intent } : {}),
  };
  if (!Number.isInteger(record.v)) {
    return refuse({
      code: 'invalid-message',
      message: 'the message has no integer "v" (protocol version)',
      field: 'v',
      ...echo,
    });
  }
  if (typeof record.type !== 'string') {
    return refuse({ code: 'invalid-message', message: 'the message has no string "type"', field: 'type', ...echo });
  }
  if (record.v !== BRIDGE_PROTOCOL_VERSION && record.type !== 'hello') {
    return refuse({
      code: 'unsupported-version',
      message: `protocol version ${String(record.v)} is not supported; this bridge speaks version ${BRIDGE_PROTOCOL_VERSION}`,
      field: 'v',
      ...echo,
    });
  }
  if (!Object.hasOwn(schemas, record.type)) {
    return refuse({
      code: 'unknown-type',
      message: `unknown message type ${JSON.stringify(record.type.slice(0, 64))}; known types: ${Object.keys(schemas).join(', ')}`,
      field: 'type',
      ...echo,
    });
  }
  return parseBySchema(record as Record<string, unknown> & { type: string }, echo);
}

/**
 * Validates a JSON object whose `v` and `type` were checked against the schemas: the definition of a valid message
 * and the source of every error text. Exported for the fast path's tests.
 *
 * @internal
 */
export function parseBySchema(
  record: Record<string, unknown> & { type: string },
  echo: Pick<ClientMessageProblem, 'client' | 'intent'> = {},
): ParsedClientMessage {
  const result = schemas[record.type as ClientMessageType].safeParse(record);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0]!;
  const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = [...issue.path.map(String), ...unknownKeys.slice(0, 1)].join('.');
  if (unknownKeys.length > 0) {
    return refuse({
      code: 'unknown-field',
      message: `unknown field ${JSON.stringify(path)} in a ${record.type} message; remove it (see docs/bridge-protocol.md)`,
      field: path,
      ...echo,
    });
  }
  return refuse({ code: 'invalid-field', message: `${path || 'message'}: ${issue.message}`, field: path, ...echo });
}

function refuse(problem: ClientMessageProblem): ParsedClientMessage {
  return { ok: false, problem };
}

function orderShapeProblem(order: {
  type: string;
  quantity?: number | undefined;
  notional?: number | undefined;
  limitPrice?: number | undefined;
  stopPrice?: number | undefined;
  trailPrice?: number | undefined;
  trailPercent?: number | undefined;
}): { field: string; text: string } | null {
  if ((order.quantity === undefined) === (order.notional === undefined)) {
    return { field: 'quantity', text: 'set exactly one of quantity or notional' };
  }
  if ((order.type === 'limit' || order.type === 'stop_limit') && order.limitPrice === undefined) {
    return { field: 'limitPrice', text: `a ${order.type} order needs limitPrice` };
  }
  if ((order.type === 'stop' || order.type === 'stop_limit') && order.stopPrice === undefined) {
    return { field: 'stopPrice', text: `a ${order.type} order needs stopPrice` };
  }
  if (order.type === 'trailing_stop' && (order.trailPrice === undefined) === (order.trailPercent === undefined)) {
    return { field: 'trailPrice', text: 'a trailing_stop order needs exactly one of trailPrice or trailPercent' };
  }
  return null;
}
