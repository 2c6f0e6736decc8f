import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRuntime } from '../runtime/runtime';
import type { RuntimeSummary } from '../runtime/runtime-summary';
import { EMBEDDED_DEFAULT_CONFIG } from './embedded-default-config';
import { renderLiveSummary } from './live-summary';
import { loadConfigFile } from './load-config-file';

/** Options of `tickwire run`. */
export interface RunCommandOptions {
  readonly config?: string;
  readonly durationSeconds?: number;
  readonly summaryJson?: string;
  readonly storeDir?: string;
  readonly quiet?: boolean;
}

/**
 * `tickwire run`: starts the runtime on a config (or the embedded default), shows a live summary, and stops
 * gracefully on SIGINT / SIGTERM or after `--duration`. SIGUSR2 trips the kill switch. Resolves with the exit code.
 */
export async function runCommand(options: RunCommandOptions): Promise<number> {
  const raw =
    options.config === undefined ? structuredClone(EMBEDDED_DEFAULT_CONFIG) : await loadConfigFile(options.config);
  if (options.storeDir !== undefined && typeof raw === 'object' && raw !== null) {
    (raw as { store?: unknown }).store = {
      ...((raw as { store?: object }).store ?? {}),
      dir: resolve(options.storeDir),
    };
  }
  const runtime = await createRuntime(raw, {
    configSource: options.config ?? 'the embedded default',
    // Relative paths in a config file (store, audit log, strategy modules) are relative to that file.
    baseDirectory: options.config === undefined ? process.cwd() : dirname(resolve(options.config)),
  });
  await runtime.start();

  let previous: RuntimeSummary | undefined;
  const live = process.stdout.isTTY === true && options.quiet !== true;
  const draw = () => {
    const current = runtime.summary();
    if (live) process.stdout.write(`\x1b[H\x1b[2J${renderLiveSummary(current, previous)}\n(Ctrl-C to stop)\n`);
    else if (options.quiet !== true)
      process.stdout.write(`${renderLiveSummary(current, previous).split('\n').slice(0, 3).join(' | ')}\n`);
    previous = current;
  };
  const ticker = setInterval(draw, live ? 1000 : 5000);

  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (options.durationSeconds !== undefined) setTimeout(() => resolve('duration'), options.durationSeconds * 1000);
  });
  const onKill = () => {
    void runtime.killSwitch.trip('SIGUSR2', 'signal').then((report) => {
      process.stderr.write(`kill switch tripped by SIGUSR2: ${report.results.length} connector(s) swept\n`);
    });
  };
  process.on('SIGUSR2', onKill);
  const reason = await stopSignal;
  clearInterval(ticker);
  process.off('SIGUSR2', onKill);
  process.stderr.write(`stopping (${reason}): draining rings, flushing files...\n`);
  const timeoutMs = runtime.config.shutdown.timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const summary = await Promise.race([
    runtime.stop(),
    new Promise<undefined>((resolveTimeout) => {
      timer = setTimeout(() => resolveTimeout(undefined), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (summary === undefined) {
    process.stderr.write(`tickwire: graceful stop did not finish within shutdown.timeoutMs (${timeoutMs} ms)\n`);
    return 1;
  }
  if (options.summaryJson !== undefined) writeFileSync(options.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(`${renderLiveSummary(summary, undefined)}\n`);
  return 0;
}
