import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { z } from "zod";
import { parseYaml } from "../kb/yaml.ts";

/**
 * The officers-per-province file named by OFFICERS_FILE (YAML or JSON): who
 * acts on and receives which province's applications. The environment's
 * TELEGRAM_OFFICER_IDS / ZALO_OFFICER_IDS / TELEGRAM_OFFICER_CHAT_ID stay the
 * all-provinces (national) role; the file adds national officers and one
 * team per province.
 */

const userIds = z.array(z.union([z.string().regex(/^[A-Za-z0-9_-]+$/, "mã người dùng chỉ gồm chữ, số, - và _"), z.number().int().transform(String)])).default([]);
const chatId = z.union([z.string().regex(/^-?\d+$/, "id nhóm Telegram, ví dụ -1001234567890"), z.number().int().transform(String)]);

/** One team: officers' user ids per channel (they act, and receive in private), and an optional Telegram group that receives. */
export const officerTeamSchema = z.strictObject({
  telegram: userIds,
  zalo: userIds,
  telegramChat: chatId.optional(),
});
export type OfficerTeam = z.infer<typeof officerTeamSchema>;

export const officersFileSchema = z.strictObject({
  /** Officers who see and act on every province's applications, beside those of the environment. */
  national: officerTeamSchema.optional(),
  /** Teams by province id (knowledge/provinces.yaml). */
  provinces: z.record(z.string().regex(/^[a-z0-9-]+$/, "id tỉnh như trong knowledge/provinces.yaml, ví dụ lai-chau"), officerTeamSchema).default({}),
});
export type OfficersFile = z.infer<typeof officersFileSchema>;

/** Thrown with every problem of the officers file, named by file and path, so start-up stops with a clear message. */
export class OfficersFileError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Tệp cán bộ ${file} có lỗi:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "OfficersFileError";
  }
}

/** Reads and validates the officers file; unknown province ids are errors (a typo would silently send a province's files to no one). */
export function readOfficersFile(file: string, provinceIds: string[]): OfficersFile {
  let raw: unknown;
  try {
    const text = readFileSync(file, "utf8");
    raw = extname(file).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new OfficersFileError(file, [`không đọc được: ${(error as Error).message.split("\n")[0]}`]);
  }
  const parsed = officersFileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new OfficersFileError(file, parsed.error.issues.map((i) => `${i.path.join(".") || "(tệp)"}: ${i.message}`));
  const known = new Set(provinceIds);
  const unknown = Object.keys(parsed.data.provinces).filter((id) => !known.has(id));
  if (unknown.length > 0) throw new OfficersFileError(file, unknown.map((id) => `provinces.${id}: không có tỉnh này trong knowledge/provinces.yaml`));
  return parsed.data;
}
