import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CRASH_STREAMS } from './__fixtures__/crash-streams';
import { sampleTicks } from './__fixtures__/sample-ticks';
import { readTickBatches } from './read-tick-batches';
import type { TickStoreEvent } from './store-events';
import { acquireStoreLock } from './store-lock';
import { TICK_FILE_HEADER_SIZE } from './tick-file-header';
import { symbolToFileName } from './tick-file-path';
import { TickStoreWriter } from './tick-store-writer';

const childScript = fileURLToPath(new URL('./__fixtures__/crash-child.ts', import.meta.url));
const tearingModule = new URL('./__fixtures__/tearing-file-system.ts', import.meta.url).href;
const sourceNames = new Map([
  [1, 'truefx'],
  [4, 'alpaca'],
]);

interface ChildLine {
  readonly flushed?: number;
  readonly published?: number;
  readonly tearing?: boolean;
  readonly event?: TickStoreEvent;
}

interface KilledChild {
  readonly pid: number;
  readonly lines: ChildLine[];
  /** The highest flushedTicks the child reported before it died. */
  readonly lastFlushed: number;
  readonly lastPublished: number;
}

/** Runs crash-child.ts and SIGKILLs it as soon as `killWhen` accepts one of its stdout lines. */
function runChildUntilKilled(
  directory: string,
  killWhen: (line: ChildLine, lines: readonly ChildLine[]) => boolean,
  extraArguments: string[] = [],
  environment: NodeJS.ProcessEnv = {},
): Promise<KilledChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, directory, ...extraArguments], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...environment },
  });
  const lines: ChildLine[] = [];
  let stderr = '';
  let buffered = '';
  const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    buffered += text;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = JSON.parse(buffered.slice(0, newline)) as ChildLine;
      buffered = buffered.slice(newline + 1);
      lines.push(line);
      if (child.exitCode === null && child.signalCode === null && killWhen(line, lines)) child.kill('SIGKILL');
      newline = buffered.indexOf('\n');
    }
  });
  child.stderr.on('data', (text: Buffer) => {
    stderr += text.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      const reports = lines.filter((line) => line.flushed !== undefined);
      if (signal !== 'SIGKILL' || reports.length === 0) {
        reject(
          new Error(
            `crash child ended with code ${code}, signal ${signal}, ${reports.length} reports; stderr: ${stderr}`,
          ),
        );
        return;
      }
      resolve({
        pid: child.pid!,
        lines,
        lastFlushed: Math.max(...reports.map((line) => line.flushed!)),
        lastPublished: Math.max(...reports.map((line) => line.published!)),
      });
    });
  });
}

function folderOf(directory: string, streamIndex: number): string {
  const stream = CRASH_STREAMS[streamIndex]!;
  return join(directory, sourceNames.get(stream.sourceId)!, symbolToFileName(stream.symbol));
}

interface Reopened {
  readonly events: TickStoreEvent[];
  /** Whole records each symbol's file held after the crash (the repair keeps exactly these). */
  readonly survivors: number[];
  /** Each symbol's partial-record bytes found after the crash. */
  readonly tornBytes: number[];
}

/**
 * What a restarted store does: take the dead child's lock, reopen each file (repairing its tail) and append the
 * next 100 ticks of each symbol.
 */
function reopenAndContinue(directory: string, deadPid: number): Reopened {
  const lock = acquireStoreLock(directory);
  expect(lock.recoveredFrom?.pid).toBe(deadPid);
  const paths = CRASH_STREAMS.map((_, index) => join(folderOf(directory, index), '2024-03-15.tick'));
  const sizes = paths.map((path) => statSync(path).size - TICK_FILE_HEADER_SIZE);
  const survivors = sizes.map((size) => Math.floor(size / 32));
  const tornBytes = sizes.map((size) => size % 32);
  const events: TickStoreEvent[] = [];
  const writer = new TickStoreWriter(
    {
      directory,
      symbols: CRASH_STREAMS.map((stream) => ({ symbol: stream.symbol, priceIncrement: stream.priceIncrement })),
    },
    { onEvent: (event) => events.push(event) },
  );
  CRASH_STREAMS.forEach((stream, index) => {
    writer.appendRecords(sampleTicks(stream, survivors[index]!, 100), 0, 100);
  });
  writer.close();
  lock.release();
  return { events, survivors, tornBytes };
}

/** Asserts each symbol's file holds sequences 0..n-1 once each, n covering every flushed tick, plus the 100 appended. */
function expectFlushedPrefixExactlyOnce(directory: string, child: KilledChild, reopened: Reopened): void {
  // The feed alternates the two symbols, so the first F ticks hold ceil(F/2) EUR/USD and floor(F/2) AAPL ticks.
  const flushedPerSymbol = [Math.ceil(child.lastFlushed / 2), Math.floor(child.lastFlushed / 2)];
  CRASH_STREAMS.forEach((_, index) => {
    const survivors = reopened.survivors[index]!;
    expect(survivors).toBeGreaterThanOrEqual(flushedPerSymbol[index]!);
    const sequences: number[] = [];
    for (const batch of readTickBatches(folderOf(directory, index), { order: 'file' })) {
      for (let record = 0; record < batch.count; record++) sequences.push(batch.sequenceAt(record));
    }
    expect(sequences.length).toBe(survivors + 100);
    const outOfPlace = sequences.findIndex((sequence, position) => sequence !== position);
    expect(outOfPlace).toBe(-1);
  });
}

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'tickwire-crash-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('TickStore after SIGKILL of a real process', () => {
  it('keeps every tick up to the last flush, exactly once, and appends after it on restart', async () => {
    const child = await runChildUntilKilled(
      directory,
      (line, lines) => (line.flushed ?? 0) >= 100_000 && lines.filter((each) => each.flushed !== undefined).length >= 5,
    );
    expect(child.lastFlushed).toBeGreaterThanOrEqual(100_000);
    const reopened = reopenAndContinue(directory, child.pid);
    expectFlushedPrefixExactlyOnce(directory, child, reopened);
    // Whatever the kill left (a torn record or a clean end), the reopen reported exactly that.
    CRASH_STREAMS.forEach((_, index) => {
      const path = join(folderOf(directory, index), '2024-03-15.tick');
      const repaired = reopened.events.find((event) => event.type === 'tail-repaired' && event.path === path);
      if (reopened.tornBytes[index] === 0) expect(repaired).toBeUndefined();
      else
        expect(repaired).toMatchObject({
          tornBytes: reopened.tornBytes[index],
          recordCount: reopened.survivors[index],
        });
    });
  });

  it('detects, cuts off and reports a record torn by a kill in the middle of a write', async () => {
    const child = await runChildUntilKilled(directory, (line) => line.tearing === true, [tearingModule], {
      TICKWIRE_TEAR_AFTER: '30',
    });
    const reopened = reopenAndContinue(directory, child.pid);
    // The hung write put 1000 bytes down: 31 whole records and 8 bytes of the 32nd, in exactly one of the files.
    expect([...reopened.tornBytes].sort()).toEqual([0, 8]);
    const tornIndex = reopened.tornBytes.indexOf(8);
    expect(reopened.events).toContainEqual({
      type: 'tail-repaired',
      path: join(folderOf(directory, tornIndex), '2024-03-15.tick'),
      tornBytes: 8,
      zeroRecordsRemoved: 0,
      recordCount: reopened.survivors[tornIndex]!,
    });
    expectFlushedPrefixExactlyOnce(directory, child, reopened);
  });
});
