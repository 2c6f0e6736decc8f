import { createWriteStream } from 'node:fs';
import { createBridge } from '../bridge/create-bridge';
import { exportTicksCsv } from '../store/export-ticks-csv';
import { inspectTicks } from '../store/inspect-ticks';
import { replayTicks } from '../store/replay-ticks';
import { createProgressBar } from './progress-bar';

/** `tickwire inspect <file|dir>`: header, record count, time range, sequence gaps and flag counts. */
export async function inspectCommand(path: string, json: boolean): Promise<number> {
  const progress = createProgressBar('inspecting');
  const report = await inspectTicks(path, { onProgress: (p) => progress.update(p.records, p.totalRecords) });
  progress.finish();
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const totals = report.totals;
  process.stdout.write(
    `${report.path}: ${totals.files} file(s), ${totals.records} ticks, ${totals.bytes} bytes\n` +
      `time     ${totals.firstTime ?? '-'} .. ${totals.lastTime ?? '-'}\n` +
      `gaps     ${totals.sequenceGaps} (${totals.missingTicks} ticks missing), ${totals.sequenceResets} resets, ` +
      `${totals.outOfOrderTimestamps} out-of-order timestamps, ${totals.tornBytes} torn bytes\n` +
      `flags    ${Object.entries(totals.flagCounts)
        .map(([flag, count]) => `${flag} ${count}`)
        .join(', ')}\n`,
  );
  for (const skipped of report.skipped) process.stdout.write(`skipped  ${JSON.stringify(skipped)}\n`);
  return 0;
}

/** `tickwire export <file|dir> --format csv [--out file]`. */
export async function exportCommand(path: string, format: string, out: string | undefined): Promise<number> {
  if (format !== 'csv') {
    process.stderr.write(`tickwire export: format ${JSON.stringify(format)} is not supported; use --format csv\n`);
    return 2;
  }
  const progress = createProgressBar('exporting');
  const stream = out === undefined ? process.stdout : createWriteStream(out);
  const count = await exportTicksCsv(path, stream, { onProgress: (p) => progress.update(p.records, p.totalRecords) });
  progress.finish();
  if (stream !== process.stdout) await new Promise<void>((resolve) => stream.end(resolve));
  process.stderr.write(`exported ${count} ticks\n`);
  return 0;
}

/**
 * `tickwire replay <file|dir> [--pace recorded|fast] [--speed N] [--publish <endpoint>]`: replays tick files, at
 * their recorded pace or as fast as possible, optionally publishing them on a ZeroMQ bridge endpoint so Python
 * subscribers see a recorded day as if it were live.
 */
export async function replayCommand(
  path: string,
  pace: 'recorded' | 'fast',
  speed: number,
  publishEndpoint: string | undefined,
): Promise<number> {
  const bridge = publishEndpoint === undefined ? undefined : createBridge({ publishEndpoint });
  if (bridge !== undefined) await bridge.start();
  const progress = createProgressBar('replaying');
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const report = await replayTicks(
      path,
      (batch) => {
        bridge?.publishTicks(batch.bytes, batch.count);
        bridge?.flush();
      },
      { pace, speed, signal: abort.signal, onProgress: (p) => progress.update(p.ticks, p.totalTicks) },
    );
    progress.finish();
    process.stdout.write(
      `replayed ${report.ticks} of ${report.totalTicks} ticks${report.aborted ? ' (interrupted)' : ''}` +
        `${bridge === undefined ? '' : ` to ${publishEndpoint}`}\n`,
    );
    return 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    await bridge?.stop();
  }
}
