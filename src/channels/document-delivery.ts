import type { DocumentFiles } from "../documents/delivery.ts";
import type { GeneratedFile } from "../documents/service.ts";
import type { ReplyDocument } from "../engine/types.ts";
import type { Logger } from "../logger.ts";

/**
 * Makes the files of one reply document, or undefined (logged) when that is
 * impossible: the application is gone, or making it failed. Channels then say
 * DOCUMENT_DELIVERY_MSG.failed instead of apologising for the whole reply.
 */
export async function makeDocumentFiles(files: DocumentFiles | undefined, document: ReplyDocument, logger: Logger): Promise<GeneratedFile[] | undefined> {
  if (!files) return undefined;
  try {
    return await files.make(document);
  } catch (error) {
    logger.error("documents", "letter not made", { code: document.code, error: String((error as Error)?.stack ?? error) });
    return undefined;
  }
}
