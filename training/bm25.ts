/**
 * BM25 over the lexical terms of every variant (the standard question counts as one), with
 * FAQ-level aggregation. Scores are divided by the summed idf of the query's distinct terms
 * (unknown terms included), which makes one threshold work across query lengths and lets
 * out-of-scope text, full of unknown terms, score low (matching-notes.md).
 */

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export interface FaqLexicalScores {
  /** FAQ indices that matched at least one query term. */
  faqs: number[];
  /** Mean of the FAQ's best 3 variant scores (fewer when it has fewer variants), normalized. */
  mean3: Float32Array;
  /** Best variant score of the FAQ, normalized. */
  max: Float32Array;
  /** Normalized score of each variant (0 for untouched ones). */
  variantScores: Float32Array;
}

/** From this many variants on, very common terms are left out of BM25 accumulation. */
export const LARGE_KB_DOCS = 30000;

export class Bm25Index {
  readonly numDocs: number;
  readonly numFaqs: number;
  private readonly termIds = new Map<string, number>();
  private readonly idf: Float32Array;
  private readonly postStart: Int32Array;
  private readonly postDoc: Int32Array;
  private readonly postW: Float32Array;
  private readonly unknownIdf: number;
  private readonly faqOfDoc: Int32Array;
  private readonly faqDocCount: Int32Array;
  private touchedBuf: Int32Array | null = null;
  private nTouched = 0;
  private scoresBuf: Float32Array | null = null;
  private t2Buf: Float32Array | null = null;
  private t3Buf: Float32Array | null = null;
  private faqTouchedBuf: Uint8Array | null = null;

