import { describe, expect, it } from 'vitest';
import { spawnWorker } from '../threads/worker-launcher';
import type { PacedProducerData } from './__fixtures__/paced-producer-worker';
import { readSequencedRecord } from './__fixtures__/sequenced-records';
import { busyPollSpinsFor } from './busy-poll-calibration';
import { BusyPollWindow } from './busy-poll-window';
import { RingError } from './ring-error';
import { SpscRing } from './spsc-ring';

const loaderUrl = new URL('./__fixtures__/load-ts-worker.mjs', import.meta.url);
const producerUrl = new URL('./__fixtures__/paced-producer-worker.ts', import.meta.url).href;

describe('BusyPollWindow', () => {
  it('refuses a longest window below the first or above one second', () => {
    const ring = SpscRing.create({ capacity: 4 });
    for (const [first, longest] of [
      [2000, 1000],
      [2000, 2_000_000],
    ] as const) {
      let caught: unknown;
      try {
        new BusyPollWindow(ring, first, longest);
      } catch (error) {
        caught = error;
      }
      expect(RingError.isInstance(caught) && caught.code === 'RING_INVALID_OPTION').toBe(true);
      expect((caught as Error).message).toContain(`maxBusyPollUs ${longest}`);
    }
  });

  it('stays at zero for a consumer that sleeps at once', () => {
    const ring = SpscRing.create({ capacity: 4 });
    const window = new BusyPollWindow(ring, 0);
    expect(window.waitForData(1)).toBe('timed-out');
    expect(window.currentSpins).toBe(0);
  });

  it('grows while sleeps are cut short by a steady feed, stops sleeping, and shrinks back when the feed goes quiet', async () => {
    const ring = SpscRing.create({ capacity: 64 });
    const records = 40;
    const producerData: PacedProducerData = { ringBuffer: ring.buffer, records, gapMs: 10, pauseMs: 300 };
    const producer = spawnWorker(loaderUrl, { workerData: { ...producerData, fixtureUrl: producerUrl } });
    const exited = new Promise((resolve) => producer.once('exit', resolve));
    // 200 us first: far shorter than the 10 ms gaps, so the consumer starts out sleeping between records.
    const window = new BusyPollWindow(ring, 200);
    const firstSpins = busyPollSpinsFor(200);
    const spinsAfterRecord: number[] = [];
    const sleepsAfterRecord: number[] = [];
    const sequences: number[] = [];
    for (;;) {
      const handled = ring.poll((_view, offset) => {
        sequences.push(readSequencedRecord(ring.uint32, offset >> 2));
        spinsAfterRecord.push(window.currentSpins);
        sleepsAfterRecord.push(ring.consumerSleeps);
      });
      if (handled > 0) continue;
      if (window.waitForData(1000) === 'closed') break;
    }
    await exited;
    expect(sequences).toEqual(Array.from({ length: records + 1 }, (_, sequence) => sequence));
    // Early on it slept between records, and each sleep cut short doubled the window.
    expect(sleepsAfterRecord[5]!).toBeGreaterThan(0);
    const largest = Math.max(...spinsAfterRecord.slice(0, records));
    expect(largest).toBeGreaterThanOrEqual(firstSpins * 32);
    // Once the window covered the gaps, the steady part of the feed cost no more sleeps.
    expect(sleepsAfterRecord[records - 1]!).toBe(sleepsAfterRecord[records - 11]!);
    // The 300 ms pause ran a sleep to its timeout: back to the first window for the last record.
    expect(ring.consumerSleepsTimedOut).toBeGreaterThan(0);
    expect(spinsAfterRecord[records]).toBe(firstSpins);
  });
});
