import { afterEach, describe, expect, it } from "vitest";
import { testApp, userChat } from "../support/app.ts";
import { usePostgres } from "../support/use-postgres.ts";

const postgres = usePostgres();
const apps: { cleanup: () => Promise<void> }[] = [];
afterEach(async () => {
  while (apps.length > 0) await apps.pop()?.cleanup();
});

describe("the engine on PostgreSQL with every pooled connection taken", () => {
  it("reads the most asked topics inside the message's own transaction: a pool of one connection is enough", async () => {
    // A message holds a pooled connection for its transaction. The Q&A prompt's ranking was read through the pool:
    // with every connection held by messages at that prompt (one here; DATABASE_POOL_SIZE under load), the read
    // waited for a connection that none of them would give back until the pool's 10 s timeout, and everyone stalled.
    let now = new Date("2026-12-02T03:00:00Z");
    const app = await testApp({ env: { DATABASE_URL: await postgres().createDatabase(), DATABASE_POOL_SIZE: "1" }, now: () => now });
    apps.push(app);
    for (const [user, text] of [["a", "tham gia hội chợ triển lãm được hỗ trợ gì"], ["b", "hoi cho trien lam co duoc ho tro khong"], ["c", "hội chợ được hỗ trợ bao nhiêu"]]) {
      await userChat(app, user as string).text(text as string);
    }
    // The ranking is read at most every 10 minutes.
    now = new Date(now.getTime() + 11 * 60_000);
    const chat = userChat(app, "d");
    const started = performance.now();
    await chat.text("hỏi đáp");
    expect(chat.buttons()[0]?.data, "the topic just asked three times comes first").toBe("t:hoi-cho-trien-lam");
    expect(performance.now() - started, "no wait for a connection").toBeLessThan(5_000);
  });
});
