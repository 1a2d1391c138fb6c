import type { ProvinceInfo } from "./province-schema.ts";
import type { Province } from "./schema.ts";
import type { KbProblem } from "./types.ts";

/**
 * Cross-checks knowledge/provinces/: one file per province of provinces.yaml,
 * named after its id; levels point at a known support and at a resolution of
 * the same file; a level shown as confirmed names its resolution and that
 * resolution's levels were read. These are what keep a provincial figure from
 * being shown as certain on the strength of a news summary.
 */
export function checkProvinceInfo(
  files: { file: string; value: ProvinceInfo }[],
  provinces: Province[],
  supportIds: Set<string>,
  problems: KbProblem[],
): void {
  const known = new Set(provinces.map((p) => p.id));
  const seen = new Set<string>();
  for (const { file, value } of files) {
    const problem = (message: string): void => void problems.push({ file, entryId: value.id, message });
    if (file !== `provinces/${value.id}.yaml`) problem(`tệp phải tên là provinces/${value.id}.yaml`);
    if (!known.has(value.id)) problem("id không có trong provinces.yaml");
    if (seen.has(value.id)) problem("tỉnh có hai tệp");
    seen.add(value.id);
    const resolutions = new Map(value.resolutions.map((r) => [r.number, r]));
    for (const level of value.levels) {
      if (!supportIds.has(level.supportId)) problem(`levels: không có hình thức hỗ trợ "${level.supportId}"`);
      const resolution = level.resolution ? resolutions.get(level.resolution) : undefined;
      if (level.resolution && !resolution) problem(`levels (${level.supportId}): nghị quyết "${level.resolution}" không có trong resolutions`);
      if (level.confirmed && !resolution) problem(`levels (${level.supportId}): mức ghi confirmed: true phải nêu số nghị quyết (resolution)`);
      if (level.confirmed && resolution && !resolution.levelsRead) problem(`levels (${level.supportId}): nghị quyết ${resolution.number} chưa được đọc (levelsRead: false) nên mức chưa thể confirmed`);
      if (level.percent === undefined && level.capVnd === undefined && /\d/.test(level.text) === false) problem(`levels (${level.supportId}): không có con số nào`);
    }
    const perSupport = new Map<string, number>();
    for (const level of value.levels) perSupport.set(level.supportId, (perSupport.get(level.supportId) ?? 0) + 1);
    for (const [supportId, n] of perSupport) if (n > 1) problem(`levels: "${supportId}" có ${n} mức, chỉ được một`);
    if (!value.centre.name && !value.centre.note) problem("centre: chưa biết tên Trung tâm thì phải có note nói rõ hỏi ở đâu");
  }
  for (const p of provinces) if (!seen.has(p.id)) problems.push({ file: `provinces/${p.id}.yaml`, entryId: p.id, message: "thiếu tệp của tỉnh (mỗi tỉnh một tệp, kể cả khi chưa có dữ liệu)" });
}
