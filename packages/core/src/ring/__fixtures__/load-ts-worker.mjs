// Workaround entry, plain JavaScript so a Worker can start it without a loader. spawnWorker's own `.ts` path
// imports tsx's CommonJS API entry (`createRequire().resolve('tsx/esm/api')`), which tsx 4.23 cannot load from
// `import()` ("Cannot find module .../esm/api/esm/index.mjs"). This entry registers tsx's ESM hooks through the
// package's ESM entry, then loads the TypeScript fixture named by `workerData.fixtureUrl`.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.fixtureUrl);
