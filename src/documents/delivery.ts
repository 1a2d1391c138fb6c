import type { Config } from "../config.ts";
import type { Repositories } from "../domain/storage.ts";
import type { ReplyDocument } from "../engine/types.ts";
import type { KnowledgeBase } from "../kb/types.ts";
import { generateBoth, generateLetter, type DocumentFormat, type GeneratedFile } from "./service.ts";
import type { LetterTemplate } from "./template.ts";

/**
 * What channels use to have a document made: from the application as stored
 * at the moment of delivery (so a correction shows), never from a copy.
 */
export interface DocumentFiles {
  /** Both formats (PDF to print, DOCX to edit); undefined when the application no longer exists. */
  make(document: ReplyDocument): Promise<GeneratedFile[] | undefined>;
  /** One format, for a download link. */
  makeOne(code: string, format: DocumentFormat): Promise<GeneratedFile | undefined>;
}

export function createDocumentFiles(deps: {
  store: Pick<Repositories, "applications">;
  kb: KnowledgeBase;
  template: LetterTemplate;
  config: Pick<Config, "CENTRE_NAME">;
  clock: () => Date;
}): DocumentFiles {
  const ctx = { kb: deps.kb, template: deps.template, config: deps.config };
  return {
    async make(document) {
      const app = await deps.store.applications.get(document.code);
      return app ? generateBoth(app, ctx, deps.clock()) : undefined;
    },
    async makeOne(code, format) {
      const app = await deps.store.applications.get(code);
      return app ? generateLetter(app, format, ctx, deps.clock()) : undefined;
    },
  };
}
