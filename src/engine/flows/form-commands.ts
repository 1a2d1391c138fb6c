import { foldVietnamese } from "../../kb/normalize.ts";

/** The words an owner types to move around the form ("quay lại", "bỏ qua", "sửa 3"…), folded. */
export type FormCommand = { kind: "back" | "skip" | "pause" | "keep" | "why" | "submit" | "review" } | { kind: "edit"; target: string };

const COMMAND_WORDS: Record<string, FormCommand["kind"]> = {
  "quay lai": "back", "tro lai": "back", back: "back", lui: "back",
  "bo qua": "skip", skip: "skip", "de trong": "skip", "gui sau": "skip", "nop sau": "skip", "bo sung sau": "skip", "gui sau nhe": "skip",
  "tam dung": "pause", "luu nhap": "pause", "de sau": "pause", pause: "pause", "luu lai": "pause",
  "giu nguyen": "keep", giu: "keep", "khong doi": "keep",
  "vi sao": "why", "vi sao hoi": "why", "tai sao": "why", "de lam gi": "why", "tai sao hoi": "why",
  "xem lai": "review", "xem lai don": "review", "xem don": "review", "xem toan bo": "review",
  "nop": "submit", "nop don": "submit", "gui don": "submit", "xac nhan": "submit", "xac nhan nop": "submit",
};

/** The command a typed text names, if any. */
export function formCommand(text: string): FormCommand | undefined {
  const folded = foldVietnamese(text);
  const edit = /^(sua|chinh sua|doi)\s+(?:muc\s+)?(.+)$/.exec(folded);
  if (edit) return { kind: "edit", target: edit[2] as string };
  const kind = COMMAND_WORDS[folded];
  return kind ? ({ kind } as FormCommand) : undefined;
}
