import type { ProvinceInfo } from "./province-schema.ts";
import type { Eligibility, Faq, Procedure, Support } from "./schema.ts";
import type { KbProblem } from "./types.ts";
import { vnIsoDate } from "../text/vn-time.ts";

interface Dated {
  file: string;
  entryId?: string;
  lastChecked: string;
}

/**
 * A check date says when a person compared the entry with its source: one in
 * the future is a typo or a promise, never a check. Dates compare as
 * YYYY-MM-DD strings in Vietnam time, the day officers see.
 */
export function checkFreshness(
  parts: {
    supports: { file: string; value: Support }[];
    faqs: { file: string; value: Faq }[];
    eligibility?: Eligibility;
    procedure?: Procedure;
    provinces?: { lastChecked: string };
    provinceInfo: { file: string; value: ProvinceInfo }[];
  },
  today: Date,
  problems: KbProblem[],
): void {
  const dated: Dated[] = [
    ...parts.supports.map(({ file, value }) => ({ file, entryId: value.id, lastChecked: value.lastChecked })),
    ...parts.faqs.map(({ file, value }) => ({ file, entryId: value.id, lastChecked: value.lastChecked })),
    ...(parts.eligibility ? [{ file: "eligibility.yaml", lastChecked: parts.eligibility.lastChecked }] : []),
    ...(parts.procedure ? [{ file: "procedure.yaml", lastChecked: parts.procedure.lastChecked }] : []),
    ...(parts.provinces ? [{ file: "provinces.yaml", lastChecked: parts.provinces.lastChecked }] : []),
    ...parts.provinceInfo.flatMap(({ file, value }) => [
      { file, entryId: value.id, lastChecked: value.lastChecked },
      { file, entryId: `${value.id} centre`, lastChecked: value.centre.lastChecked },
      ...value.resolutions.map((r) => ({ file, entryId: `${value.id} ${r.number}`, lastChecked: r.lastChecked })),
      ...value.levels.map((l) => ({ file, entryId: `${value.id} ${l.supportId}`, lastChecked: l.lastChecked })),
      ...value.deadlines.map((d) => ({ file, entryId: `${value.id} ${d.when}`, lastChecked: d.lastChecked })),
      ...value.facts.map((f, i) => ({ file, entryId: `${value.id} facts[${i}]`, lastChecked: f.lastChecked })),
    ]),
  ];
  const limit = vnIsoDate(today);
  for (const entry of dated) {
    if (entry.lastChecked > limit) problems.push({ file: entry.file, entryId: entry.entryId, message: `lastChecked ${entry.lastChecked} ở tương lai (hôm nay ${limit})` });
  }
  for (const { file, value } of parts.provinceInfo) {
    for (const r of value.resolutions) {
      if (r.signed && r.lastChecked < r.signed) problems.push({ file, entryId: `${value.id} ${r.number}`, message: `lastChecked ${r.lastChecked} trước ngày ký ${r.signed}` });
    }
  }
}
