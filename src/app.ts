import type { Config } from "./config.ts";
import type { Storage, StorageError } from "./domain/storage.ts";
import { createEngine, type RunningEngine } from "./engine/engine.ts";
import { officersFromConfig, type OfficerDirectory } from "./engine/officers.ts";
import { readOfficersFile } from "./engine/officer-config.ts";
import { openKnowledge, type Knowledge } from "./kb/index.ts";
import type { Logger } from "./logger.ts";
import { openStorage } from "./store/open.ts";
import { resolve } from "node:path";
import { createDocumentFiles, type DocumentFiles } from "./documents/delivery.ts";
import { loadLetterTemplate } from "./documents/template.ts";
import type { WebSignIn } from "./engine/web-sign-in.ts";
import { createSignInLinks, createWebSignIn, type SignInLinks } from "./web/sign-in-links.ts";
import { createFloodGate, type FloodGate } from "./channels/flood-gate.ts";

export interface App {
  engine: RunningEngine;
  store: Storage;
  knowledge: Knowledge;
  officers: OfficerDirectory;
  config: Config;
  /** The request letter made on demand from stored applications, for the channels to deliver. */
  documents: DocumentFiles;
  /** One-time sign-in links to the officers' web page, when it is on (WEB_SECRET and WEB_PUBLIC_URL). */
  signInLinks?: SignInLinks;
  webSignIn?: WebSignIn;
  /** The per-user flood limit the network channels apply on receipt (one for all of them, on the app's clock). */
  flood: FloodGate;
  /** Waits for in-flight messages, writes everything and releases the data. */
  close(): Promise<void>;
}

const DAY_MS = 24 * 3600_000;

/** Wires config → knowledge → storage → engine; channels are started by main. */
export async function createApp(
  config: Config,
  options: {
    logger: Logger;
    clock?: () => Date;
    onDamaged?: (error: StorageError) => void;
    /** Storage opened by the caller instead of the one config names (the fast test suite runs on memory). */
    storage?: Storage;
    /** The knowledge base already loaded from config's KNOWLEDGE_DIR (tests share one per worker: it is read-only). */
    knowledge?: Knowledge;
  },
): Promise<App> {
  const clock = options.clock ?? (() => new Date());
  const knowledge = options.knowledge ?? openKnowledge(config);
  // The letter template is checked at start like the knowledge base: a broken one stops the bot with its problems listed.
  const template = loadLetterTemplate(resolve(config.KNOWLEDGE_DIR), knowledge.kb);
  // Read before storage opens: a wrong officers file stops the start with its problems, before any lock is taken.
  const officers = officersFromConfig(config, config.OFFICERS_FILE ? readOfficersFile(config.OFFICERS_FILE, knowledge.kb.provinces.map((p) => p.id)) : undefined);
  const store = options.storage ?? (await openStorage(config, { logger: options.logger, clock, onDamaged: options.onDamaged }));
  const signInLinks = config.WEB_SECRET && config.WEB_PUBLIC_URL ? createSignInLinks({ publicUrl: config.WEB_PUBLIC_URL, secret: config.WEB_SECRET }) : undefined;
  const webSignIn = signInLinks && createWebSignIn(signInLinks);
  const engine = createEngine({ knowledge, storage: store, config, officers, logger: options.logger, clock, webSignIn });
  // Unanswered questions are kept QUESTION_LOG_DAYS days: trimmed at start and once a day.
  const trim = () =>
    store.trimQuestions(new Date(clock().getTime() - config.QUESTION_LOG_DAYS * DAY_MS)).catch((error: unknown) => options.logger.warn("store", "question log not trimmed", { error: String(error) }));
  await trim();
  const trimmer = setInterval(() => void trim(), DAY_MS).unref();
  return {
    engine,
    store,
    knowledge,
    officers,
    config,
    signInLinks,
    webSignIn,
    documents: createDocumentFiles({ store, kb: knowledge.kb, template, config, clock }),
    flood: createFloodGate(config, clock),
    close: async () => {
      clearInterval(trimmer);
      await engine.flush();
      await store.close();
    },
  };
}
