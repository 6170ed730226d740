// Boots a worker thread: registers the TypeScript loader, then imports the worker's entry module.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
