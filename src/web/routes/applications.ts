import type { Context } from "hono";
import { html } from "hono/html";
import type { Application } from "../../domain/records.ts";
import { statusSchema } from "../../domain/records.ts";
import { exportFile } from "../../officer/export.ts";
import { addNote, assign, correctField } from "../../officer/record.ts";
import { changeStatus, type StatusChange } from "../../officer/service.ts";
import { STATUS_LABEL } from "../../officer/status.ts";
import { canSeeApplication, officerLabel, scopedQuery } from "../access.ts";
import { recordAction, type WebApp, type WebDeps, type WebEnv } from "../context.ts";
import { applicationView, attachmentsOf } from "../views/application.ts";
import { listView, queryFromUrl } from "../views/applications.ts";
import { page } from "../views/layout.ts";

/** Most rows one export holds: a season's applications, not an unbounded read. */
const EXPORT_LIMIT = 50_000;

/** Configured officers (Telegram, Zalo) with the names their chats gave, for assignment. */
async function officerChoices(deps: WebDeps): Promise<{ id: string; name: string }[]> {
  const ids = [...deps.app.config.TELEGRAM_OFFICER_IDS.map((id) => `telegram:${id}`), ...deps.app.config.ZALO_OFFICER_IDS.map((id) => `zalo:${id}`)];
  return Promise.all(ids.map(async (id) => ({ id, name: `${(await deps.app.store.sessions.get(id))?.displayName ?? "Cán bộ"} (${id})` })));
}

/**
 * What the last action did, said after the redirect. The URL names the action
 * only (never the sentence: a crafted link could otherwise show any text on our page).
 */
function flashOf(c: Context, app: Application): string | undefined {
  switch (c.req.query("xong")) {
    case "trang-thai":
      return `Đã chuyển sang "${STATUS_LABEL[app.status]}". Người nộp đã được báo.`;
    case "ghi-chu":
      return "Đã lưu ghi chú nội bộ.";
    case "sua":
      return "Đã sửa và ghi vào lịch sử.";
    case "giao":
      return "Đã giao hồ sơ.";
    default:
      return undefined;
  }
}

