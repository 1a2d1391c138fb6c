import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/logger.ts";
import { ApplicationsLoading } from "../../src/store/application-store.ts";
import { applyAs } from "../durability/fill-form.ts";
import { testApp, useTempDirs, userChat } from "../support/app.ts";

/**
 * A bot on Telegram or Zalo answers before the sessions and applications have
 * loaded (see openStore's sessionsInBackground). A message that reads the
 * applications meanwhile waits for them and is answered as it would be later.
 */

const dataDir = useTempDirs("kc-background-");

async function appInBackground(dataDir: string) {
  const config = loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: "knowledge", SESSION_FLUSH_MS: "0" });
  return createApp(config, { logger: silentLogger, clock: () => new Date("2026-11-25T03:00:00Z"), sessionsInBackground: true });
}

describe("applications loading in the background at start-up", () => {
  it("a message reading them straight after start waits for them; a submission gets a new code", async () => {
    const first = await testApp({ dataDir: dataDir() });
    const code = await applyAs(first, "owner");
    expect(code).toMatch(/^KC-2026-\d{6}$/);
    await first.close();

    const app = await appInBackground(first.dataDir);
    expect(app.store.applications.loaded).toBe(false);
    expect(() => app.store.applications.ofUser("terminal", "owner")).toThrow(ApplicationsLoading);
    const mine = await userChat(app, "owner").text("hồ sơ của tôi");
    expect(mine).toContain(code);
    expect(app.store.applications.loaded).toBe(true);

    const next = await applyAs(app, "second");
    expect(next).toMatch(/^KC-2026-\d{6}$/);
    expect(next).not.toBe(code);
    await app.store.ready;
    expect(app.store.applications.count()).toBe(2);
    await app.close();
  });
});
