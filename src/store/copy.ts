import type { Storage, StorageDump } from "../domain/storage.ts";
import { silentLogger } from "../logger.ts";
import { lockHolder } from "./lowdb/lock.ts";
import { LowdbStorage } from "./lowdb/lowdb-storage.ts";

/** A data folder (lowdb) or a PostgreSQL URL, as `store:copy` names them. */
export function isDatabaseUrl(place: string): boolean {
  return /^postgres(ql)?:\/\//.test(place);
}

/** Opens one side of a copy: the source read-only (nothing written), the target as its writer. */
export async function openPlace(place: string, role: "source" | "target"): Promise<Storage> {
  if (isDatabaseUrl(place)) {
    const { openPostgresStorage } = await import("./postgres/index.ts");
    return openPostgresStorage({ url: place, poolSize: 4, logger: silentLogger });
  }
  if (role === "source" && lockHolder(place) !== undefined) {
    // Files read one by one beside a running bot could catch a submission half-way.
    throw new Error(`Bot (PID ${lockHolder(place)}) đang chạy trên ${place}: dừng bot trước, hoặc sao lưu bằng "npm run officer -- backup <thư mục>" rồi sao chép từ bản sao lưu.`);
  }
  return LowdbStorage.open(place, { flushMs: 0, readOnly: role === "source" });
}

export interface CopyCounts {
  sessions: number;
  applications: number;
  questions: number;
  contacts: number;
  notifications: number;
}

function countsOf(dump: StorageDump): CopyCounts {
  return { sessions: dump.sessions.length, applications: dump.applications.length, questions: dump.questions.length, contacts: dump.contacts.length, notifications: dump.outbox.length };
}

/**
 * Copies everything from one storage into another, empty one (a province
 * outgrowing the lowdb default moves to PostgreSQL), then reads the target
 * back and checks that every kind of record arrived, codes counters included.
 */
export async function copyStorage(from: Storage, to: Storage): Promise<CopyCounts> {
  const dump = await from.dump();
  await to.restore(dump);
  const copied = await to.dump();
  const want = countsOf(dump);
  const got = countsOf(copied);
  const wrong = (Object.keys(want) as (keyof CopyCounts)[]).filter((k) => want[k] !== got[k]);
  if (wrong.length > 0) throw new Error(`Sao chép chưa đủ: ${wrong.map((k) => `${k} ${got[k]}/${want[k]}`).join(", ")}`);
  for (const [year, seq] of Object.entries(dump.lastCodes)) {
    if ((copied.lastCodes[year] ?? 0) < seq) throw new Error(`Bộ đếm mã hồ sơ năm ${year} chưa được sao chép (${copied.lastCodes[year] ?? 0} < ${seq}).`);
  }
  return want;
}
