import { describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.ts";
import type { Storage } from "../../src/domain/storage.ts";
import type { Session } from "../../src/engine/session.ts";
import { zaloSession } from "../support/records.ts";

/** What a contract run needs from an adapter: fresh storage, and the same data opened again (absent for memory). */
export interface ContractSubject {
  open(options: { clock: () => Date }): Promise<Storage>;
  /** Closes `storage` and opens the same data again, as a restart would. */
  reopen?(storage: Storage, options: { clock: () => Date }): Promise<Storage>;
}

export function application(code: string, userId: string, extra: Partial<Application> = {}): Application {
  return {
    code,
    channel: "zalo",
    userId,
    chatId: userId,
    submittedAt: "2026-12-02T03:00:00.000Z",
    answers: { facilityName: "Cơ sở may Lan Anh", phone: "0912345678", province: "dien-bien" },
    supportId: "may-moc-thiet-bi",
    estimate: { maxVnd: 300_000_000, requestedVnd: 200_000_000, note: "" },
    status: "submitted",
    history: [{ at: "2026-12-02T03:00:00.000Z", by: "applicant", from: null, to: "submitted" }],
    ...extra,
  };
}

/**
 * The storage contract: one suite, run unchanged against every adapter
 * (memory, lowdb, PostgreSQL). Each test opens fresh storage.
 */
export function storageContract(name: string, subject: ContractSubject): void {
  describe(`storage contract: ${name}`, () => {
    let now = new Date("2026-12-02T03:00:00Z");
    const clock = () => now;
    const open = () => {
      now = new Date("2026-12-02T03:00:00Z");
      return subject.open({ clock });
    };
    const withStorage = (title: string, body: (s: Storage) => Promise<void>, timeout?: number) =>
      it(
        title,
        async () => {
          const storage = await open();
          try {
            await body(storage);
          } finally {
            await storage.close();
          }
        },
        timeout,
      );

    withStorage("saves, reads, counts and deletes sessions", async (s) => {
      expect(await s.sessions.get("zalo:1")).toBeUndefined();
      await s.sessions.save(zaloSession("1", { facilityName: "Cơ sở may Lan Anh" }), { durable: true });
      await s.sessions.save(zaloSession("2", {}));
      expect((await s.sessions.get("zalo:1"))?.draft?.answers.facilityName).toBe("Cơ sở may Lan Anh");
      expect(await s.sessions.count()).toBe(2);
      await s.sessions.delete("zalo:1");
      expect(await s.sessions.get("zalo:1")).toBeUndefined();
      expect(await s.sessions.count()).toBe(1);
    });

    withStorage("a session read in a transaction is the transaction's own until it commits", async (s) => {
      await s.sessions.save(zaloSession("1", { facilityName: "Cơ sở may Lan Anh" }), { durable: true });
      await expect(
        s.transaction(async (tx) => {
          const session = (await tx.sessions.get("zalo:1")) as Session;
          (session.draft as { answers: Record<string, string> }).answers.facilityName = "đổi mà chưa lưu";
          expect((await s.sessions.get("zalo:1"))?.draft?.answers.facilityName).toBe("Cơ sở may Lan Anh");
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect((await s.sessions.get("zalo:1"))?.draft?.answers.facilityName).toBe("Cơ sở may Lan Anh");
    });

    withStorage("a transaction that throws writes nothing", async (s) => {
      await expect(
        s.transaction(async (tx) => {
          await tx.applications.save(application(await tx.applications.nextCode(2026), "1"));
          await tx.outbox.enqueue("telegram", "-100", [{ text: "Hồ sơ mới" }]);
          await tx.sessions.save(zaloSession("1", {}), { durable: true });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await s.applications.count()).toBe(0);
      expect(await s.delivery.pending()).toEqual([]);
      expect(await s.sessions.get("zalo:1")).toBeUndefined();
    });

    withStorage("reads inside a transaction see its own writes; others see them after commit", async (s) => {
      await s.transaction(async (tx) => {
        const code = await tx.applications.nextCode(2026);
        await tx.applications.save(application(code, "1"));
        expect((await tx.applications.get(code.toLowerCase()))?.userId).toBe("1");
        expect((await tx.applications.ofUser("zalo", "1")).map((a) => a.code)).toEqual([code]);
        await tx.sessions.save(zaloSession("1", { a: "b" }), { durable: true });
        expect((await tx.sessions.get("zalo:1"))?.draft?.answers.a).toBe("b");
      });
      expect((await s.applications.ofUser("zalo", "1")).length).toBe(1);
    });

    withStorage("codes are unique per year and in order, also for concurrent transactions", async (s) => {
      const codes = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          s.transaction(async (tx) => {
            const code = await tx.applications.nextCode(2026);
            await tx.applications.save(application(code, String(i)));
            return code;
          }),
        ),
      );
      expect(new Set(codes).size).toBe(12);
      expect(codes.every((c) => /^KC-2026-0000(0[1-9]|1[0-2])$/.test(c))).toBe(true);
      expect(await s.applications.nextCode(2027)).toBe("KC-2027-000001");
    });

    withStorage("lists applications by filter and an applicant's oldest first", async (s) => {
      await s.applications.save(application("KC-2026-000002", "7", { status: "received" }));
      await s.applications.save(application("KC-2026-000001", "7"));
      await s.applications.save(application("KC-2026-000003", "8", { supportId: "hoi-cho", answers: { province: "lai-chau" } }));
      expect((await s.applications.ofUser("zalo", "7")).map((a) => a.code)).toEqual(["KC-2026-000001", "KC-2026-000002"]);
      expect((await s.applications.list({ status: "received" })).map((a) => a.code)).toEqual(["KC-2026-000002"]);
      expect((await s.applications.list({ province: "lai-chau" })).map((a) => a.code)).toEqual(["KC-2026-000003"]);
      expect((await s.applications.list({ supportId: "may-moc-thiet-bi" })).length).toBe(2);
      expect(await s.applications.count()).toBe(3);
      expect(await s.applications.count({ status: "submitted" })).toBe(2);
      expect((await s.applications.list()).map((a) => a.code)).toEqual(["KC-2026-000001", "KC-2026-000002", "KC-2026-000003"]);
      // A status change replaces the record.
      const app = (await s.applications.get("KC-2026-000001")) as Application;
      await s.applications.save({ ...app, status: "rejected" });
      expect((await s.applications.get("KC-2026-000001"))?.status).toBe("rejected");
      expect(await s.applications.count()).toBe(3);
    });

    withStorage("caps the question log per user per day and trims by age", async (s) => {
      const dayStart = new Date("2026-12-01T17:00:00Z");
      const q = (userId: string, at: string) => ({ at, channel: "zalo" as const, userId, text: "xổ số hôm nay", zone: "none" as const, topIds: [] });
      const added: boolean[] = [];
      for (let i = 0; i < 4; i++) added.push(await s.questions.add(q("1", `2026-12-02T03:00:0${i}.000Z`), { perUserPerDay: 3, dayStart }));
      expect(added).toEqual([true, true, true, false]);
      expect(await s.questions.add(q("2", "2026-12-02T03:00:09.000Z"), { perUserPerDay: 3, dayStart })).toBe(true);
      // Yesterday's entries do not count towards today's cap.
      expect(await s.questions.add(q("3", "2026-05-01T03:00:00.000Z"), { perUserPerDay: 1, dayStart: new Date("2026-04-30T17:00:00Z") })).toBe(true);
      expect(await s.questions.add(q("3", "2026-12-02T03:00:10.000Z"), { perUserPerDay: 1, dayStart })).toBe(true);
      expect(await s.questions.count()).toBe(6);
      expect(await s.questions.countOfUser("zalo", "1")).toBe(3);
      expect(await s.questions.countOfUser("telegram", "1")).toBe(0);
      expect((await s.questions.recent(2)).map((e) => e.userId)).toEqual(["3", "3"]);
      expect(await s.trimQuestions(new Date("2026-06-01T00:00:00Z"))).toBe(1);
      expect(await s.questions.count()).toBe(5);
    });

    withStorage("counts questions by day, topic and outcome; a failed transaction counts nothing", async (s) => {
      const day = "2026-12-02";
      await s.questions.tally({ day, topicId: "ho-tro-may-moc", outcome: "answered" });
      await s.transaction(async (tx) => {
        await tx.questions.tally({ day, topicId: "ho-tro-may-moc", outcome: "answered" });
        await tx.questions.tally({ day, topicId: "", outcome: "none" });
        // Inside the transaction its own counts are seen.
        expect((await tx.questions.tallies(day)).find((t) => t.topicId === "ho-tro-may-moc")?.count).toBe(2);
      });
      await s.questions.tally({ day: "2026-11-30", topicId: "ho-tro-may-moc", outcome: "clarify" });
      await expect(
        s.transaction(async (tx) => {
          await tx.questions.tally({ day, topicId: "ho-tro-may-moc", outcome: "answered" });
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      expect(await s.questions.tallies(day)).toEqual([
        { day, topicId: "", outcome: "none", count: 1 },
        { day, topicId: "ho-tro-may-moc", outcome: "answered", count: 2 },
      ]);
      expect((await s.questions.tallies()).length).toBe(3);
      // Counts hold no person: a deletion on request leaves them.
      await s.deleteUser("zalo", "1");
      expect((await s.dump()).questionTallies).toHaveLength(3);
    });

    withStorage("stores contact messages and their answers", async (s) => {
      const c = await s.contacts.add({ at: "2026-12-02T03:00:00.000Z", channel: "zalo", userId: "1", chatId: "1", text: "Tôi cần gặp cán bộ" });
      expect(c.id).toMatch(/^LH/);
      expect((await s.contacts.get(c.id.toLowerCase()))?.text).toBe("Tôi cần gặp cán bộ");
      expect((await s.contacts.open()).map((x) => x.id)).toEqual([c.id]);
      expect(await s.contacts.countOfUser("zalo", "1")).toBe(1);
      expect(await s.contacts.countOfUser("zalo", "2")).toBe(0);
      const answered = await s.contacts.answer(c.id, "Chiều mai anh/chị đến trung tâm", "2026-12-02T04:00:00.000Z");
      expect(answered?.answer).toBe("Chiều mai anh/chị đến trung tâm");
      expect(await s.contacts.open()).toEqual([]);
      expect(await s.contacts.answer("LH-NONE", "x", "2026-12-02T04:00:00.000Z")).toBeUndefined();
    });

    withStorage("delivers notifications once, retries a failure later, and keeps it until delivered", async (s) => {
      await s.outbox.enqueue("telegram", "-100", [{ text: "một" }]);
      await s.outbox.enqueue("telegram", "-100", [{ text: "hai" }]);
      await s.outbox.enqueue("zalo", "55", [{ text: "ba" }]);
      const sent: string[] = [];
      let fail = true;
      const deliver = async (item: { replies: { text: string }[] }) => {
        const text = item.replies[0]?.text ?? "";
        if (text === "hai" && fail) throw new Error("network down");
        sent.push(text);
      };
      expect(await s.delivery.deliverDue("telegram", deliver)).toBe(2);
      expect(sent).toEqual(["một"]);
      const pending = await s.delivery.pending();
      expect(pending.map((p) => p.replies[0]?.text).sort()).toEqual(["ba", "hai"]);
      expect(pending.find((p) => p.replies[0]?.text === "hai")?.attempts).toBe(1);
      // Not due again at once.
      fail = false;
      expect(await s.delivery.deliverDue("telegram", deliver)).toBe(0);
      now = new Date(now.getTime() + 60_000);
      expect(await s.delivery.deliverDue("telegram", deliver)).toBe(1);
      expect(sent).toEqual(["một", "hai"]);
      expect((await s.delivery.pending()).map((p) => p.channel)).toEqual(["zalo"]);
    });

    withStorage("two deliveries running together hand each item over once", async (s) => {
      for (let i = 0; i < 10; i++) await s.outbox.enqueue("zalo", "55", [{ text: String(i) }]);
      const sent: string[] = [];
      const deliver = async (item: { replies: { text: string }[] }) => {
        await new Promise((r) => setTimeout(r, 2));
        sent.push(item.replies[0]?.text ?? "");
      };
      const [a, b] = await Promise.all([s.delivery.deliverDue("zalo", deliver, { limit: 10 }), s.delivery.deliverDue("zalo", deliver, { limit: 10 })]);
      expect(a + b).toBe(10);
      expect(sent.sort()).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
      expect(await s.delivery.pending()).toEqual([]);
    });

    withStorage("tells listeners about an enqueue", async (s) => {
      const heard: string[] = [];
      const stop = s.delivery.onEnqueue((channel) => heard.push(channel));
      await s.outbox.enqueue("zalo", "55", [{ text: "x" }]);
      for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      stop();
      expect(heard).toContain("zalo");
    });

    withStorage("answers an update id once", async (s) => {
      expect(await s.updates.firstTime("telegram", "1001")).toBe(true);
      expect(await s.updates.firstTime("telegram", "1001")).toBe(false);
      expect(await s.updates.firstTime("zalo", "1001")).toBe(true);
    });

    withStorage("runs transactions of one key one after another, other keys alongside", async (s) => {
      const events: string[] = [];
      const slow = (key: string, label: string) =>
        s.transaction(
          async (tx) => {
            events.push(`${label} start`);
            await tx.sessions.get(key);
            await new Promise((r) => setTimeout(r, 60));
            events.push(`${label} end`);
          },
          { lockKey: key },
        );
      await Promise.all([slow("zalo:1", "a"), slow("zalo:1", "b"), slow("zalo:2", "c")]);
      const a = events.indexOf("a end");
      const b = events.indexOf("b start");
      const aStart = events.indexOf("a start");
      const bEnd = events.indexOf("b end");
      // One of a/b ran wholly before the other; c overlapped one of them.
      expect(a < b || bEnd < aStart).toBe(true);
      expect(events.indexOf("c start")).toBeLessThan(Math.max(events.indexOf("a end"), events.indexOf("b end")));
    });

    withStorage("deletes a person from every place", async (s) => {
      await s.transaction(async (tx) => {
        await tx.applications.save(application(await tx.applications.nextCode(2026), "9"));
        await tx.applications.save(application(await tx.applications.nextCode(2026), "10"));
        await tx.sessions.save(zaloSession("9", { phone: "0912345678" }), { durable: true });
        await tx.contacts.add({ at: "2026-12-02T03:00:00.000Z", channel: "zalo", userId: "9", chatId: "9", text: "gọi tôi 0912345678" });
        await tx.outbox.enqueue("zalo", "9", [{ text: "Hồ sơ của anh/chị đã được tiếp nhận" }]);
        await tx.outbox.enqueue("telegram", "-100", [{ text: "Hồ sơ mới" }]);
        await tx.questions.add({ at: "2026-12-02T03:00:00.000Z", channel: "zalo", userId: "9", text: "0912345678", zone: "none", topIds: [] }, { perUserPerDay: 50, dayStart: new Date(0) });
      });
      const deleted = await s.deleteUser("zalo", "9");
      expect(deleted).toEqual({ applications: ["KC-2026-000001"], sessions: 1, contacts: 1, questions: 1, notifications: 1 });
      expect(await s.applications.ofUser("zalo", "9")).toEqual([]);
      expect(await s.sessions.get("zalo:9")).toBeUndefined();
      expect(await s.questions.count()).toBe(0);
      expect((await s.delivery.pending()).map((p) => p.chatId)).toEqual(["-100"]);
      expect(JSON.stringify(await s.dump())).not.toContain("0912345678\"},\"supportId");
      // The deleted code is never given again.
      expect(await s.applications.nextCode(2026)).toBe("KC-2026-000003");
    });

    withStorage("dumps and restores everything", async (s) => {
      await s.transaction(async (tx) => {
        await tx.applications.save(application(await tx.applications.nextCode(2026), "1"));
        await tx.sessions.save(zaloSession("1", { a: "b" }), { durable: true });
        await tx.outbox.enqueue("zalo", "1", [{ text: "x" }]);
        await tx.questions.tally({ day: "2026-12-02", topicId: "hoi-cho", outcome: "answered" });
      });
      const dump = await s.dump();
      expect(dump.applications.length).toBe(1);
      expect(dump.lastCodes).toEqual({ "2026": 1 });
      const other = await open();
      try {
        await other.restore(dump);
        const again = await other.dump();
        expect(again.applications).toEqual(dump.applications);
        expect(again.sessions).toEqual(dump.sessions);
        expect(again.outbox).toEqual(dump.outbox);
        expect(again.questionTallies).toEqual([{ day: "2026-12-02", topicId: "hoi-cho", outcome: "answered", count: 1 }]);
        expect(await other.applications.nextCode(2026)).toBe("KC-2026-000002");
        await expect(other.restore(dump)).rejects.toThrow(/trống/);
      } finally {
        await other.close();
      }
    });

    withStorage("answers the officers' list: filters, free text with or without diacritics, sort, pages, counts per status", async (s) => {
      const apps = [
        application("KC-2026-000001", "1", { submittedAt: "2026-11-30T17:30:00.000Z", answers: { facilityName: "Cơ sở may Lan Anh", representative: "Nguyễn Thị Lan Anh", phone: "0912345678", province: "dien-bien" } }),
        application("KC-2026-000002", "2", { submittedAt: "2026-12-01T02:00:00.000Z", status: "received", answers: { facilityName: "Hộ kinh doanh Mộc An", representative: "Trần Văn An", phone: "0987654321", province: "lai-chau" } }),
        application("KC-2026-000003", "3", { submittedAt: "2026-12-02T02:00:00.000Z", supportId: "dao-tao-nghe", answers: { facilityName: "HTX Chè Tân Cương", representative: "Lê Văn Bình", phone: "0209876543", province: "dien-bien" } }),
      ];
      await s.transaction(async (tx) => {
        for (const a of apps) await tx.applications.save({ ...a, code: await tx.applications.nextCode(2026) });
      });
      const codes = async (q: Parameters<Storage["applications"]["page"]>[0]) => (await s.applications.page(q)).items.map((a) => a.code);
      expect(await codes({})).toEqual(["KC-2026-000003", "KC-2026-000002", "KC-2026-000001"]);
      expect(await codes({ descending: false, limit: 2 })).toEqual(["KC-2026-000001", "KC-2026-000002"]);
      expect(await s.applications.page({ limit: 2, offset: 2 })).toMatchObject({ total: 3, items: [{ code: "KC-2026-000001" }] });
      expect(await s.applications.page({ offset: 10 })).toEqual({ items: [], total: 3 });
      expect(await codes({ text: "lan anh" })).toEqual(["KC-2026-000001"]);
      expect(await codes({ text: "Mộc An" })).toEqual(["KC-2026-000002"]);
      expect(await codes({ text: "moc an" })).toEqual(["KC-2026-000002"]);
      expect(await codes({ text: "0987 654 321" })).toEqual(["KC-2026-000002"]);
      expect(await codes({ text: "kc-2026-000003" })).toEqual(["KC-2026-000003"]);
      expect(await codes({ text: "100%_" })).toEqual([]);
      expect(await codes({ province: "dien-bien", sort: "facility", descending: false })).toEqual(["KC-2026-000001", "KC-2026-000003"]);
      expect(await codes({ supportId: "dao-tao-nghe" })).toEqual(["KC-2026-000003"]);
      expect(await codes({ status: "received" })).toEqual(["KC-2026-000002"]);
      expect(await codes({ provinces: ["lai-chau"] })).toEqual(["KC-2026-000002"]);
      // Days are Vietnam's: 30/11 17:30 UTC is already 1 December there.
      expect(await codes({ from: "2026-12-01", to: "2026-12-01" })).toEqual(["KC-2026-000002", "KC-2026-000001"]);
      expect(await codes({ sort: "status", descending: false })).toEqual(["KC-2026-000001", "KC-2026-000003", "KC-2026-000002"]);
      expect(await s.applications.statusCounts({ status: "received", province: "dien-bien" })).toMatchObject({ submitted: 2, received: 0, rejected: 0 });
      expect(await s.applications.statusCounts({})).toMatchObject({ submitted: 2, received: 1 });
      // The overview's counts, months in Vietnam time (30/11 17:30 UTC is in December there).
      expect(await s.applications.statistics({})).toEqual({
        byStatus: { submitted: 2, received: 1, "needs-info": 0, proposed: 0, rejected: 0, withdrawn: 0 },
        bySupport: { "may-moc-thiet-bi": 2, "dao-tao-nghe": 1 },
        byMonth: { "2026-12": 3 },
      });
      expect((await s.applications.statistics({ province: "dien-bien" })).bySupport).toEqual({ "may-moc-thiet-bi": 1, "dao-tao-nghe": 1 });
    });

    withStorage("keeps the web page's used links, sessions, actions and handled questions", async (s) => {
      // Expired links and sessions are pruned by the real time: this test lives in it.
      const now = new Date();
      const later = new Date(now.getTime() + 600_000);
      expect(await s.web.useLink("hash-1", later)).toBe(true);
      expect(await s.web.useLink("hash-1", later)).toBe(false);
      const session = { idHash: "sess-1", channel: "telegram" as const, userId: "111", displayName: "Chị Hoa", createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + 8 * 3600_000).toISOString() };
      await s.web.saveSession(session);
      expect(await s.web.session("sess-1", now)).toEqual(session);
      expect(await s.web.session("sess-1", new Date(now.getTime() + 9 * 3600_000))).toBeUndefined();
      await s.web.endSession("sess-1");
      expect(await s.web.session("sess-1", now)).toBeUndefined();
      await s.web.audit({ at: now.toISOString(), officer: "telegram:111", action: "status", target: "KC-2026-000001", detail: "received" });
      await s.web.audit({ at: now.toISOString(), officer: "telegram:111", action: "note", target: "KC-2026-000001" });
      expect((await s.web.recentAudit(5)).map((e) => e.action)).toEqual(["note", "status"]);
      await s.web.markHandled(["q1", "q2"], now);
      await s.web.markHandled(["q2"], now);
      expect([...(await s.web.handledQuestionIds())].sort()).toEqual(["q1", "q2"]);
    });

    if (subject.reopen) {
      const reopen = subject.reopen.bind(subject);
      it("keeps the web page's used links and sessions across a restart", async () => {
        const realNow = new Date();
        let s = await open();
        await s.web.useLink("hash-restart", new Date(realNow.getTime() + 600_000));
        await s.web.saveSession({ idHash: "sess-restart", channel: "zalo", userId: "z1", createdAt: realNow.toISOString(), expiresAt: new Date(realNow.getTime() + 3600_000).toISOString() });
        await s.web.markHandled(["q-restart"], realNow);
        s = await reopen(s, { clock });
        try {
          expect(await s.web.useLink("hash-restart", new Date(realNow.getTime() + 600_000))).toBe(false);
          expect(await s.web.session("sess-restart", realNow)).toMatchObject({ userId: "z1" });
          expect(await s.web.handledQuestionIds()).toEqual(new Set(["q-restart"]));
        } finally {
          await s.close();
        }
      });

      it("keeps what was committed across a restart, codes included", async () => {
        let s = await open();
        const session: Session = zaloSession("1", { facilityName: "Cơ sở may Lan Anh" });
        await s.transaction(async (tx) => {
          await tx.applications.save(application(await tx.applications.nextCode(2026), "1"));
          await tx.sessions.save(session, { durable: true });
          await tx.outbox.enqueue("telegram", "-100", [{ text: "Hồ sơ mới KC-2026-000001" }]);
        });
        await s.deleteUser("zalo", "1");
        await s.sessions.save(zaloSession("2", { facilityName: "Mộc An" }), { durable: true });
        await s.questions.tally({ day: "2026-12-02", topicId: "hoi-cho", outcome: "answered" });
        s = await reopen(s, { clock });
        try {
          expect((await s.sessions.get("zalo:2"))?.draft?.answers.facilityName).toBe("Mộc An");
          expect(await s.applications.count()).toBe(0);
          expect(await s.applications.nextCode(2026)).toBe("KC-2026-000002");
          expect((await s.delivery.pending()).map((p) => p.replies[0]?.text)).toEqual(["Hồ sơ mới KC-2026-000001"]);
          expect(await s.questions.tallies()).toEqual([{ day: "2026-12-02", topicId: "hoi-cho", outcome: "answered", count: 1 }]);
        } finally {
          await s.close();
        }
      });
    }
  });
}
