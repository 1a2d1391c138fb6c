import { parentPort } from "node:worker_threads";
import type { DocumentModel } from "./model.ts";
import { renderDocx } from "./render-docx.ts";
import { renderPdf } from "./render-pdf.ts";

/**
 * The document renderer's thread: laying out a PDF takes about 100 ms of CPU
 * in one piece, which on the main thread would hold every other user's reply
 * for that long. Messages: { id, model, format } in, { id, data } or { id, error } out.
 */
parentPort?.on("message", (message: { id: number; model: DocumentModel; format: "pdf" | "docx" }) => {
  const render = message.format === "pdf" ? renderPdf : renderDocx;
  render(message.model).then(
    (data) => {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
      parentPort?.postMessage({ id: message.id, data: bytes }, [bytes.buffer]);
    },
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: String((error as Error)?.stack ?? error) }),
  );
});
