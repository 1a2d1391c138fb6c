import type { Storage } from "../../src/domain/storage.ts";
import { spawn, type ChildProcess } from "node:child_process";
import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { productionNodeFlags } from "../../scripts/node-flags.ts";
import type { Inbound } from "../../src/engine/types.ts";
import { freePort } from "./ports.ts";
import { TelegramStandIn } from "./telegram-stand-in.ts";
import { ZaloStandIn } from "./zalo-stand-in.ts";

/**
 * Several bot processes in webhook mode (Telegram and Zalo) on one PostgreSQL,
 * behind a round-robin proxy on loopback, replying to local stand-ins of both
 * APIs: what the multi-instance e2e test and benchmark run. Each instance is
 * the production bundle (`mainJs`, built from src/main.ts as `npm start` does)
 * started with production's Node flags.
 */

/** The project folder (also from a bundle in bench/.build/, as deep as test/support/). */
const ROOT_DIR = fileURLToPath(new URL("../..", import.meta.url));

export const TELEGRAM_HOOK = "/telegram/webhook";
export const ZALO_HOOK = "/zalo/webhook";
export const TELEGRAM_SECRET = "tg-secret-standin-0123";
export const ZALO_SECRET = "zalo-secret-standin-0123";
/** Where officer notifications go: a Telegram group and one Zalo officer. */
export const TELEGRAM_OFFICER_CHAT = "-1001000000001";
export const ZALO_OFFICER = "zofficer00000001";

export interface ClusterOptions {
  databaseUrl: string;
  /** The bundle of src/main.ts. */
  mainJs: string;
  instances?: number;
  /** Keep lists of every message the stand-ins received (false for a long benchmark). */
  record?: boolean;
  env?: Record<string, string>;
  /** Each instance's stderr (warnings and errors), prefixed with its number. */
  onLog?: (line: string) => void;
}

export interface Instance {
  readonly index: number;
  readonly port: number;
  process: ChildProcess;
  alive: boolean;
}

