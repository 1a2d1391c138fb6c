import { foldVietnamese, tokens } from "./normalize.ts";
import type { SmallTalk } from "./schema.ts";

/** Words closing a chat message that change nothing ("cảm ơn nhiều nha ad" is "cảm ơn"). */
const TRAILING = new Set(["a", "nha", "nhe", "nhen", "ne", "nhieu", "ad", "admin", "ban", "em", "luon", "qua", "lam", "nhat", "ha", "nhi", "thoi", "roi", "nhe"]);

function core(text: string): string {
  const words = tokens(foldVietnamese(text));
  while (words.length > 1 && TRAILING.has(words.at(-1) as string)) words.pop();
  return words.join(" ");
}

/**
 * Recognises small talk and stray input from knowledge/smalltalk.yaml, so that
 * thanks, "ok", emoji or abuse get a brief reply instead of a search, and are
 * never logged as unanswered questions for officers.
 */
export class SmallTalkMatcher {
  private readonly byPhrase = new Map<string, SmallTalk>();
  private readonly marks: { words: string; entry: SmallTalk }[] = [];
  private readonly emoji?: SmallTalk;

  constructor(entries: SmallTalk[]) {
    for (const entry of entries) {
      for (const p of entry.phrases) if (!this.byPhrase.has(core(p))) this.byPhrase.set(core(p), entry);
      for (const c of entry.contains) this.marks.push({ words: ` ${foldVietnamese(c)} `, entry });
      if (entry.emojiOnly) this.emoji = entry;
    }
  }

  /** The small talk a whole message is: a known phrase, or emoji and punctuation only. */
  whole(text: string): SmallTalk | undefined {
    if (text.length <= 60 && /^[^\p{L}\p{N}]+$/u.test(text.trim())) return this.emoji;
    if (text.length > 60) return undefined;
    return this.byPhrase.get(core(text));
  }

  /** Small talk marked by words anywhere (abuse, far-off topics): asked only when the search found nothing confident. */
  within(text: string): SmallTalk | undefined {
    const folded = ` ${foldVietnamese(text)} `;
    return this.marks.find((m) => folded.includes(m.words))?.entry;
  }
}
