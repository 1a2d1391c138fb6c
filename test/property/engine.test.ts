import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORM_MSG } from "../../src/engine/form-messages.ts";
import { MSG } from "../../src/engine/messages.ts";
import type { Attachment, Inbound, InboundPayload, Reply, UnsupportedKind } from "../../src/engine/types.ts";
import { fieldById } from "../../src/form/fields.ts";
import type { Application, ApplicationStatus } from "../../src/domain/records.ts";
import { testApp } from "../support/app.ts";
import { ANSWERS, applyAs } from "../durability/fill-form.ts";
import { nastyString, PIECES } from "./arbitraries.ts";

/**
 * The engine under random conversations: a few users send any sequence of
 * text (any string), button presses (real, stale, forged, other users' codes),
 * commands, attachments and unsupported kinds. Whatever arrives:
 * - `engine.handle` resolves, with at least one reply, every reply non-empty and
 *   none of them the internal-fault apology;
 * - no other user's session, draft, application or message to officers changes,
 *   and no reply shows another user's personal data;
 * - an answer acknowledged with "✔️" stays in the draft until the user
 *   replaces it, skips it, discards or cancels the draft, or submits it (then
 *   the application holds it).
 * Users here are applicants (no officers configured): an officer changing
 * someone's application is the officer flow's job and tested there.
 */

type TestApp = Awaited<ReturnType<typeof testApp>>;
let app: TestApp;
/** An outsider with a submitted application and a draft, whom nobody in the runs may touch. */
let victimCode = "";
let answersTemplate: Application["answers"] = {};
let run = 0;

/** The outsider's personal data: no reply to anyone else may show it. */
const SECRETS = { representative: "Đinh Thị Bí Mật", facilityName: "Cơ sở Bí Mật", taxCode: "4609999995", phone: "0987 000 111" };
const SECRET_PATTERN = /Bí Mật|4609999995|0987000111/;

beforeAll(async () => {
  // On the in-memory storage: this is about the engine's logic, and on files it took a minute of the suite
  // (storage durability has its own tests: test/durability, test/store).
  app = await testApp({ env: { MAX_MESSAGE_CHARS: "1500" }, memory: true });
  victimCode = (await applyAs(app, "victim", { channel: "telegram", answers: SECRETS })) as string;
  expect(victimCode).toMatch(/^KC-2026-\d{6}$/);
  expect(JSON.stringify((await app.store.applications.get(victimCode))?.answers)).toMatch(SECRET_PATTERN);
  answersTemplate = { ...(await app.store.applications.get(victimCode))?.answers, representative: "Nguyễn Văn An", facilityName: "Hộ kinh doanh Mộc An", taxCode: "0101234565", phone: "0912345678" };
  await applyAs(app, "victim", { channel: "telegram", fields: 4, answers: SECRETS });
  expect((await app.store.sessions.get("telegram:victim"))?.draft).toBeDefined();
});
afterAll(async () => {
  await app?.cleanup();
});