export interface Cluster {
  telegram: TelegramStandIn;
  zalo: ZaloStandIn;
  instances: Instance[];
  /** The proxy's address (what both platforms are told to call). */
  proxyUrl: string;
  /** POSTs a body to a webhook path through the proxy, or straight to one instance; resolves with the HTTP status (0: no answer). */
  post(path: string, body: unknown, options?: { instance?: number }): Promise<number>;
  /** SIGKILL, as a crash: the proxy sends the next requests to the others. */
  kill(index: number): void;
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const record = options.record ?? true;
  const telegram = await new TelegramStandIn({ record }).start();
  const zalo = await new ZaloStandIn({ record, maxPollWaitMs: 50 }).start();
  const proxyPort = await freePort();
  const proxyUrl = `http://127.0.0.1:${proxyPort}`;
  const dataDir = mkdtempSync(join(tmpdir(), "kc-cluster-"));
  const instances: Instance[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });

  const spawnInstance = async (index: number): Promise<Instance> => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: join(dataDir, `unused-${index}`),
      KNOWLEDGE_DIR: join(ROOT_DIR, "knowledge"),
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: String(port),
      FLOOD_MAX_MESSAGES: "10000",
      TELEGRAM_BOT_TOKEN: "424242:standin-telegram-token",
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_URL: `${proxyUrl}${TELEGRAM_HOOK}`,
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      TELEGRAM_OFFICER_CHAT_ID: TELEGRAM_OFFICER_CHAT,
      ZALO_BOT_TOKEN: "1459232241454765289:standin-zalo-token",
      ZALO_API_ROOT: zalo.apiRoot,
      ZALO_WEBHOOK_URL: `${proxyUrl}${ZALO_HOOK}`,
      ZALO_WEBHOOK_SECRET: ZALO_SECRET,
      ZALO_OFFICER_IDS: ZALO_OFFICER,
      ...options.env,
    };
    const child = spawn(process.execPath, [...productionNodeFlags(ROOT_DIR), options.mainJs], { cwd: ROOT_DIR, env, stdio: ["ignore", "ignore", "pipe"] });
    const instance: Instance = { index, port, process: child, alive: true };
    child.on("exit", () => (instance.alive = false));
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) if (line.trim()) options.onLog?.(`[bot ${index}] ${line}`);
    });
    // Ready once both webhook routes answer (401/403 without the secret) rather than 404.
    const until = Date.now() + 30_000;
    for (;;) {
      if (!instance.alive) throw new Error(`bot instance ${index} exited during start-up`);
      const [tg, za] = await Promise.all([rawPost(agent, port, TELEGRAM_HOOK, "{}", {}), rawPost(agent, port, ZALO_HOOK, "{}", {})]);
      if (tg !== 0 && tg !== 404 && za !== 0 && za !== 404) break;
      if (Date.now() > until) throw new Error(`bot instance ${index} not ready after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return instance;
  };

  // One at a time: both run the migrations at start-up.
  for (let i = 0; i < (options.instances ?? 2); i++) instances.push(await spawnInstance(i));

  // The round-robin proxy: a connection refused (the instance is down) goes to the next one, as a load balancer's health check would.
  let next = 0;
  const proxy: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const tryFrom = (attempt: number): void => {
        const live = instances.filter((i) => i.alive);
        const target = live[next++ % Math.max(1, live.length)];
        if (!target || attempt >= instances.length) {
          res.writeHead(502).end();
          return;
        }
        const upstream = request(
          { agent, host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: { ...req.headers, "content-length": String(body.length) } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on("error", (error: NodeJS.ErrnoException) => {
          // Refused: never reached the instance, safe to send elsewhere. Anything else (reset mid-request): 502, the platform retries.
          if (error.code === "ECONNREFUSED" && !res.headersSent) tryFrom(attempt + 1);
          else if (!res.headersSent) res.writeHead(502).end();
          else res.destroy();
        });
        upstream.end(body);
      };
      tryFrom(0);
    });
  });
  proxy.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => proxy.listen(proxyPort, "127.0.0.1", resolve));

  const headersFor = (path: string): Record<string, string> =>
    path === TELEGRAM_HOOK ? { "x-telegram-bot-api-secret-token": TELEGRAM_SECRET } : { "x-bot-api-secret-token": ZALO_SECRET };

  return {
    telegram,
    zalo,
    instances,
    proxyUrl,
    post(path, body, postOptions = {}) {
      const port = postOptions.instance === undefined ? proxyPort : (instances[postOptions.instance]?.port ?? 0);
      return rawPost(agent, port, path, JSON.stringify(body), headersFor(path));
    },
    kill(index) {
      const instance = instances[index];
      if (!instance) return;
      instance.process.kill("SIGKILL");
      instance.alive = false;
    },
    async stop() {
      await Promise.all(
        instances.map(
          (i) =>
            new Promise<void>((resolve) => {
              if (i.process.exitCode !== null || i.process.signalCode !== null) return resolve();
              i.process.once("exit", () => resolve());
              i.process.kill("SIGTERM");
              setTimeout(() => i.process.kill("SIGKILL"), 10_000).unref();
            }),
        ),
      );
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      agent.destroy();
      await telegram.stop();
      await zalo.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}


function rawPost(agent: Agent, port: number, path: string, body: string, headers: IncomingHttpHeaders): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ agent, host: "127.0.0.1", port, method: "POST", path, headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve(0));
    });
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

let telegramMessageId = 0;

/** The Telegram update a user's message arrives as: a message (text, command) or a button press. */
export function telegramUpdate(inbound: Inbound, updateId: number): Record<string, unknown> {
  const from = { id: Number(inbound.userId), is_bot: false, first_name: inbound.displayName ?? "Người dùng" };
  const chat = { id: Number(inbound.chatId), type: "private", first_name: from.first_name };
  const date = Math.floor(Date.now() / 1000);
  if (inbound.kind === "button") {
    return { update_id: updateId, callback_query: { id: String(updateId), from, chat_instance: "1", data: inbound.data, message: { message_id: ++telegramMessageId, date, chat, text: "…" } } };
  }
  if (inbound.kind === "command") {
    const text = `/${inbound.command}${inbound.args ? ` ${inbound.args}` : ""}`;
    return { update_id: updateId, message: { message_id: ++telegramMessageId, date, from, chat, text, entities: [{ type: "bot_command", offset: 0, length: inbound.command.length + 1 }] } };
  }
  if (inbound.kind !== "text") throw new Error(`no Telegram update for a ${inbound.kind} message here`);
  return { update_id: updateId, message: { message_id: ++telegramMessageId, date, from, chat, text: inbound.text } };
}

/** The Zalo webhook body of a user's text (a command is text starting with "/"); Zalo has no buttons. */
export function zaloWebhookUpdate(inbound: Inbound, messageId: string): Record<string, unknown> {
  const text = inbound.kind === "command" ? `/${inbound.command}${inbound.args ? ` ${inbound.args}` : ""}` : inbound.kind === "text" ? inbound.text : undefined;
  if (text === undefined) throw new Error(`no Zalo update for a ${inbound.kind} message here`);
  return {
    event_name: "message.text.received",
    message: { message_id: messageId, from: { id: inbound.userId, display_name: inbound.displayName ?? "Người dùng", is_bot: false }, chat: { id: inbound.chatId, chat_type: "PRIVATE" }, date: Date.now(), text },
  };
}

const NOT_YET = new Error("not handled yet");

/**
 * Whether an update was handled by some instance: its id is recorded, checked
 * in a transaction rolled back at once (it waits for one in progress).
 */
export async function updateHandled(storage: Storage, channel: "telegram" | "zalo", id: string): Promise<boolean> {
  try {
    await storage.transaction(async (tx) => {
      if (await tx.updates.firstTime(channel, id)) throw NOT_YET;
    });
    return true;
  } catch (error) {
    if (error === NOT_YET) return false;
    throw error;
  }
}
