import type { Worker } from "node:worker_threads";
import { startWorkerThread } from "../../worker-thread.ts";
import { runDiskOp, type DiskOp } from "./disk-ops.ts";

interface Pending {
  op: DiskOp;
  resolve: () => void;
  reject: (error: Error) => void;
}

type ThreadError = { message: string; code?: string; syscall?: string; path?: string };

/**
 * Runs the steps of lowdb's durable writes that wait for the disk (fsync,
 * rename, folder sync: see disk-ops.ts) on a thread of their own. Each step
 * is several calls, and on the main thread each call's completion waited for
 * a turn of a loop busy with every other user's message: at a thousand
 * messages a second an acknowledged form answer spent about 10 ms that way
 * even on a RAM disk (bench on tmpfs). The thread's loop is idle, so the calls
 * follow each other at once, and the main thread waits for one message back
 * per step. Only paths cross to the thread: the content is written to the
 * page cache by the main thread (durable-file.ts), so no copy of it piles up
 * in the thread's heap (that cost ~30 MB of peak memory). Where no thread can
 * start, or it stopped, the steps run here.
 */
export class DiskThread {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `module`: the worker module beside this one (see src/worker-thread.ts). */
  constructor(private readonly module: string) {}

  /** Whether a thread is running the steps (false once it failed: they run here). */
  get onThread(): boolean {
    return this.worker !== undefined;
  }

  /** Starts the thread ahead of the first write (the bot at start-up). */
  start(): void {
    this.thread();
  }

  /** Runs one step on the thread (or here), resolving once it is done, rejecting with its file system error. */
  run(op: DiskOp): Promise<void> {
    const worker = this.thread();
    if (!worker) return runDiskOp(op);
    return new Promise<void>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { op, resolve, reject });
      // Kept alive while a step is in flight, not once idle (a CLI or a stopping bot must be able to exit).
      worker.ref();
      worker.postMessage({ id, op });
    });
  }

  private thread(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    const worker = startWorkerThread(this.module, import.meta.url);
    if (!worker) {
      this.broken = true;
      return undefined;
    }
    this.worker = worker;
    worker.unref();
    worker.on("message", (message: { id: number; error?: ThreadError }) => {
      const step = this.pending.get(message.id);
      if (!step) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.error) step.reject(Object.assign(new Error(message.error.message), { code: message.error.code, syscall: message.error.syscall, path: message.error.path }));
      else step.resolve();
    });
    worker.on("error", () => this.fail());
    worker.on("exit", (code) => {
      if (code !== 0 || this.pending.size > 0) this.fail();
      else this.worker = undefined;
    });
    return worker;
  }

  /**
   * A thread that cannot start (its module missing) or died: the steps in
   * flight run again here. Each step can be run twice: a file or folder is
   * synced again, and a replace whose rename was done fails (its temp file is
   * gone), so its write fails as any failed write does.
   */
  private fail(): void {
    this.broken = true;
    this.worker = undefined;
    for (const [id, step] of this.pending) {
      this.pending.delete(id);
      runDiskOp(step.op).then(step.resolve, step.reject);
    }
  }
}

/** The one disk thread of this process. */
export const diskThread = new DiskThread("disk-worker");
