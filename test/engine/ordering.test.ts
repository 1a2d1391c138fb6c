import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import type { Repositories } from "../../src/domain/storage.ts";
import { MSG } from "../../src/engine/messages.ts";
import { FORM_MSG } from "../../src/engine/form-messages.ts";
import type { Inbound, InboundPayload } from "../../src/engine/types.ts";
import { silentLogger } from "../../src/logger.ts";
import { MemoryStorage } from "../../src/store/memory/memory-storage.ts";
import { tempDir } from "../support/app.ts";

/** The in-memory storage, with the next transaction of chosen session keys taking `delayMs` (a slow disk) once it holds the key's lock. */
class SlowStorage extends MemoryStorage {
  readonly slowOnce = new Set<string>();
  constructor(private readonly delayMs: number) {
    super({ clock: () => new Date("2026-11-25T03:00:00Z") });
  }
  override transaction<T>(work: (tx: Repositories) => Promise<T>, options: { lockKey?: string } = {}): Promise<T> {
    const slow = options.lockKey !== undefined && this.slowOnce.delete(options.lockKey);
    return super.transaction(async (tx) => {
      if (slow) await new Promise((r) => setTimeout(r, this.delayMs));
      return work(tx);
    }, options);
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function app() {
  const dataDir = tempDir();
  const storage = new SlowStorage(150);
  const config = loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: "knowledge", SESSION_FLUSH_MS: "0" });
  const running = await createApp(config, { logger: silentLogger, clock: () => new Date("2026-11-25T03:00:00Z"), storage });
  cleanups.push(async () => {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { ...running, storage };
}

const from = (user: string, payload: InboundPayload): Inbound => ({ channel: "terminal", userId: user, chatId: user, ...payload }) as Inbound;

describe("the engine's order: one user's messages in turn, other users alongside, with no queue but the storage lock", () => {
  it("a message sent while the user's slow turn runs waits for it; another user's does not", async () => {
    const { engine, storage } = await app();
    storage.slowOnce.add("terminal:lan");
    const finished: string[] = [];
    const lan1 = engine.handle(from("lan", { kind: "command", command: "dangky" })).finally(() => finished.push("lan1"));
    const lan2 = engine.handle(from("lan", { kind: "text", text: "huỷ" })).finally(() => finished.push("lan2"));
    const an1 = engine.handle(from("an", { kind: "text", text: "huỷ" })).finally(() => finished.push("an1"));
    const [, cancel, nothing] = await Promise.all([lan1, lan2, an1]);
    expect(finished).toEqual(["an1", "lan1", "lan2"]);
    // Lan's "huỷ" was read inside the form the first message opened, An's at the menu.
    expect(cancel.map((r) => r.text).join("\n")).toContain(FORM_MSG.cancelConfirm);
    expect(nothing.map((r) => r.text).join("\n")).toContain(MSG.nothingToCancel);
  });

  it("flush waits for the turns still running", async () => {
    const { engine, storage } = await app();
    storage.slowOnce.add("terminal:lan");
    let done = false;
    void engine.handle(from("lan", { kind: "command", command: "start" })).then(() => (done = true));
    await engine.flush();
    expect(done).toBe(true);
  });
});