  constructor(docs: string[][], faqOfDoc: Int32Array, numFaqs: number, opts: Bm25Options = {}) {
    const k1 = opts.k1 ?? 1.2;
    const b = opts.b ?? 0.75;
    this.numDocs = docs.length;
    this.numFaqs = numFaqs;
    this.faqOfDoc = faqOfDoc;
    this.faqDocCount = new Int32Array(numFaqs);
    for (let d = 0; d < docs.length; d++) this.faqDocCount[faqOfDoc[d]]++;

    // Pass 1: vocabulary, document frequency, total postings.
    const df: number[] = [];
    let totalLen = 0;
    let postings = 0;
    const docTf: Map<number, number>[] = new Array(docs.length);
    for (let d = 0; d < docs.length; d++) {
      const tf = new Map<number, number>();
      for (const t of docs[d]) {
        let id = this.termIds.get(t);
        if (id === undefined) {
          id = df.length;
          this.termIds.set(t, id);
          df.push(0);
        }
        tf.set(id, (tf.get(id) ?? 0) + 1);
      }
      for (const id of tf.keys()) df[id]++;
      postings += tf.size;
      totalLen += docs[d].length;
      docTf[d] = tf;
    }
    const n = docs.length;
    const avgLen = n ? totalLen / n : 1;
    this.idf = new Float32Array(df.length);
    for (let t = 0; t < df.length; t++) this.idf[t] = Math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5));
    this.unknownIdf = Math.log(1 + (n + 0.5) / 0.5);

    // Pass 2: CSR postings with the whole BM25 term weight precomputed, so a query only adds.
    this.postStart = new Int32Array(df.length + 1);
    for (let t = 0; t < df.length; t++) this.postStart[t + 1] = this.postStart[t] + df[t];
    this.postDoc = new Int32Array(postings);
    this.postW = new Float32Array(postings);
    const fill = this.postStart.slice(0, df.length);
    for (let d = 0; d < n; d++) {
      const len = docs[d].length;
      const norm = k1 * (1 - b + (b * len) / avgLen);
      for (const [id, tf] of docTf[d]) {
        const p = fill[id]++;
        this.postDoc[p] = d;
        this.postW[p] = (this.idf[id] * (tf * (k1 + 1))) / (tf + norm);
      }
    }
  }

  get vocabularySize(): number {
    return this.idf.length;
  }

  /** Approximate memory held by the postings, in bytes. */
  get byteSize(): number {
    return this.postDoc.byteLength + this.postW.byteLength + this.postStart.byteLength + this.idf.byteLength + this.termIds.size * 48;
  }

  /** Sum of idf of the distinct query terms, the normaliser (unknown terms count at max idf). */
  queryNorm(terms: string[]): number {
    let s = 0;
    for (const t of new Set(terms)) {
      const id = this.termIds.get(t);
      s += id === undefined ? this.unknownIdf : this.idf[id];
    }
    return s;
  }

  /**
   * Per-variant scores (normalised by the query's Σ idf) and per-FAQ max / mean of the best 3.
   * `variantScores` is a buffer owned by the index: valid until the next score() call. Reusing it
   * (and the per-FAQ scratch arrays) keeps a query from allocating a variant-sized array, whose
   * garbage collections were most of the slowest 1% of decisions.
   */
  score(terms: string[]): FaqLexicalScores {
    const uniq = new Set(terms);
    const scores = (this.scoresBuf ??= new Float32Array(this.numDocs));
    const touchedDocs = (this.touchedBuf ??= new Int32Array(this.numDocs));
    for (let i = 0; i < this.nTouched; i++) scores[touchedDocs[i]] = 0;
    let nTouched = 0;
    let norm = 0;
    for (const t of uniq) {
      const id = this.termIds.get(t);
      if (id === undefined) {
        norm += this.unknownIdf;
        continue;
      }
      norm += this.idf[id];
      const start = this.postStart[id];
      const end = this.postStart[id + 1];
      // On large KBs a term in more than 5% of the variants (的, 吗, 亲) adds little but costs
      // most of the query time: it still counts in the normaliser, not in the scores.
      if (this.numDocs >= LARGE_KB_DOCS && end - start > this.numDocs * 0.05) continue;
      for (let p = start; p < end; p++) {
        const d = this.postDoc[p];
        if (scores[d] === 0) touchedDocs[nTouched++] = d;
        scores[d] += this.postW[p];
      }
    }
    this.nTouched = nTouched;
    const inv = norm > 0 ? 1 / norm : 0;
    // Top-3 per FAQ in one pass over the documents.
    const t1 = new Float32Array(this.numFaqs);
    const t2 = (this.t2Buf ??= new Float32Array(this.numFaqs));
    const t3 = (this.t3Buf ??= new Float32Array(this.numFaqs));
    const touched = (this.faqTouchedBuf ??= new Uint8Array(this.numFaqs));
    const faqs: number[] = [];
    for (let i = 0; i < nTouched; i++) {
      const d = touchedDocs[i];
      const s = scores[d];
      if (s === 0) continue;
      const v = s * inv;
      scores[d] = v;
      const f = this.faqOfDoc[d];
      if (!touched[f]) {
        touched[f] = 1;
        faqs.push(f);
      }
      if (v > t1[f]) {
        t3[f] = t2[f];
        t2[f] = t1[f];
        t1[f] = v;
      } else if (v > t2[f]) {
        t3[f] = t2[f];
        t2[f] = v;
      } else if (v > t3[f]) t3[f] = v;
    }
    const mean3 = new Float32Array(this.numFaqs);
    for (const f of faqs) {
      const c = Math.min(3, this.faqDocCount[f]);
      mean3[f] = (t1[f] + t2[f] + t3[f]) / c;
      t2[f] = 0;
      t3[f] = 0;
      touched[f] = 0;
    }
    return { faqs, mean3, max: t1, variantScores: scores };
  }
}

/** Sparse L2-normalised TF-IDF vectors over n-gram terms, for cosine features. */
export interface SparseVec {
  ids: Int32Array;
  vals: Float32Array;
}

export class TfidfSpace {
  private readonly termIds = new Map<string, number>();
  private readonly idf: Float32Array;
  private readonly unknownIdf: number;

  get vocabularySize(): number {
    return this.idf.length;
  }

