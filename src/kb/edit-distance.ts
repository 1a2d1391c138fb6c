/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition),
 * giving up as soon as it must exceed `max`: typo correction only ever asks
 * "within 1 or 2 edits?", so most comparisons stop after a few characters.
 */
export function withinDistance(a: string, b: string, max: number): number | undefined {
  if (Math.abs(a.length - b.length) > max) return undefined;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (prevPrev[j - 2] as number) + 1);
      row.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return undefined;
    prevPrev = prev;
    prev = row;
  }
  const distance = prev[b.length] as number;
  return distance <= max ? distance : undefined;
}

/** Vocabulary bucketed by length, for finding the closest word within a few edits. */
export class TypoCorrector {
  private readonly byLength = new Map<number, string[]>();

  constructor(
    words: Iterable<string>,
    private readonly rank: (word: string) => number,
  ) {
    for (const word of words) {
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
  }

  /** The known word nearest to `token` (ties broken by `rank`, higher first), or undefined. */
  correct(token: string): string | undefined {
    if (token.length < 4 || /\d/.test(token)) return undefined;
    const max = token.length >= 7 ? 2 : 1;
    let best: { word: string; distance: number; rank: number } | undefined;
    for (let len = token.length - max; len <= token.length + max; len++) {
      for (const word of this.byLength.get(len) ?? []) {
        const distance = withinDistance(token, word, max);
        if (distance === undefined) continue;
        const rank = this.rank(word);
        if (!best || distance < best.distance || (distance === best.distance && rank > best.rank)) best = { word, distance, rank };
      }
    }
    return best?.word;
  }
}
