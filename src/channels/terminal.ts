import { mkdir, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import type { DocumentFiles } from "../documents/delivery.ts";
import { makeDocumentFiles } from "./document-delivery.ts";
import { DOCUMENT_DELIVERY_MSG } from "../engine/document-messages.ts";
import { CHANNEL_MSG } from "../engine/messages.ts";
import type { Engine } from "../engine/contract.ts";
import type { OutboxDelivery } from "../domain/storage.ts";
import { startOutboxDelivery } from "./outbox-delivery.ts";
import type { Inbound, Reply, ReplyDocument } from "../engine/types.ts";
import type { Logger } from "../logger.ts";
import { renderReplyAsText } from "./render-text.ts";

export const TERMINAL_USER = "local";

/**
 * The terminal chat: interactive with a prompt on a TTY; on a pipe, each line
 * is one message echoed as "> line" before the replies, so the output reads as
 * a transcript. Resolves at end of input (or Ctrl+D) after notifications sent.
 */
export async function runTerminalChat(options: {
  engine: Engine;
  outbox: OutboxDelivery;
  logger: Logger;
  /** Makes the request letter that replies ask to deliver, written into `documentsDir`. */
  documents?: DocumentFiles;
  documentsDir?: string;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  interactive?: boolean;
}): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = options.interactive ?? Boolean((input as { isTTY?: boolean }).isTTY);
  const write = (text: string) => void output.write(`${text}\n`);
  const print = async (replies: Reply[]) => {
    for (const reply of replies) {
      write(`${renderReplyAsText(reply)}\n`);
      for (const document of reply.documents ?? []) write(`${await writeDocuments(document)}\n`);
    }
  };
  /** The terminal's way to deliver a document: files in a folder, their paths printed. */
  const writeDocuments = async (document: ReplyDocument): Promise<string> => {
    const files = options.documentsDir ? await makeDocumentFiles(options.documents, document, options.logger) : undefined;
    if (!files || !options.documentsDir) return DOCUMENT_DELIVERY_MSG.failed;
    await mkdir(options.documentsDir, { recursive: true });
    const paths: string[] = [];
    for (const file of files) {
      const path = resolve(options.documentsDir, file.fileName);
      await writeFile(path, file.data);
      paths.push(path);
    }
    return DOCUMENT_DELIVERY_MSG.terminalFiles(paths);
  };
  const delivery = startOutboxDelivery({
    delivery: options.outbox,
    channel: "terminal",
    logger: options.logger,
    deliver: async (_chatId, replies) => {
      write(CHANNEL_MSG.terminalNotice);
      await print(replies);
    },
  });
  const inbound = (text: string): Inbound => {
    const base = { channel: "terminal" as const, userId: TERMINAL_USER, chatId: TERMINAL_USER };
    const command = /^\/(\w+)(?:\s+(.*))?$/.exec(text.trim());
    return command ? { ...base, kind: "command", command: command[1] as string, args: command[2] } : { ...base, kind: "text", text };
  };

  const lines = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, crlfDelay: Infinity });
  if (interactive) {
    write(CHANNEL_MSG.terminalWelcome);
    lines.setPrompt(CHANNEL_MSG.terminalPrompt);
    lines.prompt();
  }
  for await (const line of lines) {
    if (!interactive) write(`> ${line}`);
    if (line.trim().length > 0) await print(await options.engine.handle(inbound(line)));
    await delivery.idle();
    if (interactive) lines.prompt();
  }
  await delivery.stop();
}
