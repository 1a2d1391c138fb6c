import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread running the module `name` beside the caller: its
 * TypeScript source under tsx and the tests (through worker-tsx.mjs, which
 * registers tsx's loader in the thread first), or `<name>.js` in a bundle
 * (scripts/build.ts writes each worker beside the chunks). Undefined when no
 * thread can start; the caller then does the work on its own thread.
 */
export function startWorkerThread(name: string, callerUrl: string): Worker | undefined {
  try {
    if (callerUrl.endsWith(".ts")) return new Worker(new URL("./worker-tsx.mjs", import.meta.url), { workerData: { entry: new URL(`./${name}.ts`, callerUrl).href } });
    return new Worker(new URL(`./${name}.js`, callerUrl));
  } catch {
    return undefined;
  }
}
