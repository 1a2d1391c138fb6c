/**
 * Character-trigram TF-IDF similarity between a query and short documents.
 *
 * Word matching misses what owners do to words: typos inside a syllable
 * ("khuyen cog"), Telex leftovers ("mays"), run-together or split syllables.
 * Trigrams of folded text survive most of that, so their cosine similarity is
 * a second, independent view of how close a query is to a stored question.
 *
 * The index is built at every start-up from ~2,000 variants (~100,000
 * trigrams), so it is laid out for building fast: a trigram is a number made
 * of its three UTF-16 code units (no substring per trigram), and the postings
 * are flat typed arrays grouped by trigram rather than an object per posting,
 * which had cost more in garbage collection than in building.
 */
export class TrigramIndex {
  /** Trigram key → its row in `offsets`/`idf`. */
  private readonly gramRow = new Map<number, number>();
  private readonly idf: Float64Array;
  /** Postings of row r are docs/weights[offsets[r] .. offsets[r + 1]). */
  private readonly offsets: Int32Array;
  private readonly docs: Int32Array;
  private readonly weights: Float64Array;
  private readonly docCount: number;
  /** The result of `similarities`, reused: a query allocates no array of its own. */
  private readonly scores: Float64Array;

  /** `docs`: folded texts; a document's position is its id in `similarities`. */
  constructor(docs: string[]) {
    this.docCount = docs.length;
    this.scores = new Float64Array(docs.length);
    const perDoc = docs.map((doc) => this.rowsOf(trigramKeys(doc), true));
    const rows = this.gramRow.size;
    const df = new Int32Array(rows);
    for (const counts of perDoc) for (const row of counts.keys()) df[row] = (df[row] ?? 0) + 1;
    this.idf = new Float64Array(rows);
    this.offsets = new Int32Array(rows + 1);
    for (let r = 0; r < rows; r++) {
      this.idf[r] = Math.log(1 + this.docCount / (df[r] as number));
      this.offsets[r + 1] = (this.offsets[r] as number) + (df[r] as number);
    }
    const total = this.offsets[rows] as number;
    this.docs = new Int32Array(total);
    this.weights = new Float64Array(total);
    const fill = this.offsets.slice(0, rows);
    perDoc.forEach((counts, doc) => {
      const vector = this.weigh(counts);
      const norm = vectorNorm(vector) || 1;
      for (const [row, w] of vector) {
        const at = fill[row] as number;
        this.docs[at] = doc;
        this.weights[at] = w / norm;
        fill[row] = at + 1;
      }
    });
  }

  /** Cosine similarity of the query to every document, in [0, 1]; valid until the next call. */
  similarities(folded: string): Float64Array {
    const scores = this.scores.fill(0);
    const vector = this.weigh(this.rowsOf(trigramKeys(folded), false));
    const norm = vectorNorm(vector);
    if (norm === 0) return scores;
    for (const [row, w] of vector) {
      const q = w / norm;
      const end = this.offsets[row + 1] as number;
      for (let at = this.offsets[row] as number; at < end; at++) {
        const doc = this.docs[at] as number;
        scores[doc] = (scores[doc] as number) + q * (this.weights[at] as number);
      }
    }
    return scores;
  }

  /** Counts per row; grams unseen in the documents are skipped (query) or given a new row (building). */
  private rowsOf(keys: number[], addUnseen: boolean): Map<number, number> {
    const counts = new Map<number, number>();
    for (const key of keys) {
      let row = this.gramRow.get(key);
      if (row === undefined) {
        if (!addUnseen) continue;
        row = this.gramRow.size;
        this.gramRow.set(key, row);
      }
      counts.set(row, (counts.get(row) ?? 0) + 1);
    }
    return counts;
  }

  /** Sub-linear term frequency times IDF. */
  private weigh(counts: Map<number, number>): Map<number, number> {
    const out = new Map<number, number>();
    for (const [row, n] of counts) out.set(row, (1 + Math.log(n)) * (this.idf[row] as number));
    return out;
  }
}

/** Trigrams of each word padded with spaces, so "may" gives " ma", "may", "ay ". */
export function trigramCounts(folded: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of trigramKeys(folded)) {
    const g = String.fromCharCode(Math.floor(key / 2 ** 32), Math.floor(key / 2 ** 16) % 2 ** 16, key % 2 ** 16);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

const SPACE = 32;

/** The padded-word trigrams of folded text as numbers: three 16-bit code units, exact in a double. */
function trigramKeys(folded: string): number[] {
  const keys: number[] = [];
  let a = SPACE;
  let b = -1;
  for (let i = 0; i <= folded.length; i++) {
    const c = i < folded.length ? folded.charCodeAt(i) : SPACE;
    if (c === SPACE) {
      if (b !== -1) keys.push(a * 2 ** 32 + b * 2 ** 16 + SPACE);
      a = SPACE;
      b = -1;
      continue;
    }
    if (b !== -1) keys.push(a * 2 ** 32 + b * 2 ** 16 + c);
    if (b === -1) b = c;
    else {
      a = b;
      b = c;
    }
  }
  return keys;
}

function vectorNorm(vector: Map<number, number>): number {
  let sum = 0;
  for (const w of vector.values()) sum += w * w;
  return Math.sqrt(sum);
}
