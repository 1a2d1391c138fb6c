import { existsSync, readdirSync } from "node:fs";
import type { Storage } from "../domain/storage.ts";
import { copyStorage } from "../store/copy.ts";
import { LowdbStorage } from "../store/lowdb/lowdb-storage.ts";

export type OfficerOutcome = { ok: true; message: string } | { ok: false; message: string };

/**
 * A consistent copy of everything into an empty folder, in the lowdb layout,
 * while the bot keeps serving: the records are read from the running storage
 * (not file by file, which could catch a submission half-way), then written
 * and counted back as `store:copy` does.
 */
export async function backupTo(storage: Storage, dir: string): Promise<OfficerOutcome> {
  if (existsSync(dir) && readdirSync(dir).length > 0) return { ok: false, message: `Thư mục ${dir} không trống: hãy chọn một thư mục mới cho bản sao lưu.` };
  const target = await LowdbStorage.open(dir, { flushMs: 0 });
  try {
    const copied = await copyStorage(storage, target);
    return { ok: true, message: `Đã sao lưu ${copied.applications} hồ sơ, ${copied.sessions} phiên trò chuyện vào ${dir}.` };
  } finally {
    await target.close();
  }
}
