import { foldVietnamese } from "../../kb/normalize.ts";
import { fail, ok, type ParseResult, type Refusal } from "./result.ts";

const SCALES: Record<string, number> = {
  ty: 1_000_000_000, ti: 1_000_000_000, b: 1_000_000_000, bn: 1_000_000_000,
  trieu: 1_000_000, tr: 1_000_000, cu: 1_000_000, m: 1_000_000,
  nghin: 1_000, ngan: 1_000, k: 1_000,
};
const HALF = new Set(["ruoi", "rui"]);
const HUNDRED = "tram";
const CURRENCY = new Set(["d", "dong", "vnd"]);
/** Words around an amount that change nothing: "khoảng 800 triệu", "tầm 1,2 tỷ", "dự kiến 2 tỷ". */
const FILLER = new Set(["khoang", "tam", "chung", "do", "gan", "hon", "tren", "du", "kien", "tong", "cong", "la", "het", "uoc", "tinh", "xap", "xi", "co"]);

type Token = { kind: "number"; text: string } | { kind: "scale"; value: number } | { kind: "half" } | { kind: "hundred" } | { kind: "currency" } | { kind: "unknown"; text: string };

/**
 * Parses an amount in VND as owners write it: "300 triệu", "300tr", "1,5 tỷ",
 * "1.500.000.000", "1500000000đ", "1 tỷ 200 triệu", and the spoken forms
 * "1 tỷ 2" / "1ty2" (1,2 tỷ), "2 tỉ rưỡi" (2,5 tỷ), "5 trăm triệu", "nửa tỷ".
 * Dots and commas are thousands separators in a plain number, a decimal comma
 * or dot before a unit; a bare number after a unit is a fraction of it
 * ("3 triệu 5" = 3,5 triệu), as people say it.
 */
export function parseMoney(input: string): ParseResult<number> {
  const raw = input.trim().normalize("NFC").toLowerCase();
  if (raw.length === 0) return fail("moneyEmpty");
  if (/^-/.test(raw)) return fail("moneyNotPositive");
  if (raw.length > 80) return fail("moneyTooLong");
  const tokens = tokenize(raw);
  const unknown = tokens.find((t) => t.kind === "unknown");
  if (unknown && unknown.kind === "unknown") return fail("moneyUnknownWord", { text: clip(unknown.text) });
  const read = sum(tokens);
  if (typeof read !== "number") return read;
  const total = Math.round(read);
  if (total <= 0) return fail("moneyNotPositive");
  if (total < 1000) return fail("moneyTooSmall");
  if (total > 1_000_000_000_000) return fail("moneyTooLarge");
  return ok(total);
}

function tokenize(raw: string): Token[] {
  const tokens: Token[] = [];
  for (const [word] of raw.matchAll(/\d+(?:[.,]\d+)*|[^\d\s.,;:!?()]+/gu)) {
    if (/^\d/.test(word)) {
      tokens.push({ kind: "number", text: word });
      continue;
    }
    const folded = foldVietnamese(word);
    if (folded === "nua") tokens.push({ kind: "number", text: "0.5" });
    else if (SCALES[folded] !== undefined) tokens.push({ kind: "scale", value: SCALES[folded] as number });
    else if (HALF.has(folded)) tokens.push({ kind: "half" });
    else if (folded === HUNDRED) tokens.push({ kind: "hundred" });
    else if (CURRENCY.has(folded)) tokens.push({ kind: "currency" });
    else if (!FILLER.has(folded) && folded.length > 0) tokens.push({ kind: "unknown", text: word });
  }
  return tokens;
}

/** Adds the groups up from the largest unit down; refuses when the order or a number makes no sense. */
function sum(tokens: Token[]): number | Refusal {
  let total = 0;
  let pending: { value: number; digits: number; plain: boolean } | undefined;
  let lastScale = Number.POSITIVE_INFINITY;
  let lastWasScale = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    switch (token.kind) {
      case "number": {
        if (pending) return fail("moneyTwoNumbers");
        const next = tokens[i + 1];
        const value = readNumber(token.text, next?.kind === "scale" || next?.kind === "hundred");
        if (value === undefined) return fail("moneyNumberUnread", { text: clip(token.text) });
        pending = { value, digits: token.text.length, plain: /^\d+$/.test(token.text) };
        break;
      }
      case "hundred":
        pending = { value: (pending?.value ?? 1) * 100, digits: 3, plain: true };
        break;
      case "scale": {
        if (token.value >= lastScale) return fail("moneyUnitOrder");
        const implicitOne = !pending && tokens[i + 1]?.kind === "half" && lastScale === Number.POSITIVE_INFINITY;
        if (!pending && !implicitOne) return fail("moneyNumberFirst");
        total += (pending?.value ?? 1) * token.value;
        pending = undefined;
        lastScale = token.value;
        break;
      }
      case "half":
        if (!lastWasScale) return fail("moneyHalfAfterUnit");
        total += lastScale / 2;
        break;
      case "currency":
        break;
      case "unknown":
        return fail("moneyUnknownToken", { text: clip(token.text) });
    }
    lastWasScale = token.kind === "scale";
  }
  if (pending) {
    if (lastScale === Number.POSITIVE_INFINITY) return pending.value;
    // "1 tỷ 2", "3 triệu 500": a bare number of up to three digits after a unit is a fraction of it.
    if (pending.plain && pending.digits <= 3) return total + (pending.value * lastScale) / 10 ** pending.digits;
    if (!pending.plain && pending.value < lastScale) return total + pending.value;
    return fail("moneyAfterUnit");
  }
  return total;
}

/** What the user typed, quoted back in a reason: short enough for one chat message. */
function clip(text: string): string {
  const chars = [...text];
  return chars.length > 20 ? `${chars.slice(0, 20).join("")}…` : text;
}

/** "1.500.000" → 1500000; "1,5" (with a unit) → 1.5; "1.5" (with a unit) → 1.5. */
function readNumber(text: string, hasUnit: boolean): number | undefined {
  const groups = text.split(/[.,]/);
  if (groups.length === 1) return Number(text);
  const thousands = groups.slice(1).every((g) => g.length === 3);
  if (thousands && !(hasUnit && groups.length === 2 && /,/.test(text))) return Number(groups.join(""));
  if (groups.length === 2) return Number(`${groups[0]}.${groups[1]}`);
  return undefined;
}
