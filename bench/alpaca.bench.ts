// Alpaca quote ingest, messages/s and ticks/s, in one run, from a local feed (a worker thread speaking Alpaca's
// market-data protocol over wss:// on 127.0.0.1):
// - tickwire's connector (JSON frames) against a bare `ws` + JSON.parse loop, the floor every JSON client pays;
// - tickwire's connector (MessagePack frames) against the official @alpacahq/alpaca-trade-api data stream, which
//   always asks Alpaca for MessagePack (and a bare MessagePack decode loop, in the notes);
// - the same parse + normalize path in process, with no socket, against JSON.parse alone.
// Fairness: the same prepared frames for everyone; every socket contender in a fresh child process of its own, on
// the same TLS feed (the official client only speaks wss://), timed from its subscribe request to its last quote;
// three rounds in rotating order, medians reported.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnWorker } from '../packages/core/src/threads/worker-launcher';
import { decodeOnlyInProcess, tickwireInProcess } from './alpaca/in-process-parse';
import { createThrowawayTls, type ThrowawayTls } from './alpaca/throwaway-tls';
import { benchCase } from './lib/bench-case';
import type { BenchCase, Benchmark } from './lib/bench-types';

const QUOTES = Number(process.env.ALPACA_BENCH_QUOTES ?? 200_000);
const ROUNDS = 3;
const BATCHES = [1, 16];
const CLIENTS = ['tickwire-json', 'floor-json', 'tickwire-msgpack', 'official', 'floor-msgpack'] as const;
type Client = (typeof CLIENTS)[number];

interface ClientResult {
  readonly frames: number;
  readonly quotes: number;
  readonly elapsedMs: number;
  readonly dropped: number;
}

const clientScript = fileURLToPath(new URL('./alpaca/ingest-client.ts', import.meta.url));

function runClient(
  client: Client,
  port: number,
  frames: number,
  batch: number,
  tls: ThrowawayTls,
): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', clientScript, client, String(port), String(frames * batch), String(frames)],
      {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.certPath },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = output.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as ClientResult);
      else reject(new Error(`${client} exited with ${code}: ${errors.slice(-600)}`));
    });
  });
}

async function withFeed<T>(
  batch: number,
  frames: number,
  tls: ThrowawayTls,
  run: (port: number) => Promise<T>,
): Promise<T> {
  const worker = spawnWorker(new URL('./alpaca/feed-worker.ts', import.meta.url), {
    workerData: { batch, frames, key: tls.key, cert: tls.cert },
  });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  try {
    return await run(port);
  } finally {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function measureBatch(batch: number, tls: ThrowawayTls): Promise<BenchCase[]> {
  const frames = Math.ceil(QUOTES / batch);
  const results = new Map<Client, ClientResult[]>();
  const failures = new Map<Client, string>();
  await withFeed(batch, frames, tls, async (port) => {
    for (let round = 0; round < ROUNDS; round++) {
      for (let index = 0; index < CLIENTS.length; index++) {
        const client = CLIENTS[(index + round) % CLIENTS.length]!;
        if (failures.has(client)) continue;
        try {
          const result = await runClient(client, port, frames, batch, tls);
          results.set(client, [...(results.get(client) ?? []), result]);
        } catch (error) {
          failures.set(client, (error as Error).message.split('\n')[0] ?? 'failed');
        }
      }
    }
  });
  const rate = (client: Client, per: 'frames' | 'quotes') => {
    const runs = results.get(client);
    if (runs === undefined) return null;
    return median(runs.map((run) => (per === 'frames' ? run.frames : run.quotes) / (run.elapsedMs / 1000)));
  };
  const dropped = (results.get('tickwire-json') ?? [])
    .concat(results.get('tickwire-msgpack') ?? [])
    .reduce((sum, run) => sum + run.dropped, 0);
  const label = `${batch === 1 ? 'single-quote' : `${batch}-quote`} frames, ${frames} over wss`;
  const officialNote = failures.has('official') ? `official client failed: ${failures.get('official')}` : undefined;
  const floorMsgpack = rate('floor-msgpack', 'quotes');
  const cases: BenchCase[] = [];
  for (const [unit, per] of [
    ['msgs/s', 'frames'],
    ['ticks/s', 'quotes'],
  ] as const) {
    cases.push(
      benchCase(
        `JSON ${label}`,
        unit,
        rate('tickwire-json', per) ?? 0,
        rate('floor-json', per),
        'ws + JSON.parse only',
        `ring drops ${dropped}`,
      ),
      benchCase(
        `MessagePack ${label}`,
        unit,
        rate('tickwire-msgpack', per) ?? 0,
        rate('official', per),
        rate('official', per) === null ? null : '@alpacahq/alpaca-trade-api data_stream_v2',
        officialNote ??
          (per === 'quotes' && floorMsgpack !== null
            ? `bare ws + msgpack decode: ${(floorMsgpack / 1e3).toFixed(0)}k ticks/s`
            : undefined),
      ),
    );
  }
  return cases;
}

const benchmark: Benchmark = {
  name: 'alpaca',
  description: 'Alpaca quote ingest from a local wss feed: tickwire vs JSON.parse floor vs the official Alpaca client',
  async run() {
    const tls = createThrowawayTls();
    const cases: BenchCase[] = [];
    try {
      for (const batch of BATCHES) cases.push(...(await measureBatch(batch, tls)));
    } finally {
      tls.dispose();
    }
    for (const encoding of ['json', 'msgpack'] as const) {
      for (const batch of BATCHES) {
        const count = batch === 1 ? 400_000 : 50_000;
        const tickwire = median([0, 1, 2].map(() => tickwireInProcess(batch, count, encoding).quotesPerSecond));
        const floor = median([0, 1, 2].map(() => decodeOnlyInProcess(batch, count, encoding).quotesPerSecond));
        const peerName = encoding === 'json' ? 'JSON.parse only' : '@msgpack/msgpack decode only';
        const budget = batch === 1 ? 'budget: >= 500k msgs/s single-record JSON' : 'budget: >= 1M ticks/s batched';
        cases.push(
          benchCase(
            `in process, no socket: decode + parse + ring, ${batch}-quote ${encoding === 'json' ? 'JSON' : 'MessagePack'} frames`,
            'ticks/s',
            tickwire,
            floor,
            peerName,
            encoding === 'json' ? budget : undefined,
          ),
        );
      }
    }
    return cases;
  },
};

export default benchmark;
