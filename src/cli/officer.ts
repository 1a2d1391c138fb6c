import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, type Config } from "../config.ts";
import { resolve } from "node:path";
import type { Storage } from "../domain/storage.ts";
import { channelSchema } from "../engine/session.ts";
import { silentLogger } from "../logger.ts";
import { callRunningBot, runOperation, type ControlRequest } from "../officer/control.ts";
import { loadKnowledgeBase } from "../kb/load.ts";
import { foldVietnamese } from "../kb/normalize.ts";
import { parseStatus, STATUS_LABEL } from "../officer/status.ts";
import { applicationSummary, historyLines } from "../officer/summary.ts";
import { openStorage } from "../store/open.ts";
import { vnIsoDate } from "../text/vn-time.ts";
import { runCli } from "./run-cli.ts";
import { OPERATOR } from "../web/access.ts";
import { createSignInLinks } from "../web/sign-in-links.ts";
import { officersFromConfig, type OfficerScope } from "../engine/officers.ts";
import { readOfficersFile } from "../engine/officer-config.ts";
import { canActOnApplication, visibleApplications } from "../officer/scope.ts";
import type { KnowledgeBase } from "../kb/types.ts";

const USAGE = `Cách dùng (công cụ cho cán bộ):
  npm run officer -- list [--status S] [--province P] [--support ID]
  Thêm --as <kênh>:<mã người dùng> (ví dụ --as zalo:0ff1ce…) cho list, show, status, export: chỉ hồ sơ của tỉnh cán bộ đó phụ trách (OFFICERS_FILE).
  npm run officer -- show KC-2026-000001
  npm run officer -- status KC-2026-000001 received|needs-info|proposed|rejected --note "…" [--by "Tên cán bộ"]
  npm run officer -- export [--format csv|xlsx] [--out tệp]   (mặc định: <DATA_DIR>/exports/ho-so-khuyen-cong-<ngày>.csv)
  npm run officer -- letter KC-2026-000001 --format pdf|docx [--out don.pdf]   (đơn đề nghị và đề cương đề án, điền sẵn từ hồ sơ)
  npm run officer -- delete-user <kênh> <mã người dùng>   (xoá dữ liệu của một người theo yêu cầu)
  npm run officer -- backup <thư mục mới>   (sao lưu trọn vẹn khi bot đang chạy; dữ liệu lowdb)
  npm run officer -- web-link   (liên kết đăng nhập trang web cán bộ, dùng một lần trong 10 phút; cần WEB_SECRET, WEB_PUBLIC_URL)
  npm run officer -- --help
Trạng thái có thể ghi bằng tiếng Việt: "tiep nhan", "bo sung", "de xuat", "khong dat".
Mọi lệnh chạy được khi bot đang chạy: lệnh đọc không ghi gì; lệnh ghi được chuyển cho bot thực hiện (dữ liệu lowdb) hoặc ghi thẳng vào PostgreSQL.`;

/** `npm run officer -- …`: the officers' command-line tool over the bot's storage. */
runCli(async () => {
  const { positionals, values } = readArgs();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  await main(positionals, values);
});

/** The command line, or an error in Vietnamese with the usage (Node's own says "Unknown option" in English). */
function readArgs() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        status: { type: "string" },
        province: { type: "string" },
        support: { type: "string" },
        note: { type: "string" },
        by: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        as: { type: "string" },
      },
    });
  } catch (error) {
    const option = /'([^']+)'/.exec((error as Error).message)?.[1];
    throw new Error(`${option ? `Không có tuỳ chọn "${option}".` : (error as Error).message}\n${USAGE}`);
  }
}

type Values = ReturnType<typeof readArgs>["values"];

/**
 * A sign-in link for the operator at the server, the URL alone on its line
 * (for scripts and the terminal demo). It is only signed, nothing is written:
 * the running bot records its use, on either storage.
 */
function printWebLink(config: Config): void {
  if (!config.WEB_SECRET || !config.WEB_PUBLIC_URL) throw new Error("Trang web cán bộ chưa được bật: đặt WEB_SECRET và WEB_PUBLIC_URL (xem .env.example).");
  const link = createSignInLinks({ publicUrl: config.WEB_PUBLIC_URL, secret: config.WEB_SECRET }).issue(OPERATOR, new Date());
  console.log(link.url);
  console.error(`Liên kết dùng một lần, hết hạn lúc ${link.expiresAt.toLocaleTimeString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" })}.`);
}