  /** Scatters a vector into a reusable dense buffer; call `clear` with the same vector after. */
  scatter(v: SparseVec, dense: Float32Array): void {
    for (let i = 0; i < v.ids.length; i++) dense[v.ids[i]] = v.vals[i];
  }

  constructor(docs: string[][]) {
    const df: number[] = [];
    for (const doc of docs) {
      const seen = new Set<number>();
      for (const t of doc) {
        let id = this.termIds.get(t);
        if (id === undefined) {
          id = df.length;
          this.termIds.set(t, id);
          df.push(0);
        }
        if (!seen.has(id)) {
          seen.add(id);
          df[id]++;
        }
      }
    }
    const n = docs.length;
    this.idf = new Float32Array(df.length);
    for (let t = 0; t < df.length; t++) this.idf[t] = Math.log((n + 1) / (df[t] + 1)) + 1;
    this.unknownIdf = Math.log(n + 1) + 1;
  }

  /** Unknown terms count in the norm only: text full of them gets a low cosine to everything. */
  vectorize(terms: string[]): SparseVec {
    // Sort-and-count instead of a Map per call: this runs for every variant and every query.
    const known: number[] = [];
    let unknown: string[] | null = null;
    for (const t of terms) {
      const id = this.termIds.get(t);
      if (id === undefined) (unknown ??= []).push(t);
      else known.push(id);
    }
    let sq = 0;
    if (unknown) {
      unknown.sort();
      for (let i = 0; i < unknown.length;) {
        let j = i;
        while (j < unknown.length && unknown[j] === unknown[i]) j++;
        const w = (1 + Math.log(j - i)) * this.unknownIdf;
        sq += w * w;
        i = j;
      }
    }
    const sorted = Int32Array.from(known).sort();
    let distinct = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
    const ids = new Int32Array(distinct);
    const vals = new Float32Array(distinct);
    let k = 0;
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j < sorted.length && sorted[j] === sorted[i]) j++;
      const w = (1 + Math.log(j - i)) * this.idf[sorted[i]];
      ids[k] = sorted[i];
      vals[k++] = w;
      sq += w * w;
      i = j;
    }
    const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let i = 0; i < vals.length; i++) vals[i] *= inv;
    return { ids, vals };
  }
}

export function sparseDot(a: SparseVec, b: SparseVec): number {
  let i = 0;
  let j = 0;
  let s = 0;
  const ai = a.ids;
  const bi = b.ids;
  while (i < ai.length && j < bi.length) {
    const x = ai[i];
    const y = bi[j];
    if (x === y) {
      s += a.vals[i++] * b.vals[j++];
    } else if (x < y) i++;
    else j++;
  }
  return s;
}

/** Dot product of a sparse vector with a dense one (a query scattered over the vocabulary). */
export function sparseDenseDot(a: SparseVec, dense: Float32Array): number {
  let s = 0;
  const ids = a.ids;
  const vals = a.vals;
  for (let i = 0; i < ids.length; i++) s += vals[i] * dense[ids[i]];
  return s;
}

/** Normalised sum of vectors: the FAQ centroid. */
export function sparseCentroid(vecs: SparseVec[], maxTerms = Infinity): SparseVec {
  const acc = new Map<number, number>();
  for (const v of vecs) for (let i = 0; i < v.ids.length; i++) acc.set(v.ids[i], (acc.get(v.ids[i]) ?? 0) + v.vals[i]);
  let keys = Array.from(acc.keys());
  if (keys.length > maxTerms) keys = keys.sort((a, b) => acc.get(b)! - acc.get(a)!).slice(0, maxTerms);
  const ids = Int32Array.from(keys).sort();
  const vals = new Float32Array(ids.length);
  let sq = 0;
  for (let i = 0; i < ids.length; i++) {
    vals[i] = acc.get(ids[i])!;
    sq += vals[i] * vals[i];
  }
  const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  for (let i = 0; i < vals.length; i++) vals[i] *= inv;
  return { ids, vals };
}
