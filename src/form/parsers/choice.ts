import Fuse from "fuse.js";
import { foldVietnamese } from "../../kb/normalize.ts";
import { fail, ok, type ParseResult } from "./result.ts";

/**
 * Typed choices are short; past this length the fuzzy search is skipped: its
 * cost grows with the input (a 1,500-character message took ~170 ms against the
 * provinces, 100 KB took seconds) and it would stall every other user.
 */
const MAX_FUZZY_CHARS = 100;

const REFUSALS = new Set(["khong", "ko", "k", "kh", "khong phai", "sai", "khong dung", "nham", "khong a", "khong phai a", "no"]);

export interface ChoiceOption {
  value: string;
  label: string;
  aliases?: string[];
}

/**
 * Picks an option from typed text: the option number, its label or an alias,
 * folded; then fuzzily. A fuzzy match that is not clearly the best returns
 * `suggestion` so the bot can ask "có phải … không?".
 */
export function parseChoice(input: string, options: ChoiceOption[]): ParseResult<string> & { suggestion?: ChoiceOption } {
  const text = input.trim();
  if (/^\d{1,2}$/.test(text)) {
    const option = options[Number(text) - 1];
    return option ? ok(option.value) : fail("pickNumber", { count: options.length });
  }
  const folded = foldVietnamese(text);
  if (folded.length === 0) return fail("pickFromList");
  const names = options.flatMap((o) => [o.value, o.label, ...(o.aliases ?? [])].map((name) => ({ option: o, name: foldVietnamese(name) })));
  const exact = names.find((n) => n.name === folded);
  if (exact) return ok(exact.option.value);
  // "không" answering "Có phải … không?" refuses the suggestion; it is no option to guess from.
  if (REFUSALS.has(folded)) return fail("retypeOrPick");
  const padded = ` ${folded} `;
  const contained = names.filter((n) => n.name.length >= 3 && padded.includes(` ${n.name} `));
  const distinct = new Set(contained.map((c) => c.option.value));
  if (distinct.size === 1) return ok(contained[0]!.option.value);
  if (folded.length > MAX_FUZZY_CHARS) return fail("choiceNotFound");
  const fuse = new Fuse(names, { keys: ["name"], includeScore: true, threshold: 0.4, ignoreLocation: true });
  const [best, second] = fuse.search(folded);
  if (best && (best.score ?? 1) < 0.15 && (!second || second.item.option.value === best.item.option.value || (second.score ?? 1) - (best.score ?? 1) > 0.1)) {
    return ok(best.item.option.value);
  }
  if (best) return { ...fail("choiceUnsure"), suggestion: best.item.option };
  return fail("choiceNotFound");
}
