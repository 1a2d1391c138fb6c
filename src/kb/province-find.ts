import { foldVietnamese } from "./normalize.ts";
import type { Province } from "./schema.ts";

/** A province named in a message, and the words that named it (to search the rest). */
export interface ProvinceMention {
  province: Province;
  /** The folded words that matched ("lai chau", "hai duong"). */
  phrase: string;
  /** Named by a former province's name: the answer then says it now belongs to `province`. */
  formerUnit?: string;
}

// Short aliases ("hn", "hp", "sg") are too easily ordinary words or abbreviations inside a question: only in the form field.
const MIN_ALIAS = 4;

/** Folded names of each province, longest first so "ba ria vung tau" wins over "vung tau". */
function namesOf(provinces: Province[]): { name: string; province: Province; formerUnit?: string }[] {
  const names = provinces.flatMap((p) => [
    { name: foldVietnamese(p.name), province: p },
    // An alias that is a former province's name ("hai duong") names that former unit.
    ...p.aliases.map((a) => ({ name: foldVietnamese(a), province: p, formerUnit: p.formerUnits.find((u) => ` ${foldVietnamese(a)} `.includes(` ${foldVietnamese(u)} `)) })),
    ...p.formerUnits.map((u) => ({ name: foldVietnamese(u), province: p, formerUnit: u })),
  ]);
  const official = new Set(provinces.map((p) => foldVietnamese(p.name)));
  return names.filter((n) => n.name.length >= MIN_ALIAS || official.has(n.name)).sort((a, b) => b.name.length - a.name.length);
}

const cache = new WeakMap<Province[], ReturnType<typeof namesOf>>();

/**
 * The province a question names, as whole words ("mức hỗ trợ máy móc ở Phú Thọ",
 * "trung tam khuyen cong lai chau o dau", "xưởng ở Hải Dương cũ"); undefined when
 * none or when two different provinces are named (the bot then does not guess).
 */
export function findProvince(provinces: Province[], text: string): ProvinceMention | undefined {
  let names = cache.get(provinces);
  if (!names) cache.set(provinces, (names = namesOf(provinces)));
  const padded = ` ${foldVietnamese(text)} `;
  const found = names.filter((n) => padded.includes(` ${n.name} `));
  if (found.length === 0) return undefined;
  const first = found[0]!;
  if (found.some((f) => f.province.id !== first.province.id && !first.name.includes(f.name))) return undefined;
  // A former unit's name also inside the new name's match ("ho chi minh") is no former unit.
  const byName = found.find((f) => f.province.id === first.province.id && !f.formerUnit);
  const chosen = byName ?? first;
  return { province: chosen.province, phrase: chosen.name, ...(chosen.formerUnit && !byName ? { formerUnit: chosen.formerUnit } : {}) };
}

/** The message without the province's words and the little words that point at it ("ở", "tỉnh", "tại"). */
export function withoutProvince(text: string, mention: ProvinceMention): string {
  const folded = ` ${foldVietnamese(text)} `;
  return folded
    .replace(new RegExp(` (?:(?:o|tai|cua|thuoc|trong|ben) )?(?:(?:tinh|thanh pho|tp) )?${mention.phrase}(?: cu)? `), " ")
    .trim();
}

/** "tỉnh Lai Châu" / "thành phố Cần Thơ" / "TP. Hồ Chí Minh": the name as a sentence says it. */
export function provinceLabel(province: Province): string {
  if (province.name.startsWith("TP.")) return province.name;
  return `${province.kind === "city" ? "thành phố" : "tỉnh"} ${province.name}`;
}
