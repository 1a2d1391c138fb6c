import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { openKnowledge } from "../kb/index.ts";
import { foldVietnamese } from "../kb/normalize.ts";
import { exportApplications } from "../officer/export.ts";
import { changeStatus, listApplications } from "../officer/service.ts";
import { parseStatus, STATUS_LABEL } from "../officer/status.ts";
import { applicationSummary, historyLines } from "../officer/summary.ts";
import { openStore } from "../store/store.ts";
import { vnIsoDate } from "../text/vn-time.ts";
import { runCli } from "./run-cli.ts";

const USAGE = `Cách dùng (công cụ cho cán bộ):
  npm run officer -- list [--status S] [--province P] [--support ID]
  npm run officer -- show KC-2026-000001
  npm run officer -- status KC-2026-000001 received|needs-info|proposed|rejected --note "…" [--by "Tên cán bộ"]
  npm run officer -- export [--format csv|xlsx] [--out tệp]   (mặc định: <DATA_DIR>/exports/ho-so-khuyen-cong-<ngày>.csv)
  npm run officer -- delete-user <kênh> <mã người dùng>   (xoá dữ liệu của một người theo yêu cầu)
  npm run officer -- --help
Trạng thái có thể ghi bằng tiếng Việt: "tiep nhan", "bo sung", "de xuat", "khong dat".
Lệnh đọc (list, show, export) chạy được khi bot đang chạy; lệnh ghi (status, delete-user) cần dừng bot trước, hoặc dùng lệnh cán bộ trong chat.`;

/** `npm run officer -- …`: the officers' command-line tool over the same data files as the bot. */
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
      },
    });
  } catch (error) {
    const option = /'([^']+)'/.exec((error as Error).message)?.[1];
    throw new Error(`${option ? `Không có tuỳ chọn "${option}".` : (error as Error).message}\n${USAGE}`);
  }
}

type Values = ReturnType<typeof readArgs>["values"];

async function main(positionals: string[], values: Values): Promise<void> {
  const [command, ...rest] = positionals;
  const writes = command === "status" || command === "delete-user";
  if (!command || !["list", "show", "status", "export", "delete-user"].includes(command)) {
    console.log(USAGE);
    if (command) process.exitCode = 1;
    return;
  }
  const config = loadConfig();
  const knowledge = openKnowledge(config);
  const store = await openStore(config.DATA_DIR, { sessionFlushMs: 0, lock: writes });
  const now = new Date();
  try {
    switch (command) {
      case "list": {
        const status = values.status ? parseStatus(foldVietnamese(values.status)) : undefined;
        if (values.status && !status) throw new Error(`Không có trạng thái "${values.status}".`);
        const province = values.province ? knowledge.kb.provinces.find((p) => foldVietnamese(p.name) === foldVietnamese(values.province ?? "") || p.id === values.province)?.id : undefined;
        if (values.province && !province) throw new Error(`Không có tỉnh/thành "${values.province}".`);
        const apps = listApplications(store, { status, province, supportId: values.support });
        for (const a of apps) {
          console.log(`${a.code}\t${STATUS_LABEL[a.status]}\t${vnIsoDate(new Date(a.submittedAt))}\t${String(a.answers.facilityName ?? "")}\t${knowledge.kb.supportById.get(a.supportId)?.shortTitle ?? a.supportId}`);
        }
        console.log(`Tổng: ${apps.length} hồ sơ`);
        return;
      }
      case "show": {
        const app = store.applications.get(rest[0] ?? "");
        if (!app) throw new Error(`Không có hồ sơ ${rest[0] ?? ""}.`);
        console.log([applicationSummary(app, knowledge.kb, now), `Người gửi (kênh, mã người dùng): ${app.channel} ${app.userId}`, "", "Lịch sử:", ...historyLines(app)].join("\n"));
        return;
      }
      case "status": {
        const to = parseStatus(foldVietnamese(rest[1] ?? ""));
        if (!rest[0] || !to) throw new Error(`Thiếu mã hồ sơ hoặc trạng thái mới.\n${USAGE}`);
        const result = await changeStatus(store, { code: rest[0].toUpperCase(), to, by: `cli:${values.by ?? "cán bộ"}`, note: values.note, at: now });
        if (!result.ok) throw new Error(result.reason);
        console.log(`Đã chuyển ${result.app.code} sang "${STATUS_LABEL[to]}". Thông báo cho người nộp đã xếp hàng, sẽ gửi khi bot chạy.`);
        return;
      }
      case "export": {
        const format = values.format === "xlsx" ? "xlsx" : values.format === "csv" || !values.format ? "csv" : undefined;
        if (!format) throw new Error('--format phải là "csv" hoặc "xlsx".');
        const file = await exportApplications({ store, knowledge }, format, now);
        // Personal data: by default beside the bot's data (git-ignored, outside the repository in production), never in the working directory.
        const out = values.out ?? join(config.DATA_DIR, "exports", file.fileName);
        if (!values.out) await mkdir(join(config.DATA_DIR, "exports"), { recursive: true });
        await writeFile(out, file.data);
        console.log(`Đã xuất ${store.applications.count()} hồ sơ ra ${out}`);
        return;
      }
      case "delete-user": {
        const [channel, userId] = rest;
        if (!channel || !userId) throw new Error(USAGE);
        const codes = await store.applications.deleteOfUser(channel, userId);
        const contacts = await store.contacts.deleteOfUser(channel, userId);
        await store.sessions.delete(`${channel}:${userId}`);
        console.log(`Đã xoá ${codes.length} hồ sơ (${codes.join(", ") || "không có"}), ${contacts} tin nhắn và phiên trò chuyện của ${channel}:${userId}.`);
        return;
      }
    }
  } finally {
    if (writes) await store.close();
  }
}
