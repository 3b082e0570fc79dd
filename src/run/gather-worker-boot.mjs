// Worker entry: loads the TypeScript worker through tsx, as bin/egovscan.js loads the CLI.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
