export { siblingWorkerUrl, spawnWorker } from './worker-launcher';
