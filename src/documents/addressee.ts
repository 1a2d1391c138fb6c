import type { Config } from "../config.ts";
import { foldVietnamese } from "../kb/normalize.ts";
import type { Province } from "../kb/schema.ts";
import { BLANK } from "./model.ts";
import { fillPlaceholders, type LetterTemplate } from "./template.ts";

/** The default of CENTRE_NAME (config.ts): it names no province, so the province's own centre is written instead. */
const GENERIC_CENTRE = "trung tam khuyen cong tinh";

export interface ProvinceWording {
  /** "Trung tâm Khuyến công tỉnh Điện Biên". */
  addressee: string;
  /** Place before the date: the province's name without "tỉnh" ("Điện Biên"). */
  place: string;
  /** "tỉnh Điện Biên", "thành phố Hà Nội". */
  unit: string;
}

/**
 * The one place where province-specific wording of the documents is decided
 * (the province issue will add each centre's exact name and template here).
 * The addressee is the centre of the application's province: CENTRE_NAME when
 * the deployment configured a centre of that province, otherwise the
 * template's "Trung tâm Khuyến công {tinh}".
 */
export function provinceWording(province: Province | undefined, template: LetterTemplate, config: Pick<Config, "CENTRE_NAME">): ProvinceWording {
  if (!province) return { addressee: fillPlaceholders(template.letter.addressee, { tinh: BLANK, noiNhan: BLANK, coSo: BLANK }), place: BLANK, unit: BLANK };
  const bare = province.name.replace(/^(TP\.|Thành phố|Tỉnh)\s*/iu, "");
  const unit = province.kind === "city" ? `thành phố ${bare}` : `tỉnh ${bare}`;
  const centre = config.CENTRE_NAME.trim();
  const folded = foldVietnamese(centre);
  const configured = folded !== GENERIC_CENTRE && folded.includes(foldVietnamese(bare));
  return {
    addressee: configured ? centre : fillPlaceholders(template.letter.addressee, { tinh: unit, noiNhan: "", coSo: "" }),
    place: province.name,
    unit,
  };
}