/** The list, one application, its actions, its attachments and the export of the current filter. */
export function applicationRoutes(web: WebApp, deps: WebDeps): void {
  const { store, knowledge } = deps.app;

  web.get("/ho-so", async (c) => {
    const officer = c.get("officer");
    const query = scopedQuery(deps.app.officers, officer, queryFromUrl((n) => c.req.query(n)));
    const [result, counts, officers] = await Promise.all([store.applications.page(query), store.applications.statusCounts(query), officerChoices(deps)]);
    const body = listView({ kb: knowledge.kb, query, page: result, counts, officerNames: new Map(officers.map((o) => [o.id, o.name])) });
    return c.html(page({ title: "Hồ sơ", officer, csrf: c.get("csrf"), section: "applications", body }));
  });

  web.get("/xuat/:format{csv|xlsx}", async (c) => {
    const officer = c.get("officer");
    const format = c.req.param("format") as "csv" | "xlsx";
    const query = { ...scopedQuery(deps.app.officers, officer, queryFromUrl((n) => c.req.query(n))), offset: 0, limit: EXPORT_LIMIT };
    const { items } = await store.applications.page(query);
    const file = await exportFile(items, knowledge.kb, format, deps.clock());
    await recordAction(deps, officer, "export", undefined, `${format}, ${items.length} hồ sơ`);
    c.header("content-type", format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    c.header("content-disposition", `attachment; filename="${file.fileName}"`);
    c.header("cache-control", "no-store");
    return c.body(new Uint8Array(file.data));
  });

  const load = async (c: Context<WebEnv>) => {
    const app = await store.applications.get(c.req.param("code") ?? "");
    return app && canSeeApplication(deps.app.officers, c.get("officer"), app) ? app : undefined;
  };

  const notFound = (c: Context<WebEnv>) => c.html(page({ title: "Không tìm thấy", officer: c.get("officer"), csrf: c.get("csrf"), section: "applications", body: html``, error: "Không có hồ sơ này, hoặc anh/chị không được xem hồ sơ này." }), 404);

  const show = async (c: Context<WebEnv>, refused?: { error: string; action: string; form: Record<string, string> }) => {
    const app = await load(c);
    if (!app) return notFound(c);
    const error = refused?.error;
    const body = applicationView({ app, kb: knowledge.kb, now: deps.clock(), csrf: c.get("csrf"), officers: await officerChoices(deps), ...(refused ? { typed: { action: refused.action, form: refused.form } } : {}) });
    return c.html(page({ title: app.code, officer: c.get("officer"), csrf: c.get("csrf"), section: "applications", body, flash: error ? undefined : flashOf(c, app), error }), refused ? 400 : 200);
  };

  web.get("/ho-so/:code", (c) => show(c));

  /**
   * Runs an action on a visible application in one transaction; back to its page with what happened.
   * The record of actions names the action and its target, never the text typed (a note or a
   * corrected phone number is personal data, kept in the application only, where delete-user reaches it).
   */
  const act = (
    name: string,
    run: (c: Context<WebEnv>, code: string, form: Record<string, string>) => Promise<StatusChange>,
    detail: (form: Record<string, string>) => string | undefined = () => undefined,
  ) =>
    web.post(`/ho-so/:code/${name}`, async (c) => {
      if (!(await load(c))) return notFound(c);
      const code = (c.req.param("code") ?? "").toUpperCase();
      const form = formOf(await c.req.parseBody());
      const result = await run(c, code, form);
      if (!result.ok) return show(c, { error: result.reason, action: name, form });
      await recordAction(deps, c.get("officer"), name, code, detail(form));
      return c.redirect(`/can-bo/ho-so/${code}?xong=${name}`, 303);
    });

  act(
    "trang-thai",
    (c, code, form) => {
      const to = statusSchema.safeParse(form.to);
      if (!to.success) return Promise.resolve({ ok: false, reason: "Trạng thái không hợp lệ." });
      // The same service as the chat commands: the applicant gets the same notice on their channel.
      return store.transaction((tx) => changeStatus(tx, { code, to: to.data, by: officerLabel(c.get("officer")), note: form.note, at: deps.clock() }));
    },
    (form) => form.to,
  );
  act("ghi-chu", (c, code, form) => store.transaction((tx) => addNote(tx, { code, by: officerLabel(c.get("officer")), note: form.note ?? "", at: deps.clock() })));
  act(
    "sua",
    (c, code, form) => store.transaction((tx) => correctField(tx, knowledge.kb, { code, by: officerLabel(c.get("officer")), field: form.field ?? "", value: form.value ?? "", reason: form.reason ?? "", at: deps.clock() })),
    (form) => form.field,
  );
  act(
    "giao",
    async (c, code, form) => {
      const officers = await officerChoices(deps);
      const to = officers.find((o) => o.id === form.assignee);
      if (!to) return { ok: false, reason: "Không có cán bộ này." };
      return store.transaction((tx) => assign(tx, { code, by: officerLabel(c.get("officer")), to: to.id, toName: to.name, at: deps.clock() }));
    },
    (form) => form.assignee,
  );

  web.get("/ho-so/:code/tep/:n{[0-9]+}", async (c) => {
    const app = await load(c);
    const item = app && attachmentsOf(app)[Number(c.req.param("n"))];
    if (!app || !item) return c.text("Không tìm thấy tệp.", 404);
    if (app.channel === "zalo" && /^https?:\/\//.test(item.attachment.ref)) return c.redirect(item.attachment.ref, 302);
    const file = app.channel === "telegram" ? await deps.telegramFile?.(item.attachment.ref) : undefined;
    if (!file) return c.text("Không lấy được tệp từ Telegram lúc này. Anh/chị thử lại sau.", 502);
    c.header("content-type", item.attachment.mimeType ?? file.mimeType);
    c.header("cache-control", "private, no-store");
    c.header("x-content-type-options", "nosniff");
    if (item.attachment.type === "document") c.header("content-disposition", `attachment; filename="${(item.attachment.fileName ?? "tep").replace(/[^\w.-]/g, "_")}"`);
    return c.body(new Uint8Array(file.data));
  });
}

/** A parsed form as strings (files and repeated fields are not used by these forms). */
export function formOf(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === "string" && k !== "_csrf" ? [[k, v.slice(0, 4000)]] : [])));
}
