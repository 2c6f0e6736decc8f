// Plain-JavaScript worker entry: registers tsx's ESM hooks, then loads the TypeScript worker named by
// `workerData.fixtureUrl`. (spawnWorker's own `.ts` path imports tsx's CommonJS API entry, which tsx 4.23 cannot
// load through `import()`; see the ring's report.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.fixtureUrl);