const ALWAYS_BUTTONS = [
  "m:qa", "m:elig", "m:form", "m:mine", "m:officer", "m:menu", "m:zzz",
  "f:resume", "f:discard", "f:back", "f:skip", "f:why", "f:pause", "f:cancel", "f:cancel-yes", "f:cancel-no", "f:submit", "f:zzz",
  "f:v:dien-bien", "f:v:hkd", "f:v:yes", "f:v:no", "f:v:may-moc-thiet-bi", "f:v:", "f:v:😀",
  "a:may-moc-thiet-bi", "a:does-not-exist", "a:", "e:?restart", "e:?why", "e:hkd", "e:zzz", "t:list", "t:may-moc-thiet-bi", "t:nope", "x:none", "x:zzz",
  "h:@own", "h:@other", "h:@victim", "h:KC-2026-999999", "h:", "w:@own", "w:@other", "w:@victim", "w:yes:@own", "w:yes:@other", "w:yes:@victim",
  "s:@own", "s:@other", "s:@victim", "o:@own:rcv", "o:@victim:rej", "o:@other:inf", "o:@victim", "o:", "", ":", "zz:top", "m", "\u0000", "f:v:f:v:f:v:",
];
const WORDS = [
  "menu", "/start", "dangky", "huỷ", "huy", "quay lại", "bỏ qua", "giữ nguyên", "vì sao", "tạm dừng", "nộp", "sửa 3", "sửa số điện thoại", "sửa zzz",
  "1", "2", "3", "9", "99", "0", "có", "không", "hồ sơ của tôi", "gặp cán bộ", "kiểm tra điều kiện", "hỏi đáp", "giúp",
  "hộ kinh doanh có được hỗ trợ máy móc không?", "hồ sơ gồm những gì?", "@own", "xem @other", "xem @victim", "@victim",
  "tiepnhan @victim", "khongdat @other lý do", "bosung @own thiếu giấy", "traloi LH123 chào", "ds", "cauhoi", "KC-2026-999999",
];
const COMMANDS = ["start", "huy", "menu", "help", "dangky", "hoso", "canbo", "dieukien", "hoidap", "tiepnhan", "ds", "zzz", "", "😀"];
const UNSUPPORTED: UnsupportedKind[] = ["sticker", "voice", "video", "location", "contact", "other"];

type Action =
  | { t: "text"; text: string }
  | { t: "answer" }
  | { t: "offered"; index: number }
  | { t: "button"; data: string }
  | { t: "command"; command: string; args?: string }
  | { t: "attachment"; attachment: Attachment }
  | { t: "unsupported"; what: UnsupportedKind };

const attachment: fc.Arbitrary<Attachment> = fc.record(
  {
    type: fc.constantFrom("photo" as const, "document" as const),
    ref: fc.oneof(fc.string({ maxLength: 20 }), fc.constant("file-1")),
    sizeBytes: fc.oneof(fc.nat(), fc.constant(30 * 1024 * 1024), fc.constant(Number.MAX_SAFE_INTEGER)),
    mimeType: fc.constantFrom("image/jpeg", "application/pdf", "application/x-msdownload", "", "😀"),
    fileName: nastyString,
  },
  { requiredKeys: ["type", "ref"] },
);

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: nastyString.map((text) => ({ t: "text" as const, text })) },
  { weight: 4, arbitrary: fc.constantFrom(...WORDS).map((text) => ({ t: "text" as const, text })) },
  // Long messages around the size limit (1,500 characters here): answered, or refused with the limit.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...PIECES, "hộ kinh doanh có được hỗ trợ ", "Hà Nội ", "Nguyễn Văn An "), fc.integer({ min: 1000, max: 1600 }))
      .map(([piece, length]) => ({ t: "text" as const, text: piece.repeat(Math.ceil(length / piece.length)).slice(0, length) })),
  },
  { weight: 6, arbitrary: fc.constant({ t: "answer" as const }) },
  { weight: 5, arbitrary: fc.nat(20).map((index) => ({ t: "offered" as const, index })) },
  { weight: 4, arbitrary: fc.oneof(fc.constantFrom(...ALWAYS_BUTTONS), fc.string({ maxLength: 70 })).map((data) => ({ t: "button" as const, data })) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("command" as const), command: fc.constantFrom(...COMMANDS), args: fc.option(nastyString, { nil: undefined }) }) },
  { weight: 1, arbitrary: attachment.map((a) => ({ t: "attachment" as const, attachment: a })) },
  { weight: 1, arbitrary: fc.constantFrom(...UNSUPPORTED).map((what) => ({ t: "unsupported" as const, what })) },
);
const steps = fc.array(fc.record({ user: fc.nat(2), action }), { minLength: 5, maxLength: 30 });

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

async function seedApplication(userId: string, status: ApplicationStatus): Promise<string> {
  const code = await app.store.applications.nextCode(2026);
  const at = "2026-11-25T03:00:00.000Z";
  await app.store.applications.save({
    code,
    channel: "telegram",
    userId,
    chatId: userId,
    displayName: "Khách",
    submittedAt: at,
    answers: clone(answersTemplate),
    supportId: "may-moc-thiet-bi",
    estimate: { maxVnd: null, requestedVnd: null, note: "" },
    status,
    history: [{ at, by: "applicant", from: null, to: "submitted" }, ...(status === "submitted" ? [] : [{ at, by: "officer", from: "submitted" as const, to: status, note: "Thiếu giấy" }])],
  });
  return code;
}