async function main(positionals: string[], values: Values): Promise<void> {
  const [command, ...rest] = positionals;
  if (!command || !["list", "show", "status", "export", "delete-user", "backup", "letter", "web-link"].includes(command)) {
    console.log(USAGE);
    if (command) process.exitCode = 1;
    return;
  }
  const config = loadConfig();
  if (command === "web-link") return printWebLink(config);
  // The knowledge base alone (supports, provinces): the CLI does not search it.
  const knowledge = { kb: loadKnowledgeBase(resolve(config.KNOWLEDGE_DIR)) };
  const now = new Date();
  // --as: the officer on whose behalf the command runs; their provinces bound what it sees and changes (issue 17).
  const scope = values.as ? scopeFor(config, knowledge.kb, values.as) : undefined;
  switch (command) {
    case "status": {
      const to = parseStatus(foldVietnamese(rest[1] ?? ""));
      if (!rest[0] || !to) throw new Error(`Thiếu mã hồ sơ hoặc trạng thái mới.\n${USAGE}`);
      if (scope) await assertInScope(config, scope, rest[0].toUpperCase());
      return change(config, { op: "status", code: rest[0].toUpperCase(), to, by: `cli:${values.by ?? "cán bộ"}`, note: values.note }, now);
    }
    case "delete-user": {
      const [channel, userId] = rest;
      const parsed = channelSchema.safeParse(channel);
      if (!parsed.success || !userId) throw new Error(USAGE);
      return change(config, { op: "delete-user", channel: parsed.data, userId }, now);
    }
    case "backup": {
      if (config.DATABASE_URL) throw new Error("Dữ liệu nằm trong PostgreSQL: sao lưu bằng pg_dump (xem README).");
      if (!rest[0]) throw new Error(USAGE);
      return change(config, { op: "backup", dir: resolve(rest[0]) }, now);
    }
  }
  // Reads never write: with lowdb the files are read without the lock, beside a running bot.
  const store = await openStorage(config, { logger: silentLogger, readOnly: true });
  try {
    switch (command) {
      case "list": {
        const status = values.status ? parseStatus(foldVietnamese(values.status)) : undefined;
        if (values.status && !status) throw new Error(`Không có trạng thái "${values.status}".`);
        const province = values.province ? knowledge.kb.provinces.find((p) => foldVietnamese(p.name) === foldVietnamese(values.province ?? "") || p.id === values.province)?.id : undefined;
        if (values.province && !province) throw new Error(`Không có tỉnh/thành "${values.province}".`);
        const listed = await store.applications.list({ status, province, supportId: values.support });
        const apps = scope ? visibleApplications(scope, listed) : listed;
        for (const a of apps) {
          console.log(`${a.code}\t${STATUS_LABEL[a.status]}\t${vnIsoDate(new Date(a.submittedAt))}\t${String(a.answers.facilityName ?? "")}\t${knowledge.kb.supportById.get(a.supportId)?.shortTitle ?? a.supportId}`);
        }
        console.log(`Tổng: ${apps.length} hồ sơ`);
        return;
      }
      case "show": {
        const app = await store.applications.get(rest[0] ?? "");
        if (!app) throw new Error(`Không có hồ sơ ${rest[0] ?? ""}.`);
        if (scope && !canActOnApplication(scope, app)) throw new Error(`Hồ sơ ${app.code} không thuộc tỉnh cán bộ ${values.as ?? ""} phụ trách.`);
        console.log([applicationSummary(app, knowledge.kb, now), `Người gửi (kênh, mã người dùng): ${app.channel} ${app.userId}`, "", "Lịch sử:", ...historyLines(app)].join("\n"));
        return;
      }
      case "export": {
        const format = values.format === "xlsx" ? "xlsx" : values.format === "csv" || !values.format ? "csv" : undefined;
        if (!format) throw new Error('--format phải là "csv" hoặc "xlsx".');
        // Loaded only here: exceljs is most of the CLI's start-up time.
        const { exportApplications } = await import("../officer/export.ts");
        const file = await exportApplications({ store, knowledge }, format, now, scope);
        // Personal data: by default beside the bot's data (git-ignored, outside the repository in production), never in the working directory.
        const out = values.out ?? join(config.DATA_DIR, "exports", file.fileName);
        if (!values.out) await mkdir(join(config.DATA_DIR, "exports"), { recursive: true });
        await writeFile(out, file.data);
        console.log(`Đã xuất ${await store.applications.count()} hồ sơ ra ${out}`);
        return;
      }
      case "letter":
        return (await import("./officer-letter.ts")).writeLetter(store, knowledge, config, rest[0], values, now);
    }
  } finally {
    await store.close();
  }
}

/**
 * A change: with lowdb and a bot running, handed to the bot (one writer per
 * folder); otherwise made here (PostgreSQL allows many writers; a lowdb
 * folder with no bot is locked for the moment of the change).
 */
async function change(config: Config, request: ControlRequest, now: Date): Promise<void> {
  const handed = config.DATABASE_URL ? undefined : await callRunningBot(resolve(config.DATA_DIR), request);
  const outcome = handed ?? (await withStorage(config, (store) => runOperation(store, request, now)));
  if (!outcome.ok) throw new Error(outcome.message);
  console.log(outcome.message);
}

async function withStorage<T>(config: Config, work: (store: Storage) => Promise<T>): Promise<T> {
  const store = await openStorage(config, { logger: silentLogger });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The scope of `--as kênh:mã` from the same officers configuration as the bot; no officer by that id is an error. */
function scopeFor(config: Config, kb: KnowledgeBase, as: string): OfficerScope {
  const [channel, userId] = [as.slice(0, as.indexOf(":")), as.slice(as.indexOf(":") + 1)];
  const parsed = channelSchema.safeParse(channel);
  if (!parsed.success || !userId) throw new Error(`--as phải có dạng <kênh>:<mã người dùng>, ví dụ --as zalo:0ff1ce01.`);
  const officers = officersFromConfig(config, config.OFFICERS_FILE ? readOfficersFile(config.OFFICERS_FILE, kb.provinces.map((p) => p.id)) : undefined);
  const scope = officers.scope(parsed.data, userId);
  if (!scope) throw new Error(`${as} không phải cán bộ (TELEGRAM_OFFICER_IDS, ZALO_OFFICER_IDS hoặc OFFICERS_FILE).`);
  return scope;
}

/** A status change on behalf of a provincial officer: only for their province's applications. */
async function assertInScope(config: Config, scope: OfficerScope, code: string): Promise<void> {
  const store = await openStorage(config, { logger: silentLogger, readOnly: true });
  try {
    const app = await store.applications.get(code);
    if (app && !canActOnApplication(scope, app)) throw new Error(`Hồ sơ ${code} không thuộc tỉnh cán bộ này phụ trách.`);
  } finally {
    await store.close();
  }
}
