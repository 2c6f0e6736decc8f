import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ResumeEvent, type SilenceEvent, SilenceWatchdog } from './silence-watchdog';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

function watch(options: { dataSilenceMs: number; heartbeatSilenceMs?: number; checkIntervalMs?: number }) {
  const silences: SilenceEvent[] = [];
  const resumes: ResumeEvent[] = [];
  const watchdog = new SilenceWatchdog({
    ...options,
    onSilence: (event) => silences.push(event),
    onResume: (event) => resumes.push(event),
  });
  return { watchdog, silences, resumes };
}

describe('SilenceWatchdog', () => {
  it('stays quiet while data flows and fires once when it stops', () => {
    const { watchdog, silences } = watch({ dataSilenceMs: 1_000, checkIntervalMs: 100 });
    watchdog.start();
    for (let step = 0; step < 30; step++) {
      watchdog.noteData();
      vi.advanceTimersByTime(100);
    }
    expect(silences).toEqual([]);
    vi.advanceTimersByTime(999);
    expect(silences).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(silences).toHaveLength(1);
    expect(silences[0]).toMatchObject({ kind: 'data', heartbeatsContinue: false });
    expect(silences[0]?.silentForMs).toBeGreaterThanOrEqual(1_000);
    expect(silences[0]?.silentForMs).toBeLessThanOrEqual(1_100);
    vi.advanceTimersByTime(10_000);
    expect(silences).toHaveLength(1);
  });

  it('tells "heartbeats continue but no data" apart from total silence', () => {
    const { watchdog, silences } = watch({ dataSilenceMs: 1_000, heartbeatSilenceMs: 3_000, checkIntervalMs: 100 });
    watchdog.start();
    for (let step = 0; step < 15; step++) {
      watchdog.noteHeartbeat();
      vi.advanceTimersByTime(100);
    }
    expect(silences).toEqual([expect.objectContaining({ kind: 'data', heartbeatsContinue: true })]);
    vi.advanceTimersByTime(3_100);
    expect(silences.map((event) => event.kind)).toEqual(['data', 'heartbeat']);
  });

  it('reports the resumption with the length of the silence, and can fire again later', () => {
    const { watchdog, silences, resumes } = watch({ dataSilenceMs: 500, checkIntervalMs: 50 });
    watchdog.start();
    vi.advanceTimersByTime(2_000);
    watchdog.noteData();
    vi.advanceTimersByTime(50);
    expect(resumes).toHaveLength(1);
    expect(resumes[0]?.kind).toBe('data');
    expect(resumes[0]?.silentForMs).toBeGreaterThanOrEqual(2_000);
    vi.advanceTimersByTime(600);
    expect(silences).toHaveLength(2);
  });

  it('stops firing after stop() and measures afresh after start()', () => {
    const { watchdog, silences } = watch({ dataSilenceMs: 500, checkIntervalMs: 50 });
    watchdog.start();
    vi.advanceTimersByTime(400);
    watchdog.stop();
    expect(watchdog.running).toBe(false);
    vi.advanceTimersByTime(5_000);
    expect(silences).toEqual([]);
    watchdog.start();
    vi.advanceTimersByTime(400);
    expect(silences).toEqual([]);
    vi.advanceTimersByTime(150);
    expect(silences).toHaveLength(1);
  });

  it('keeps running when a callback throws', () => {
    let calls = 0;
    const watchdog = new SilenceWatchdog({
      dataSilenceMs: 100,
      checkIntervalMs: 10,
      onSilence: () => {
        calls++;
        throw new Error('connector bug');
      },
    });
    watchdog.start();
    vi.advanceTimersByTime(200);
    watchdog.noteData();
    vi.advanceTimersByTime(300);
    expect(calls).toBe(2);
    watchdog.stop();
  });

  it('refuses nonsense thresholds', () => {
    expect(() => new SilenceWatchdog({ dataSilenceMs: 0, onSilence: () => {} })).toThrow(/positive milliseconds/);
  });
});
