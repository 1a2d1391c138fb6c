import { mkdtempSync, rmSync } from "node:fs";
import { afterEach, inject } from "vitest";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import type { Channel, Inbound, InboundPayload, Reply } from "../../src/engine/types.ts";
import { silentLogger } from "../../src/logger.ts";
import { MemoryStorage } from "../../src/store/memory/memory-storage.ts";
import { openKnowledge, type Knowledge } from "../../src/kb/index.ts";
import type { Config } from "../../src/config.ts";

export function tempDir(prefix = "kc-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Temporary directories made in a test (`dir()`), each removed after it. */
export function useTempDirs(prefix: string): (prefix?: string) => string {
  const dirs: string[] = [];
  afterEach(() => {
    while (dirs.length > 0) rmSync(dirs.pop() as string, { recursive: true, force: true });
  });
  return (own = prefix) => {
    const dir = tempDir(own);
    dirs.push(dir);
    return dir;
  };
}

/**
 * A real app (knowledge base, lowdb files, engine) over a temporary data
 * directory. Under `npm run test:fast` (vitest.fast.config.ts provides
 * `storage: "memory"`) the same app runs on the in-memory storage, unless the
 * test needs files (`files: true`: restarts, damaged files).
 */
export async function testApp(options: { dataDir?: string; env?: Record<string, string>; now?: () => Date; files?: boolean; memory?: boolean } = {}): Promise<App & { dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = options.dataDir ?? tempDir();
  const config = loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: "knowledge", SESSION_FLUSH_MS: "0", ...options.env });
  const clock = options.now ?? (() => new Date("2026-11-25T03:00:00Z"));
  const memory = options.memory === true || (inject("storage") === "memory" && !options.files && !options.dataDir && !config.DATABASE_URL);
  const storage = memory ? { storage: new MemoryStorage({ clock }) } : {};
  const app = await createApp(config, { logger: silentLogger, clock, knowledge: sharedKnowledge(config), ...storage });
  return {
    ...app,
    dataDir,
    cleanup: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const knowledgeByConfig = new Map<string, Knowledge>();

/**
 * One knowledge base per test worker and configuration: loading and indexing
 * it is about a second, most of a conversation test's time, and nothing
 * changes it once loaded.
 */
function sharedKnowledge(config: Config): Knowledge {
  const key = JSON.stringify(Object.entries(config).filter(([name]) => name === "KNOWLEDGE_DIR" || name.startsWith("SEARCH_")));
  let knowledge = knowledgeByConfig.get(key);
  if (!knowledge) knowledgeByConfig.set(key, (knowledge = openKnowledge(config)));
  return knowledge;
}

/** Drives one user's conversation: each call sends one message and returns the replies' text joined. */
export function userChat(app: Pick<App, "engine">, user = "u1", channel: Channel = "terminal") {
  const base = { channel, userId: user, chatId: user, displayName: "Chị Lan" };
  let last: Reply[] = [];
  const send = async (payload: InboundPayload) => {
    last = await app.engine.handle({ ...base, ...payload } as Inbound);
    return last.map((r) => r.text).join("\n---\n");
  };
  return {
    text: (text: string) => send({ kind: "text", text }),
    press: (data: string) => send({ kind: "button", data }),
    command: (command: string) => send({ kind: "command", command }),
    send,
    /** Buttons of the last reply that had any. */
    buttons: () => last.flatMap((r) => r.buttons?.flat() ?? []),
    /** Presses the button whose label contains `label`. */
    pressLabel: async (label: string) => {
      const button = last.flatMap((r) => r.buttons?.flat() ?? []).find((b) => b.label.includes(label));
      if (!button) throw new Error(`no button "${label}" in ${JSON.stringify(last.flatMap((r) => r.buttons?.flat() ?? []).map((b) => b.label))}`);
      return send({ kind: "button", data: button.data });
    },
  };
}

type TestApp = Awaited<ReturnType<typeof testApp>>;

/** Test apps opened in a test are closed and their data removed after it; `forget` is for one closed by the test itself. */
export function useTestApps() {
  const apps: TestApp[] = [];
  afterEach(async () => {
    while (apps.length > 0) await apps.pop()?.cleanup();
  });
  return {
    open: async (options: Parameters<typeof testApp>[0] = {}) => {
      const app = await testApp(options);
      apps.push(app);
      return app;
    },
    forget: (app: TestApp) => {
      const at = apps.indexOf(app);
      if (at >= 0) apps.splice(at, 1);
    },
  };
}
