import { afterEach, describe, expect, it, vi } from "vitest";
import { MSG } from "../../src/engine/messages.ts";
import { DurableJsonFile } from "../../src/store/lowdb/durable-file.ts";
import { testApp, userChat } from "../support/app.ts";
import { applyAs } from "./fill-form.ts";

/**
 * A full disk while an owner submits: whatever the bot says about the
 * submission is what a restart finds. The disk is "filled" by making the
 * file system calls of the lowdb adapter fail with ENOSPC, either before the
 * commit marker (nothing decided) or after it (decided: the next start finishes it).
 */

type TestApp = Awaited<ReturnType<typeof testApp>>;
const apps: TestApp[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (apps.length > 0) await apps.pop()?.cleanup();
});

const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });

async function readyToSubmit(): Promise<TestApp> {
  const app = await testApp();
  apps.push(app);
  expect(await applyAs(app, "lan", { submit: false })).toBeUndefined();
  expect((await app.store.sessions.get("terminal:lan"))?.state.name).toBe("form-review");
  return app;
}

/** Closes the app without its last flush and opens the same folder again, as a restart after the bot stopped. */
async function restart(app: TestApp): Promise<TestApp> {
  vi.restoreAllMocks();
  await app.close().catch(() => undefined);
  const again = await testApp({ dataDir: app.dataDir });
  apps.splice(apps.indexOf(app), 1, again);
  return again;
}

describe("a full disk during a submission", () => {
  it("before the commit: told it was not recorded, the answers kept; sent again once there is room, it is submitted once", async () => {
    const app = await readyToSubmit();
    vi.spyOn(DurableJsonFile.prototype, "prepare").mockRejectedValue(enospc());
    const chat = userChat(app, "lan");
    const reply = await chat.text("nộp");
    expect(reply).toBe(MSG.storageUnavailable);
    expect(reply).not.toMatch(/KC-\d{4}/);
    expect(await app.store.applications.count()).toBe(0);

    vi.restoreAllMocks(); // room again
    const again = await restart(app);
    expect(await again.store.applications.count(), "nothing stored behind the user's back").toBe(0);
    expect((await again.store.sessions.get("terminal:lan"))?.draft?.answers.taxCode).toBe("0101234565");
    const code = /KC-\d{4}-\d{6}/.exec(await userChat(again, "lan").text("nộp"))?.[0];
    expect(code).toBeDefined();
    expect(await again.store.applications.count()).toBe(1);
  });

  it("before the commit, sent again without a restart once there is room: submitted once, and the files still open", async () => {
    const app = await readyToSubmit();
    vi.spyOn(DurableJsonFile.prototype, "prepare").mockRejectedValue(enospc());
    expect(await userChat(app, "lan").text("nộp")).toBe(MSG.storageUnavailable);
    vi.restoreAllMocks(); // room again
    const code = /KC-\d{4}-\d{6}/.exec(await userChat(app, "lan").text("nộp"))?.[0];
    expect(code).toBeDefined();
    // The code the failed submission reserved is never counted as stored: the next start opens the files.
    const again = await restart(app);
    expect(await again.store.applications.count()).toBe(1);
    expect((await again.store.applications.get(code as string))?.answers.taxCode).toBe("0101234565");
  });

  it("after the commit marker: told it was submitted, with the code the restart finds", async () => {
    const app = await readyToSubmit();
    const install = DurableJsonFile.prototype.install;
    vi.spyOn(DurableJsonFile.prototype, "install").mockImplementation(async function (this: DurableJsonFile<unknown>, temp: string, options?: Parameters<typeof install>[1]) {
      // The marker goes down; putting the files in place then finds the disk full.
      if (/commit-[0-9a-f]+\.json$/.test(this.path)) return install.call(this, temp, options);
      throw enospc();
    });
    const reply = await userChat(app, "lan").text("nộp");
    const code = /Mã hồ sơ của anh\/chị: (KC-\d{4}-\d{6})/.exec(reply)?.[1];
    expect(code, reply).toBeDefined();

    // Until the restart, nothing more is written over the files it must finish; the next message is told so.
    expect(await userChat(app, "other").text("dangky")).toBe(MSG.storageUnavailable);

    const again = await restart(app);
    expect((await again.store.applications.get(code as string))?.answers.taxCode).toBe("0101234565");
    expect(await again.store.applications.count()).toBe(1);
    expect((await again.store.sessions.get("terminal:lan"))?.draft, "the submitted draft is gone").toBeUndefined();
  });
});
