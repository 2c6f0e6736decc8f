import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Resolves a worker entry that sits beside the calling module.
 *
 * From the built package the caller is `dist/*.js` and its worker is a sibling `.js` entry; from source (tests,
 * benchmarks) the caller is a `.ts` file and so is the worker. Naming the worker without an extension keeps both
 * working from one call site.
 *
 * @param callerUrl - `import.meta.url` of the calling module.
 * @param baseName - the worker's file name without extension, e.g. `store-worker`.
 */
export function siblingWorkerUrl(callerUrl: string, baseName: string): URL {
  const extension = callerUrl.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${baseName}${extension}`, callerUrl);
}

/**
 * Starts a `worker_threads` Worker on a module URL. A `.ts` module is started through tsx's loader, because
 * Node 20 workers do not inherit `--import` hooks; a `.js` module starts directly.
 *
 * @param moduleUrl - the worker module's URL.
 * @param options - standard Worker options (`workerData`, `transferList`, resource limits...).
 */
export function spawnWorker(moduleUrl: URL, options: WorkerOptions = {}): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  // The ESM entry: tsx's CommonJS entry cannot be loaded through import().
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
