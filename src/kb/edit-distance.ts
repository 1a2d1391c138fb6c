/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition),
 * giving up as soon as it must exceed `max`: typo correction only ever asks
 * "within 1 or 2 edits?", so most comparisons stop after a few characters.
 */
export function withinDistance(a: string, b: string, max: number): number | undefined {
  if (Math.abs(a.length - b.length) > max) return undefined;
  const width = b.length + 1;
  if (width > ROW_CAPACITY) return slowWithinDistance(a, b, max);
  // Three rows reused across calls: typo correction compares one word with thousands.
  let prevPrev = ROWS[0] as Int32Array;
  let prev = ROWS[1] as Int32Array;
  let row = ROWS[2] as Int32Array;
  for (let j = 0; j < width; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) value = Math.min(value, (prevPrev[j - 2] as number) + 1);
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return undefined;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  const distance = prev[b.length] as number;
  return distance <= max ? distance : undefined;
}

const ROW_CAPACITY = 64;
const ROWS = [new Int32Array(ROW_CAPACITY), new Int32Array(ROW_CAPACITY), new Int32Array(ROW_CAPACITY)];

/** The same distance for words too long for the shared rows. */
function slowWithinDistance(a: string, b: string, max: number): number | undefined {
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
