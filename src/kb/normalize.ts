/**
 * Vietnamese text normalisation shared by the index and the query.
 *
 * Owners type with or without diacritics, in any case, with Telex leftovers and
 * stray punctuation; folding both sides the same way is what lets "dang ky"
 * find "đăng ký". `đ` is mapped by hand because NFD does not decompose it.
 */
export function foldVietnamese(text: string): string {
  let out = "";
  let space = false;
  let irregular = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const folded = code < 128 ? ASCII_FOLD[code] as string : foldedChar(code);
    if (folded === " ") space = out.length > 0;
    else if (folded !== "") {
      if (space) out += " ";
      space = false;
      out += folded;
      if (folded.length > 1 && folded.includes(" ")) irregular = true;
    }
  }
  // A character folding to several words ("½" → "1 2") may leave spaces to tidy.
  return irregular ? out.replace(/\s+/g, " ").trim() : out;
}

/**
 * What one UTF-16 unit folds to, the same rules as for a whole text: no
 * accents, `đ` → `d`, lower case, anything but letters, digits and `%` a
 * space (a lone half of a surrogate pair, as an emoji is, too). Worked out
 * once per character: folding runs over every message and, at start-up, over
 * the whole knowledge base (5 times faster than the replacements over the
 * whole text). One difference, outside Vietnamese: lower case that depends
 * on the next letter (Greek final sigma) is not made.
 */
function foldCharSlowly(char: string): string {
  return char
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}%]+/gu, " ");
}

const ASCII_FOLD = Array.from({ length: 128 }, (_, code) => foldCharSlowly(String.fromCharCode(code)));
const FOLDED = new Map<number, string>();

function foldedChar(code: number): string {
  let folded = FOLDED.get(code);
  if (folded === undefined) {
    folded = foldCharSlowly(String.fromCharCode(code));
    if (FOLDED.size < 10_000) FOLDED.set(code, folded);
  }
  return folded;
}

/** Splits folded text into word tokens. */
export function tokens(folded: string): string[] {
  return folded.length === 0 ? [] : folded.split(" ");
}

/**
 * Replaces glossary variants (already folded) by their canonical phrase.
 *
 * Matching is by whole token sequences so that "dn" is expanded but "dnd" or
 * "doanh" are left alone; the longest variant wins where several start at the
 * same token.
 */
export class GlossaryExpander {
  private readonly byFirstToken = new Map<string, { variant: string[]; canonical: string }[]>();

  constructor(entries: { canonical: string; variants: string[] }[]) {
    for (const entry of entries) {
      const canonical = foldVietnamese(entry.canonical);
      for (const raw of entry.variants) {
        const variant = tokens(foldVietnamese(raw));
        const first = variant[0];
        if (first === undefined) continue;
        const list = this.byFirstToken.get(first) ?? [];
        list.push({ variant, canonical });
        list.sort((a, b) => b.variant.length - a.variant.length);
        this.byFirstToken.set(first, list);
      }
    }
  }

  /** Expands a folded text; returns folded text. */
  expand(folded: string): string {
    const words = tokens(folded);
    const out: string[] = [];
    for (let i = 0; i < words.length; ) {
      const candidates = this.byFirstToken.get(words[i] as string);
      const hit = candidates?.find((c) => c.variant.every((w, k) => words[i + k] === w));
      if (hit) {
        out.push(hit.canonical);
        i += hit.variant.length;
      } else {
        out.push(words[i] as string);
        i += 1;
      }
    }
    return out.join(" ");
  }
}

/**
 * A folded word typed with Telex keys that the keyboard did not turn into
 * diacritics ("hoox trowj" for "hỗ trợ", "dduowcj" for "được"), read back as
 * the plain word: doubled letters (dd, aa, ee, oo) single, the horn/breve key
 * w dropped after a vowel, and the tone keys s f r x j dropped after a vowel
 * or at the end. s, r and x start Vietnamese words, so a leading one stays.
 */
export function undoTelex(word: string): string {
  return word
    .replace(/dd/g, "d")
    .replace(/([aeo])\1/g, "$1")
    .replace(/([aou])w/g, "$1")
    .replace(/(?<=.)[sfrxj](?=[^aeiouy]*$)/g, (key, offset: number, whole: string) => (/[aeiouy]/.test(whole.slice(0, offset)) ? "" : key));
}
