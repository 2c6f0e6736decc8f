// A real bridge in its own process, for the Python end-to-end tests (python/tests/test_bridge_e2e.py).
//
//   node --import tsx packages/core/src/bridge/__fixtures__/bridge-fixture-server.ts
//
// Prints one JSON line with the bound endpoints and a control endpoint (a ZeroMQ REP socket: one JSON command in,
// one JSON answer out). It stops on {"cmd":"stop"}, when its parent process dies, or after 120 s at the latest.
// (Not stdin: under tsx, a process waiting on a stdin pipe stalls its timers, and with them the heartbeats.)
import * as zmq from 'zeromq';
import { symbolIdOf } from '../../tick/symbol-id';
import { createBridge } from '../create-bridge';
import type { IntentOutcome, SubmitIntent } from '../intent-handler';
import { FakeIntentHandler } from './fake-intent-handler';
import { encodeTestTicks, interleavedTicks } from './tick-records';

interface TicksCommand {
  readonly cmd: 'ticks';
  readonly source: number;
  readonly symbols: readonly string[];
  readonly perSymbol: number;
  readonly firstSequence?: number;
  /** Sequences to leave out, to make a gap on purpose. */
  readonly skip?: readonly number[];
  readonly chunk?: number;
}

type Command = TicksCommand | { readonly cmd: 'stats' } | { readonly cmd: 'stop' };

/** The fake order manager, plus a broker that acknowledges and fills every accepted order a moment later. */
class FillingHandler extends FakeIntentHandler {
  onAccepted: (intent: SubmitIntent) => void = () => {};

  override async submit(intent: SubmitIntent): Promise<IntentOutcome> {
    const outcome = await super.submit(intent);
    if (outcome.kind === 'accepted') setTimeout(() => this.onAccepted(intent), 5);
    return outcome;
  }
}

const handler = new FillingHandler(100);
const bridge = createBridge({
  publishEndpoint: 'tcp://127.0.0.1:*',
  intentEndpoint: 'tcp://127.0.0.1:*',
  intentHandler: handler,
  heartbeatIntervalMs: 50,
  intentTimeoutMs: 300,
  maxBatchRecords: Number(process.env.TICKWIRE_FIXTURE_BATCH ?? 64),
  maxBatchDelayMicros: 0,
});
handler.onAccepted = (intent) => {
  const order = intent.order;
  const quantity = order.quantity ?? 0;
  const base = { clientOrderId: order.clientOrderId, brokerOrderId: `B-${order.clientOrderId}` };
  bridge.publishOrderUpdate({ ...base, status: 'new', leavesQuantity: quantity, timestampMs: Date.now() });
  bridge.publishOrderUpdate({
    ...base,
    status: 'filled',
    fill: {
      executionId: `E-${order.clientOrderId}`,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      quantity,
      price: order.limitPrice ?? 100,
      timestampMs: Date.now(),
    },
    cumulativeQuantity: quantity,
    leavesQuantity: 0,
    averageFillPrice: order.limitPrice ?? 100,
    timestampMs: Date.now(),
  });
};

const endpoints = await bridge.start();
const control = new zmq.Reply({ linger: 0 });
await control.bind('tcp://127.0.0.1:*');
console.log(
  JSON.stringify({ ...endpoints, control: control.lastEndpoint, session: bridge.sessionId, pid: process.pid }),
);

const parent = process.ppid;
const lifetime = setTimeout(() => void shutdown(), 120_000);
const orphanCheck = setInterval(() => {
  if (process.ppid !== parent) void shutdown();
}, 200);
let stopping = false;

async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearTimeout(lifetime);
  clearInterval(orphanCheck);
  await bridge.stop();
  control.close();
  process.exit(0);
}

function publishTicks(command: TicksCommand): number {
  const skip = new Set(command.skip ?? []);
  const ticks = interleavedTicks(
    command.source,
    command.symbols.map(symbolIdOf),
    command.perSymbol,
    command.firstSequence,
  ).filter((tick) => !skip.has(tick.sequence));
  const records = encodeTestTicks(ticks);
  const chunk = command.chunk ?? 256;
  for (let first = 0; first < ticks.length; first += chunk) {
    const count = Math.min(chunk, ticks.length - first);
    bridge.publishTicks(records.subarray(first * 32, (first + count) * 32), count);
  }
  bridge.flush();
  return ticks.length;
}

function obey(command: Command): unknown {
  switch (command.cmd) {
    case 'ticks':
      return { published: publishTicks(command) };
    case 'stats':
      return { stats: bridge.stats(), submits: handler.submits.length };
    case 'stop':
      setImmediate(() => void shutdown());
      return { stopping: true };
    default:
      return { error: `unknown command ${JSON.stringify(command)}` };
  }
}

for await (const [request] of control) {
  let answer: unknown;
  try {
    answer = obey(JSON.parse(String(request)) as Command);
  } catch (error) {
    answer = { error: (error as Error).message };
  }
  await control.send(JSON.stringify(answer));
}
