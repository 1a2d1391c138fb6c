import type { Worker } from "node:worker_threads";
import { startWorkerThread } from "../worker-thread.ts";
import type { DocumentModel } from "./model.ts";

type Format = "pdf" | "docx";
interface Pending {
  resolve: (data: Buffer) => void;
  reject: (error: Error) => void;
  model: DocumentModel;
  format: Format;
}

/** Renders in this thread: the fallback where no worker can start, or after it died. */
async function renderHere(model: DocumentModel, format: Format): Promise<Buffer> {
  return format === "pdf" ? (await import("./render-pdf.ts")).renderPdf(model) : (await import("./render-docx.ts")).renderDocx(model);
}

let worker: Worker | undefined;
let broken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function startWorker(): Worker | undefined {
  if (worker || broken) return worker;
  worker = startWorkerThread("render-worker", import.meta.url);
  if (!worker) {
    broken = true;
    return undefined;
  }
  worker.on("message", (message: { id: number; data?: Uint8Array; error?: string }) => {
    const job = pending.get(message.id);
    if (!job) return;
    pending.delete(message.id);
    // Idle, the thread must not keep a CLI (or a stopping bot) alive.
    if (pending.size === 0) worker?.unref();
    if (message.data) job.resolve(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
    else job.reject(new Error(message.error ?? "render failed"));
  });
  // A worker that cannot start or dies: this process renders from now on, the jobs in flight included.
  const fail = () => {
    broken = true;
    worker = undefined;
    for (const [id, job] of pending) {
      pending.delete(id);
      renderHere(job.model, job.format).then(job.resolve, job.reject);
    }
  };
  worker.on("error", fail);
  worker.on("exit", (code) => {
    if (code !== 0 || pending.size > 0) fail();
    else worker = undefined;
  });
  return worker;
}

/**
 * Renders a document off the main thread, so that making a letter does not
 * hold other users' replies; in this thread when no worker can run.
 */
export function renderDocument(model: DocumentModel, format: Format): Promise<Buffer> {
  const thread = startWorker();
  if (!thread) return renderHere(model, format);
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject, model, format });
    // Kept alive while a job is in flight (listeners ref the thread; it is unref'd once idle).
    thread.ref();
    thread.postMessage({ id, model, format });
  });
}
