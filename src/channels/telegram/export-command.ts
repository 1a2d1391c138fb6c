import { InputFile, type Api } from "grammy";
import type { Logger } from "../../logger.ts";
import { maskId } from "../../logger.ts";
import { OFFICER_MSG } from "../../engine/messages.ts";

export type ExportFormat = "csv" | "xlsx";

/** Builds the officers' export file; provided by src/officer/export.ts, injected so the adapter stays testable. */
export type ExportApplications = (format: ExportFormat) => Promise<{ fileName: string; data: Buffer }>;

/** "/xuat" → csv, "/xuat xlsx" (or "excel") → xlsx; anything else is a usage mistake. */
export function parseExportFormat(args: string | undefined): ExportFormat | undefined {
  const word = (args ?? "").trim().toLowerCase();
  if (word === "" || word === "csv") return "csv";
  if (word === "xlsx" || word === "excel") return "xlsx";
  return undefined;
}

/**
 * Answers an officer's /xuat with the export as a document. The caller has
 * already checked the sender against TELEGRAM_OFFICER_IDS. A failure to build
 * or send the file gets its own message (the officer can fall back to the
 * CLI) instead of the generic apology.
 */
export async function sendExport(options: {
  api: Api;
  chatId: string;
  args: string | undefined;
  exportApplications: ExportApplications | undefined;
  logger: Logger;
}): Promise<void> {
  const { api, chatId, args, exportApplications, logger } = options;
  if (!exportApplications) {
    await api.sendMessage(chatId, OFFICER_MSG.exportUnavailable);
    return;
  }
  const format = parseExportFormat(args);
  if (!format) {
    await api.sendMessage(chatId, OFFICER_MSG.exportUsage);
    return;
  }
  try {
    const file = await exportApplications(format);
    await api.sendDocument(chatId, new InputFile(file.data, file.fileName), { caption: OFFICER_MSG.exportCaption(format) });
    logger.info("telegram", "export sent", { chat: maskId(chatId), format, bytes: file.data.length });
  } catch (error) {
    logger.error("telegram", "export failed", { chat: maskId(chatId), format, error: String(error) });
    await api.sendMessage(chatId, OFFICER_MSG.exportFailed);
  }
}
