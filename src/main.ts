import { ConfigError, httpPort, loadConfig, type Config } from "./config.ts";
import { createApp, type App } from "./app.ts";
import { runTerminalChat } from "./channels/terminal.ts";
import { createHttpServer, type HttpServer } from "./http/server.ts";
import { KnowledgeBaseError } from "./kb/load.ts";
import { OfficersFileError } from "./engine/officer-config.ts";
import { createLogger, type Logger } from "./logger.ts";
import { resolve } from "node:path";
import { StorageError, StorageUnavailableError } from "./domain/storage.ts";
import { startControlServer } from "./officer/control.ts";
import { DataDirLockedError } from "./store/lowdb/lock.ts";
import { createDocumentLinks, createDownloadRoute, DOWNLOAD_PATH, type DocumentLinks } from "./documents/links.ts";
import { warmUpSearch } from "./kb/warm-up.ts";

/**
 * Start-up: config → app → channels. With no Telegram or Zalo token the
 * terminal chat opens; otherwise each configured channel runs until SIGINT or
 * SIGTERM, which stop intake, finish in-flight messages and flush storage.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // Data files hold personal data: readable by the bot's user only.
  process.umask(0o077);
  const logger = createLogger(config.LOG_LEVEL);
  const terminal = !config.TELEGRAM_BOT_TOKEN && !config.ZALO_BOT_TOKEN;
  // A session file found damaged after start-up (they load when first needed) stops the bot as it would have stopped start-up.
  let stopOnDamage: (error: StorageError) => void = (error) => {
    console.error(error.message);
    process.exit(1);
  };
  const app = await createApp(config, { logger, onDamaged: (error) => stopOnDamage(error) });
  logger.info("main", `storage: ${app.store.description}`);
  // With lowdb the bot is the one writer: the officers' CLI hands its changes over this loopback endpoint.
  const stopControl = config.DATABASE_URL ? async () => {} : await startControlServer({ dataDir: resolve(config.DATA_DIR), storage: app.store, logger, clock: () => new Date() });
  const { http, documentLinks } = await createHttp(config, app, logger);
  // Between the first messages, not before them: the search's loops compiled before owners' questions come.
  void warmUpSearch(app.knowledge).then(({ searches, cpuMs }) => logger.debug("main", `search warmed up: ${searches} searches, ${Math.round(cpuMs)} ms`));
  if (terminal) {
    if (http) logger.info("main", `HTTP server on port ${(await http.listen()).port}`);
    // The request letter goes into DATA_DIR/don-de-nghi (personal data: beside the rest of it).
    await runTerminalChat({ engine: app.engine, outbox: app.store.delivery, logger, documents: app.documents, documentsDir: resolve(config.DATA_DIR, "don-de-nghi") });
    await http?.close();
    await stopControl();
    await app.close();
    return;
  }
  stopOnDamage = await runChannels(config, app, logger, stopControl, { http, documentLinks });
}

/**
 * The HTTP server whenever HTTP_PORT is set (and for webhooks or a public URL):
 * /healthz, the letter's signed download links, the officers' web page; the
 * channels add their webhooks when they start.
 */
async function createHttp(config: Config, app: App, logger: Logger): Promise<{ http?: HttpServer; documentLinks?: DocumentLinks }> {
  const port = httpPort(config);
  if (port === undefined) return {};
  const http = createHttpServer({ host: config.HTTP_HOST, port, maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES, logger });
  // Zalo sends no files: with a public URL, its users get signed links served here.
  const documentLinks = config.WEB_PUBLIC_URL ? createDocumentLinks({ publicUrl: config.WEB_PUBLIC_URL, secret: config.DOCUMENT_LINK_SECRET, ttlMinutes: config.DOCUMENT_LINK_MINUTES, clock: () => new Date() }) : undefined;
  if (documentLinks) http.get(DOWNLOAD_PATH, createDownloadRoute({ links: documentLinks, files: app.documents, logger }));
  if (app.webSignIn) {
    const { mountWebPage } = await import("./web/app.ts");
    mountWebPage(http.app, { app, logger });
  }
  return { http, documentLinks };
}

interface Channel {
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function runChannels(
  config: Config,
  app: App,
  logger: Logger,
  stopControl: () => Promise<void>,
  { http, documentLinks }: { http?: HttpServer; documentLinks?: DocumentLinks },
): Promise<(error: StorageError) => void> {
  const channels: Channel[] = [];
  const deps = { engine: app.engine, outbox: app.store.delivery, flood: app.flood, config, logger, http };
  if (config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramChannel } = await import("./channels/telegram/channel.ts");
    const { exportApplications } = await import("./officer/export.ts");
    channels.push(createTelegramChannel({ ...deps, documents: app.documents, exportApplications: (format) => exportApplications(app, format) }));
  }
  if (config.ZALO_BOT_TOKEN) {
    const { createZaloChannel } = await import("./channels/zalo/channel.ts");
    channels.push(createZaloChannel({ ...deps, documentLinks }));
  }
  let stopping = false;
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info("main", `${reason}: stopping`);
    await Promise.allSettled(channels.map((c) => c.stop()));
    await http?.close();
    await stopControl();
    await app.close();
    logger.info("main", "stopped");
    process.exit(exitCode);
  };
  process.once("SIGINT", () => void stop("SIGINT", 0));
  process.once("SIGTERM", () => void stop("SIGTERM", 0));
  if (http) {
    const { port } = await http.listen();
    logger.info("main", `HTTP server on port ${port}`);
  }
  await Promise.all(channels.map((c) => c.start()));
  logger.info("main", `running: ${[config.TELEGRAM_BOT_TOKEN ? "telegram" : "", config.ZALO_BOT_TOKEN ? "zalo" : ""].filter(Boolean).join(", ")}`);
  return (error) => {
    console.error(error.message);
    void stop("damaged data file", 1);
  };
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof KnowledgeBaseError || error instanceof OfficersFileError || error instanceof StorageError || error instanceof StorageUnavailableError || error instanceof DataDirLockedError) {
    console.error(error.message);
  } else {
    console.error(`Không khởi động được: ${(error as Error)?.message ?? String(error)}`);
  }
  process.exit(1);
});
