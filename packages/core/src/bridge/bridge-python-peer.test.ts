import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_MAX_QUANTITY_REASON, FakeIntentHandler } from './__fixtures__/fake-intent-handler';
import { encodeTestTicks, interleavedTicks } from './__fixtures__/tick-records';
import { createBridge } from './create-bridge';

const python = process.env.TICKWIRE_PYTHON ?? '/usr/bin/python3';
const peerScript = fileURLToPath(new URL('./__fixtures__/python-peer.py', import.meta.url));
const pythonPackage = fileURLToPath(new URL('../../../../python', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts the Python peer and returns a reader of its JSON lines, each awaited with a deadline. */
function startPeer(args: string[]): {
  peer: ChildProcessWithoutNullStreams;
  nextLine: (timeoutMs: number) => Promise<Record<string, unknown>>;
} {
  const peer = spawn(python, [peerScript, ...args], { env: { ...process.env, PYTHONPATH: pythonPackage } });
  cleanups.push(() => {
    if (peer.exitCode === null) peer.kill('SIGKILL');
  });
  let stderr = '';
  peer.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const lines = createInterface({ input: peer.stdout })[Symbol.asyncIterator]();
  const nextLine = async (timeoutMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`python peer said nothing within ${timeoutMs} ms; stderr: ${stderr}`)),
        timeoutMs,
      );
    });
    const line = await Promise.race([lines.next(), timeout]).finally(() => clearTimeout(timer));
    if (line.done === true) throw new Error(`python peer exited early; stderr: ${stderr}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  return { peer, nextLine };
}

describe('bridge with a real Python peer', () => {
  it('delivers every tick in contiguous sequence to Python, and answers its intents with accepted and denied', async () => {
    const handler = new FakeIntentHandler(100);
    const bridge = createBridge({
      publishEndpoint: 'tcp://127.0.0.1:*',
      intentEndpoint: 'tcp://127.0.0.1:*',
      intentHandler: handler,
      heartbeatIntervalMs: 50,
      maxBatchRecords: 128,
    });
    cleanups.push(() => bridge.stop());
    const endpoints = await bridge.start();
    const symbols = [0x0a0a0a0a, 0x0b0b0b0b, 0xfffffff1];
    const perSymbol = 5000;
    const { peer, nextLine } = startPeer([endpoints.publish, endpoints.intent!, String(symbols.length * perSymbol)]);
    expect(await nextLine(15_000)).toEqual({ ready: true });
    const ticks = interleavedTicks(7, symbols, perSymbol, 0xfffff000);
    const records = encodeTestTicks(ticks);
    // Paced in chunks, so this loopback test stays well within what a Python reader keeps up with.
    for (let first = 0; first < ticks.length; first += 500) {
      bridge.publishTicks(records.subarray(first * 32, (first + 500) * 32), Math.min(500, ticks.length - first));
      bridge.flush();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result = await nextLine(30_000);
    const received = result.ticks as { received: number; gaps: number; sequences: Record<string, number[]> };
    expect(received.received).toBe(ticks.length);
    expect(received.gaps).toBe(0);
    const expected = Array.from({ length: perSymbol }, (_, index) => (0xfffff000 + index) >>> 0);
    for (const symbolId of symbols) expect(received.sequences[String(symbolId)]).toEqual(expected);
    expect(result.replies).toEqual([
      { type: 'accepted', intent: 'peer-1', clientOrderId: 'py-peer-peer-1', reasonCode: null, reasonName: null },
      {
        type: 'denied',
        intent: 'peer-2',
        clientOrderId: null,
        reasonCode: FAKE_MAX_QUANTITY_REASON.code,
        reasonName: FAKE_MAX_QUANTITY_REASON.name,
      },
    ]);
    expect(handler.submits.map((intent) => [intent.client, intent.order.quantity, intent.order.limitPrice])).toEqual([
      ['py-peer', 5, 99.5],
      ['py-peer', 500, undefined],
    ]);
    await new Promise<void>((resolve) => (peer.exitCode !== null ? resolve() : peer.once('exit', () => resolve())));
    expect(peer.exitCode).toBe(0);
  });
});
