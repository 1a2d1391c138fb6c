// A worker thread's entry when running from the TypeScript source (tsx, tests): registers tsx's loader, then loads the worker module named by the caller (src/worker-thread.ts).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
