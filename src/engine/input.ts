import { foldVietnamese } from "../kb/normalize.ts";
import type { Button } from "./types.ts";

/** Commands understood at any point, typed as words or sent as /commands. */
export type GlobalIntent = "menu" | "help" | "about" | "cancel" | "officer" | "qa" | "eligibility" | "apply" | "mine" | "mydata" | "forget";

const INTENT_WORDS: Record<GlobalIntent, string[]> = {
  menu: ["menu", "start", "bat dau", "batdau", "trang chu", "menu chinh", "quay ve menu", "ve menu"],
  help: ["help", "giup", "tro giup", "huong dan", "giup do", "tro giup toi"],
  // Greetings and "who are you": search would take them for a question and offer policy topics.
  about: [
    "xin chao", "xin chao a", "chao", "chao a", "chao ban", "chao ban a", "chao anh", "chao chi", "chao em", "chao ad", "chao admin", "chao bot",
    "alo", "a lo", "hello", "hi", "ban la ai", "ban la ai vay", "ban la ai the", "day la ai", "ai day", "ai vay", "ban ten gi", "bot la gi",
    "ban la nguoi hay may", "ban la nguoi that khong", "ban la nguoi that a", "ban co phai nguoi that khong", "ban la may a",
  ],
  cancel: ["huy", "huy bo", "thoat", "cancel", "dung lai", "huy dang ky"],
  officer: ["canbo", "gap can bo", "can bo", "noi chuyen voi can bo", "gap nguoi that", "lien he can bo"],
  qa: ["hoidap", "hoi dap", "hoi dap chinh sach"],
  eligibility: ["dieukien", "kiem tra dieu kien", "kiemtra"],
  apply: ["dangky", "dang ky de an", "dang ky ho tro"],
  mine: ["hoso", "ho so cua toi", "ho so cua minh", "xem ho so"],
  mydata: ["dulieu", "du lieu cua toi", "du lieu ca nhan", "xem du lieu", "thong tin cua toi", "du lieu cua minh"],
  forget: ["xoadulieu", "xoa du lieu", "xoa du lieu cua toi", "xoa thong tin", "xoa thong tin cua toi", "xoa du lieu ca nhan"],
};

const WORD_TO_INTENT = new Map<string, GlobalIntent>();
for (const [intent, words] of Object.entries(INTENT_WORDS) as [GlobalIntent, string[]][]) {
  for (const w of words) WORD_TO_INTENT.set(w, intent);
}

/** The global intent a command or a whole short message names, if any ("Huỷ", "/huy", "gap can bo"). */
export function globalIntent(text: string): GlobalIntent | undefined {
  const folded = foldVietnamese(text.replace(/^\//, ""));
  if (folded.length > 40) return undefined;
  return WORD_TO_INTENT.get(folded);
}

/**
 * Matches typed text to one of the offered buttons: the number of a choice
 * ("2"), or its label typed loosely ("hoi dap" for "Hỏi đáp chính sách"), or one
 * of its aliases. Returns undefined when nothing matches clearly.
 */
export function matchOffered(text: string, offered: Button[], aliases: Map<string, string[]> = new Map()): Button | undefined {
  const trimmed = text.trim();
  const choices = offered.filter((b) => b.kind !== "action");
  if (/^\d{1,2}\.?$/.test(trimmed)) return choices[Number.parseInt(trimmed, 10) - 1];
  const folded = foldVietnamese(trimmed);
  if (folded.length === 0) return undefined;
  const exact = offered.find((b) => foldVietnamese(stripIcon(b.label)) === folded || (aliases.get(b.data) ?? []).some((a) => foldVietnamese(a) === folded));
  if (exact) return exact;
  // A typed prefix of exactly one label ("hoi dap" → "Hỏi đáp chính sách").
  const prefixed = offered.filter((b) => folded.length >= 4 && foldVietnamese(stripIcon(b.label)).startsWith(folded));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** Labels may start with an emoji; matching ignores it. */
function stripIcon(label: string): string {
  return label.replace(/^[^\p{L}\p{N}]+/u, "");
}

// Only words that open a question and never a name: "cơ sở…", "có lộc…", "làm gốm", "bao bì", "Hà", "Nhi"
// fold to words that once counted ("co", "lam", "bao", "ha", "nhi") and made answers look like questions.
const QUESTION_START = /^(tai sao|vi sao|sao lai|khi nao|bao gio|o dau|the nao|nhu the nao|lam sao|lam the nao|lam gi|bao nhieu|cai gi|xin hoi|cho (toi|em|minh) hoi|hoi ve|co duoc|co phai|muc ho tro)\b/;
const QUESTION_END = /\b(khong|ko|chua|gi|nao|bao nhieu|the nao|o dau|vay|khong a|chua a|duoc khong)$/;

/**
 * Whether free text reads as a question rather than an answer to a form field:
 * a question mark, or a question word at the start or end. Used so that a side
 * question mid-form is answered while a field value is never taken for one.
 */
export function looksLikeQuestion(text: string): boolean {
  if (text.includes("?")) return true;
  const folded = foldVietnamese(text);
  if (folded.split(" ").length < 3) return false;
  return QUESTION_START.test(folded) || QUESTION_END.test(folded);
}
