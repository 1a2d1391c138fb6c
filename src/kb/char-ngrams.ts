/**
 * Character-trigram TF-IDF similarity between a query and short documents.
 *
 * Word matching misses what owners do to words: typos inside a syllable
 * ("khuyen cog"), Telex leftovers ("mays"), run-together or split syllables.
 * Trigrams of folded text survive most of that, so their cosine similarity is
 * a second, independent view of how close a query is to a stored question.
 */
export class TrigramIndex {
  private readonly postings = new Map<string, { doc: number; weight: number }[]>();
  private readonly idf = new Map<string, number>();
  private readonly docCount: number;

  /** `docs`: folded texts; a document's position is its id in `similarities`. */
  constructor(docs: string[]) {
    this.docCount = docs.length;
    const counts = docs.map(trigramCounts);
    const df = new Map<string, number>();
    for (const c of counts) for (const g of c.keys()) df.set(g, (df.get(g) ?? 0) + 1);
    for (const [g, n] of df) this.idf.set(g, Math.log(1 + this.docCount / n));
    counts.forEach((c, doc) => {
      const vector = this.weigh(c);
      const norm = vectorNorm(vector) || 1;
      for (const [g, w] of vector) {
        const list = this.postings.get(g) ?? [];
        list.push({ doc, weight: w / norm });
        this.postings.set(g, list);
      }
    });
  }

  /** Cosine similarity of the query to every document, in [0, 1]. */
  similarities(folded: string): Float64Array {
    const scores = new Float64Array(this.docCount);
    const vector = this.weigh(trigramCounts(folded));
    const norm = vectorNorm(vector);
    if (norm === 0) return scores;
    for (const [g, w] of vector) {
      const list = this.postings.get(g);
      if (!list) continue;
      for (const p of list) scores[p.doc] = (scores[p.doc] ?? 0) + (w / norm) * p.weight;
    }
    return scores;
  }

  /** Sub-linear term frequency times IDF; grams unseen in the documents carry no weight on either side. */
  private weigh(counts: Map<string, number>): Map<string, number> {
    const out = new Map<string, number>();
    for (const [g, n] of counts) {
      const idf = this.idf.get(g);
      if (idf !== undefined) out.set(g, (1 + Math.log(n)) * idf);
    }
    return out;
  }
}

/** Trigrams of each word padded with spaces, so "may" gives " ma", "may", "ay ". */
export function trigramCounts(folded: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of folded.split(" ")) {
    if (word.length === 0) continue;
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const g = padded.slice(i, i + 3);
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
  }
  return counts;
}

function vectorNorm(vector: Map<string, number>): number {
  let sum = 0;
  for (const w of vector.values()) sum += w * w;
  return Math.sqrt(sum);
}
