import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.ts";
import { openStore } from "../../src/store/store.ts";
import { useTempDirs } from "../support/app.ts";
import { zaloSession as session } from "../support/records.ts";

const dir = useTempDirs("kc-store-");

function application(code: string, userId = `u-${code}`): Application {
  return {
    code,
    channel: "zalo",
    userId,
    chatId: userId,
    submittedAt: "2026-11-25T03:00:00.000Z",
    answers: { representative: "Nguyễn Văn An" },
    supportId: "may-moc-thiet-bi",
    estimate: { maxVnd: null, requestedVnd: null, note: "" },
    status: "submitted",
    history: [{ at: "2026-11-25T03:00:00.000Z", by: "applicant", from: null, to: "submitted" }],
  };
}

const journalLines = (d: string) => (existsSync(join(d, "journal.jsonl")) ? readFileSync(join(d, "journal.jsonl"), "utf8").split("\n").filter(Boolean) : []);

describe("store: snapshot files plus one journal", () => {
  it("puts a submission in the journal before save resolves, and in its snapshot file at the checkpoint", async () => {
    const d = dir();
    const store = await openStore(d, { sessionFlushMs: 60_000 });
    const code = store.applications.nextCode(2026);
    await store.applications.save(application(code));
    expect(journalLines(d).some((l) => l.includes(code))).toBe(true);
    expect(existsSync(join(d, "applications-2026-000.json")), "no snapshot rewrite per submission").toBe(false);
    await store.close();
    expect(journalLines(d)).toEqual([]);
    expect(JSON.parse(readFileSync(join(d, "applications-2026-000.json"), "utf8")).applications.map((a: Application) => a.code)).toEqual([code]);
  });

  it("keeps every one of concurrent submissions across two snapshot files", async () => {
    const d = dir();
    const store = await openStore(d, { sessionFlushMs: 0 });
    const codes = Array.from({ length: 8 }, (_, i) => `KC-2026-${String(996 + i).padStart(6, "0")}`);
    await Promise.all(codes.map((code) => store.applications.save(application(code))));
    await store.close();
    const onDisk = ["applications-2026-000.json", "applications-2026-001.json"].flatMap((n) => JSON.parse(readFileSync(join(d, n), "utf8")).applications.map((a: Application) => a.code));
    expect(onDisk.sort()).toEqual(codes);
    const reopened = await openStore(d, { sessionFlushMs: 0 });
    expect(reopened.applications.count()).toBe(codes.length);
    await reopened.close();
  });

  it("lists an applicant's applications oldest first, from snapshot files and journal alike, once loaded in the background", async () => {
    const d = dir();
    const crashed = await openStore(d, { sessionFlushMs: 0, lock: false });
    const codes = ["KC-2026-000002", "KC-2026-001500", "KC-2026-000999"];
    for (const code of codes.slice(0, 2)) await crashed.applications.save(application(code, "owner"));
    await crashed.applications.save(application("KC-2026-000003", "other"));
    await crashed.flush();
    await crashed.applications.save(application(codes[2] as string, "owner"));
    // No close: the last one is in the journal only.
    const restarted = await openStore(d, { sessionFlushMs: 0, lock: false, sessionsInBackground: true });
    await restarted.ready;
    expect(restarted.applications.ofUser("zalo", "owner").map((a) => a.code)).toEqual([...codes].sort());
    expect(restarted.applications.nextCode(2026)).toBe("KC-2026-001501");
    await restarted.close();
    await crashed.close();
  });

  it("brings back from the journal what a process that never closed had acknowledged", async () => {
    const d = dir();
    const crashed = await openStore(d, { sessionFlushMs: 60_000, lock: false });
    const code = crashed.applications.nextCode(2026);
    await crashed.applications.save(application(code, "owner"));
    await crashed.sessions.putNow(session("owner", { facilityName: "Mộc An" }));
    await crashed.sessions.putNow(session("owner", { facilityName: "Mộc An", phone: "0912345678" }));
    await crashed.sessions.putNow(session("gone", { facilityName: "X" }));
    await crashed.sessions.delete("zalo:gone");
    const contact = await crashed.contacts.add({ at: "2026-11-25T03:00:00.000Z", channel: "zalo", userId: "owner", chatId: "owner", text: "Xin gặp cán bộ" });
    // No flush, no close: as after a SIGKILL.
    const restarted = await openStore(d, { sessionFlushMs: 0, lock: false });
    expect(restarted.applications.get(code)?.userId).toBe("owner");
    expect(restarted.applications.ofUser("zalo", "owner").map((a) => a.code)).toEqual([code]);
    expect(restarted.sessions.get("zalo:owner")?.draft?.answers).toEqual({ facilityName: "Mộc An", phone: "0912345678" });
    expect(restarted.sessions.get("zalo:gone")).toBeUndefined();
    expect(restarted.contacts.get(contact.id)?.text).toBe("Xin gặp cán bộ");
    expect(restarted.applications.nextCode(2026)).not.toBe(code);
    await restarted.close();
    expect(journalLines(d)).toEqual([]);
    await crashed.close();
  });

  it("ignores a journal line cut by a crash, and names the file and line of a damaged one", async () => {
    const d = dir();
    const store = await openStore(d, { sessionFlushMs: 0, lock: false });
    await store.sessions.putNow(session("a", { facilityName: "A" }));
    appendFileSync(join(d, "journal.jsonl"), '{"t":"sessions","put":{"key":"zalo:b"');
    const reopened = await openStore(d, { sessionFlushMs: 60_000, lock: false });
    expect(reopened.sessions.get("zalo:a")?.draft?.answers).toEqual({ facilityName: "A" });
    // The next change lands on a line of its own, and a third start reads both.
    await reopened.sessions.putNow(session("c", { facilityName: "C" }));
    const third = await openStore(d, { sessionFlushMs: 0, lock: false });
    expect(third.sessions.get("zalo:c")?.draft?.answers).toEqual({ facilityName: "C" });
    await third.close();
    const damaged = dir();
    const other = await openStore(damaged, { sessionFlushMs: 0, lock: false });
    await other.sessions.putNow(session("a", { facilityName: "A" }));
    appendFileSync(join(damaged, "journal.jsonl"), '{"t":"sessions","put":{"key":1}}\n');
    await expect(openStore(damaged, { sessionFlushMs: 0, lock: false })).rejects.toThrow(/journal\.jsonl.*dòng 2 \(sessions\) sai cấu trúc/);
    await reopened.close();
    await store.close();
    await other.close();
  });

  it("never gives again the code of a deleted application, even after a restart", async () => {
    const d = dir();
    const store = await openStore(d, { sessionFlushMs: 0 });
    const first = store.applications.nextCode(2026);
    await store.applications.save(application(first, "a"));
    const newest = store.applications.nextCode(2026);
    await store.applications.save(application(newest, "b"));
    expect(await store.applications.deleteOfUser("zalo", "b")).toEqual([newest]);
    await store.close();
    const reopened = await openStore(d, { sessionFlushMs: 0 });
    expect(reopened.applications.get(newest)).toBeUndefined();
    expect(reopened.applications.nextCode(2026) > newest).toBe(true);
    await reopened.close();
  });

  it("loading sessions in the background: a session is fetched before its shard is loaded, and nothing on disk is lost", async () => {
    const d = dir();
    const first = await openStore(d, { sessionFlushMs: 0 });
    for (let i = 0; i < 200; i++) first.sessions.put(session(`u${i}`, { n: String(i) }));
    await first.close();
    const store = await openStore(d, { sessionFlushMs: 60_000, sessionsInBackground: true });
    // Straight after open, before `ready`: the shard of u7 is loaded on demand.
    expect((await store.sessions.fetch("zalo:u7"))?.draft?.answers).toEqual({ n: "7" });
    await store.sessions.putNow(session("new", { n: "new" }));
    await store.sessions.putNow(session("u8", { n: "8 changed" }));
    await store.ready;
    expect(store.sessions.count()).toBe(201);
    await store.close();
    const reopened = await openStore(d, { sessionFlushMs: 0 });
    expect(reopened.sessions.count()).toBe(201);
    expect(reopened.sessions.get("zalo:u8")?.draft?.answers).toEqual({ n: "8 changed" });
    expect(reopened.sessions.get("zalo:u199")?.draft?.answers).toEqual({ n: "199" });
    await reopened.close();
  });
});