/** Everything that belongs to someone other than `sender`, as JSON, to compare before and after a message. */
async function othersSnapshot(sender: string, users: string[]): Promise<string> {
  const sessions = await Promise.all([...users, "victim"].filter((u) => u !== sender).map((u) => app.store.sessions.get(`telegram:${u}`)));
  const applications = (await app.store.applications.list()).filter((a) => a.userId !== sender);
  const contacts = (await app.store.dump()).contacts.filter((c) => c.userId !== sender);
  return JSON.stringify({ sessions, applications, contacts });
}

describe("the engine under random conversations", () => {
  it("never throws, always answers usefully, never touches or shows another user's data, never loses an acknowledged answer", async () => {
    const stats = { messages: 0, acks: 0, submissions: 0, checked: 0 };
    await fc.assert(
      fc.asyncProperty(steps, async (script) => {
        run++;
        const users = [`r${run}a`, `r${run}b`, `r${run}c`];
        const codes: Record<string, string> = {
          [users[0] as string]: await seedApplication(users[0] as string, "submitted"),
          [users[1] as string]: await seedApplication(users[1] as string, "needs-info"),
        };
        const accepted = new Map(users.map((u) => [u, new Map<string, unknown>()]));
        // The third user starts near the end of a form or at its review, so that runs reach the submission.
        await applyAs(app, users[2] as string, { channel: "telegram", fields: run % 2 ? 18 : 40, submit: false });
        for (const [field, value] of Object.entries((await app.store.sessions.get(`telegram:${users[2]}`))?.draft?.answers ?? {})) accepted.get(users[2] as string)?.set(field, clone(value));

        for (const [i, { user: n, action: act }] of script.entries()) {
          const user = users[n] as string;
          const other = users[(n + 1) % 3] as string;
          const key = `telegram:${user}`;
          const fill = (s: string) =>
            s.replaceAll("@own", codes[user] ?? "KC-2026-999998").replaceAll("@other", codes[other] ?? codes[users[0] as string] as string).replaceAll("@victim", victimCode);
          const before = clone((await app.store.sessions.get(key)));
          let payload: InboundPayload;
          switch (act.t) {
            case "text":
              payload = { kind: "text", text: fill(act.text) };
              break;
            case "answer": {
              // A cooperative user: answers the field asked, submits a finished form, continues a draft, or starts one.
              const state = before?.state;
              if (state?.name === "form") payload = { kind: "text", text: ANSWERS[state.fieldId] ?? "bỏ qua" };
              else if (state?.name === "form-review") payload = { kind: "text", text: "nộp" };
              else if (state?.name === "form-resume") payload = { kind: "button", data: "f:resume" };
              else payload = { kind: "text", text: "dangky" };
              break;
            }
            case "offered": {
              const offered = before?.offered ?? [];
              payload = offered.length > 0 ? { kind: "button", data: (offered[act.index % offered.length] as { data: string }).data } : { kind: "text", text: "menu" };
              break;
            }
            case "button":
              payload = { kind: "button", data: fill(act.data) };
              break;
            case "command":
              payload = { kind: "command", command: act.command, args: act.args };
              break;
            case "attachment":
              payload = { kind: "attachment", attachment: act.attachment };
              break;
            case "unsupported":
              payload = { kind: "unsupported", what: act.what };
              break;
          }
          const where = `step ${i} of run ${run}: ${user} sends ${JSON.stringify(payload).slice(0, 200)} in state ${JSON.stringify(before?.state)}`;
          const othersBefore = await othersSnapshot(user, users);

          let replies: Reply[];
          try {
            replies = await app.engine.handle({ channel: "telegram", userId: user, chatId: user, displayName: "Khách", ...payload } as Inbound);
          } catch (error) {
            throw new Error(`${where}: handle rejected: ${String(error)}`);
          }

          const texts = replies.map((r) => r.text);
          expect(replies.length, where).toBeGreaterThanOrEqual(1);
          for (const reply of replies) {
            expect(reply.text.trim().length, where).toBeGreaterThan(0);
            expect(reply.text, where).not.toBe(MSG.apology);
            for (const button of reply.buttons?.flat() ?? []) {
              expect(button.label.trim().length, where).toBeGreaterThan(0);
              expect(Buffer.byteLength(button.data), `${where}: button ${button.data}`).toBeGreaterThan(0);
              expect(Buffer.byteLength(button.data), `${where}: button ${button.data}`).toBeLessThanOrEqual(64);
            }
          }
          expect(await othersSnapshot(user, users), `${where}: another user's data changed`).toBe(othersBefore);
          expect(texts.join("\n"), `${where}: shows the outsider's personal data`).not.toMatch(SECRET_PATTERN);

          // The model of acknowledged answers.
          const model = accepted.get(user) as Map<string, unknown>;
          const after = (await app.store.sessions.get(key));
          if (texts.some((t) => t.startsWith("📝 Đơn đăng ký hỗ trợ khuyến công")) || texts.includes(FORM_MSG.cancelled)) model.clear();
          const submitted = texts.map((t) => /Mã hồ sơ của anh\/chị: (KC-\d{4}-\d{6})/.exec(t)?.[1]).find(Boolean);
          if (submitted) {
            stats.submissions++;
            const stored = (await app.store.applications.get(submitted));
            expect(stored?.userId, where).toBe(user);
            for (const [field, value] of model) expect(stored?.answers[field], `${where}: submitted ${field}`).toEqual(value);
            model.clear();
          }
          if (before?.state.name === "form") {
            const field = fieldById(before.state.fieldId);
            if (field && texts.some((t) => t.startsWith(`✔️ ${field.label}:`))) {
              expect(after?.draft?.answers[field.id], `${where}: acknowledged but not in the draft`).toBeDefined();
              model.set(field.id, clone(after?.draft?.answers[field.id]));
              stats.acks++;
            }
            if (field && after?.draft?.skipped.includes(field.id) && after.draft.answers[field.id] === undefined) model.delete(field.id);
          }
          for (const [field, value] of model) expect(after?.draft?.answers[field], `${where}: acknowledged ${field} lost`).toEqual(value);
          stats.checked += model.size;
          stats.messages++;
        }
      }),
      { numRuns: 100 },
    );
    // The runs did reach the places that matter.
    expect(stats.acks, JSON.stringify(stats)).toBeGreaterThanOrEqual(30);
    expect(stats.submissions, JSON.stringify(stats)).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it("handles a burst of all users at once like the same messages one by one: each user's own order is kept", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...WORDS, "dangky", "Nguyễn Văn An", "bỏ qua", "Hộ kinh doanh Mộc An"), { minLength: 3, maxLength: 12 }), async (texts) => {
        run++;
        const users = [`b${run}a`, `b${run}b`, `b${run}c`];
        const send = (user: string, text: string) => app.engine.handle({ channel: "telegram", userId: user, chatId: user, kind: "text", text });
        // Each user's script at once, all users interleaved, nothing awaited in between.
        const together = await Promise.all(users.map((u) => Promise.all(texts.map((t) => send(u, t.replaceAll("@", ""))))));
        // Contact message ids (LH…) are unique per message; everything else must match.
        const replies = together.map((perUser) => perUser.map((r) => r.map((x) => x.text.replace(/\bLH[0-9A-Z]+/g, "LH…")).join("\n")));
        // Same script, same state: every user got the same answers, in the order sent.
        expect(replies[1]).toEqual(replies[0]);
        expect(replies[2]).toEqual(replies[0]);
        expect((await app.store.sessions.get(`telegram:${users[1]}`))?.draft?.answers).toEqual((await app.store.sessions.get(`telegram:${users[0]}`))?.draft?.answers);
      }),
      { numRuns: 15 },
    );
  });
});
