import { parentPort } from "node:worker_threads";
import { runDiskOp, type DiskOp } from "./disk-ops.ts";

/** The disk thread (see disk-thread.ts). Messages: { id, op } in, { id } or { id, error } out; steps run side by side, as they arrive. */
parentPort?.on("message", (message: { id: number; op: DiskOp }) => {
  runDiskOp(message.op).then(
    () => parentPort?.postMessage({ id: message.id }),
    (error: NodeJS.ErrnoException) => parentPort?.postMessage({ id: message.id, error: { message: String(error?.message ?? error), code: error?.code, syscall: error?.syscall, path: error?.path } }),
  );
});
