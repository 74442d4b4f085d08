/**
 * The retrievers over one set of KB documents (the whole KB, or a calibration fold of it) and the
 * per-FAQ candidate features they produce for the fusion: BM25 over char uni+bigrams and stemmed
 * words, char n-gram TF-IDF, the trained encoder (softmax + kNN over its embeddings), naive Bayes
 * and, with an embedder, transformer embeddings. Internal to training/engine/.
 */
import { Bm25Index, sparseCentroid, sparseDenseDot, type SparseVec, TfidfSpace } from "../bm25";
import { l2normalize, type TrainedEncoder } from "../encoder";
import { KbError } from "../errors";
import { FEATURE_INDEX, NUM_FEATURES } from "../fusion";
import { type HomophoneFixer } from "../homophones";
import { NaiveBayes } from "../naive-bayes";
import { normalizeKey, normalizeText } from "../normalize";
import { type SynonymRewriter } from "../synonyms";
import { classifierFeatures, hashString, lexicalTerms, ngramTerms, words, wordTerms } from "../tokenize";
import { createHnswIndex, type VectorIndex } from "../vector-index";
import { type Doc, type KbFaq, type KbInput, type Prepared } from "./types";

const CANDIDATES_PER_RETRIEVER = 10;
const LEXICAL_DOCS_PER_FAQ = 12;
const NB_ALPHA = 0.05;
/** From this many variants on, kNN over trained embeddings goes through an HNSW index. */
const ANN_MIN_DOCS = 30000;
const ANN_K = 100;
/**
 * Below the ANN size, kNN features are computed for the other retrievers' candidates only
 * (a third of the work of scanning every variant; the classifier's top 10 already proposes
 * what kNN would).
 */
const KNN_FULL_SCAN = false;
/** FAQ centroids keep their heaviest terms only: cosine to them stays cheap for big FAQs. */
const CENTROID_TERMS = 256;

export function prepare(text: string, syn: SynonymRewriter, fixer?: HomophoneFixer | null): Prepared {
  const base = normalizeText(text);
  const fixed = fixer ? fixer.fix(base) : base;
  const norm = syn.apply(fixed);
  const ws = words(norm);
  const feats = classifierFeatures(norm, ws);
  return {
    norm,
    exact: fixed === base ? norm : syn.apply(base),
    hashes: Uint32Array.from(feats, (f) => hashString(f)),
    lex: lexicalTerms(norm),
    wlex: wordTerms(ws),
    ngrams: ngramTerms(norm),
    feats,
  };
}

export function topIndices(scores: Float32Array | Float64Array, k: number, exclude = -1, allowed?: Uint8Array): number[] {
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    // !(s > 0) also skips NaN (kNN scores not computed for that FAQ).
    if (i === exclude || !(s > 0) || (allowed && !allowed[i])) continue;
    if (idx.length === k && s <= val[k - 1]) continue;
    let p = idx.length;
    while (p > 0 && val[p - 1] < s) p--;
    idx.splice(p, 0, i);
    val.splice(p, 0, s);
    if (idx.length > k) {
      idx.pop();
      val.pop();
    }
  }
  return idx;
}

export interface RawScores {
  bm: ReturnType<Bm25Index["score"]>;
  bmw: ReturnType<Bm25Index["score"]>;
  probs: Float32Array | null;
  nbProbs: Float32Array | null;
  knnMax: Float32Array | null;
  knnMean3: Float32Array | null;
  /** Set when kNN scores came from the ANN index (NaN = not computed yet). */
  queryEmb: Float32Array | null;
  /** Restricted mode: the encoder's hidden vector and the feature hashes, scored per candidate. */
  hidden: Float32Array | null;
  hashes: Uint32Array;
  trMax: Float32Array | null;
  trMean3: Float32Array | null;
  qvec: SparseVec;
  lexCache: Map<number, { max: number; centroid: number; bestDoc: number }>;
}

export interface Candidate {
  faq: number;
  x: Float64Array;
  bestDoc: number;
}

/** Per-FAQ max and mean of best 3 of dense cosine scores. */
function aggregateDense(docVecs: Float32Array, dim: number, q: Float32Array, faqOfDoc: Int32Array, faqDocCount: Int32Array, numFaqs: number) {
  const n = faqOfDoc.length;
  const t1 = new Float32Array(numFaqs).fill(-1);
  const t2 = new Float32Array(numFaqs).fill(-1);
  const t3 = new Float32Array(numFaqs).fill(-1);
  for (let d = 0; d < n; d++) {
    const off = d * dim;
    let s = 0;
    for (let j = 0; j < dim; j++) s += docVecs[off + j] * q[j];
    const f = faqOfDoc[d];
    if (s > t1[f]) {
      t3[f] = t2[f];
      t2[f] = t1[f];
      t1[f] = s;
    } else if (s > t2[f]) {
      t3[f] = t2[f];
      t2[f] = s;
    } else if (s > t3[f]) t3[f] = s;
  }
  const mean3 = new Float32Array(numFaqs);
  for (let f = 0; f < numFaqs; f++) {
    const c = Math.min(3, faqDocCount[f]);
    if (c === 0) {
      t1[f] = 0;
      continue;
    }
    mean3[f] = (t1[f] + (c > 1 ? t2[f] : 0) + (c > 2 ? t3[f] : 0)) / c;
  }
  return { max: t1, mean3 };
}

/** All retrievers over one set of documents (the whole KB, or a calibration fold of it). */
export class Core {
  readonly numFaqs: number;
  readonly faqOfDoc: Int32Array;
  readonly faqDocCount: Int32Array;
  readonly faqDocs: number[][];
  readonly faqHasDocs: Uint8Array;
  readonly bm25: Bm25Index;
  readonly bm25w: Bm25Index;
  readonly tfidf: TfidfSpace;
  readonly docVecs: SparseVec[];
  readonly centroids: (SparseVec | null)[];
  readonly encoders: TrainedEncoder[];
  readonly nb: NaiveBayes | null;
  readonly docEmb: Float32Array | null;
  readonly trDim: number;
  readonly trVecs: Float32Array | null;

  /** Approximate kNN over the trained embeddings, for large KBs (final core only). */
  annIndex: VectorIndex | null = null;

  constructor(
    readonly docs: Doc[],
    numFaqs: number,
    encoders: TrainedEncoder[],
    trVecs: Float32Array | null,
    trDim: number,
    /** Classifiers score candidates only (large KBs; see usesAnnFor). */
    readonly restricted = false,
  ) {
    this.numFaqs = numFaqs;
    this.faqOfDoc = Int32Array.from(docs.map((d) => d.faq));
    this.faqDocCount = new Int32Array(numFaqs);
    this.faqDocs = Array.from({ length: numFaqs }, () => []);
    this.faqHasDocs = new Uint8Array(numFaqs);
    docs.forEach((d, i) => {
      this.faqDocCount[d.faq]++;
      this.faqHasDocs[d.faq] = 1;
      this.faqDocs[d.faq].push(i);
    });
    this.bm25 = new Bm25Index(
      docs.map((d) => d.prep.lex),
      this.faqOfDoc,
      numFaqs,
    );
    this.bm25w = new Bm25Index(
      docs.map((d) => d.prep.wlex),
      this.faqOfDoc,
      numFaqs,
    );
    this.tfidf = new TfidfSpace(docs.map((d) => d.prep.ngrams));
    this.docVecs = docs.map((d) => this.tfidf.vectorize(d.prep.ngrams));
    this.centroids = this.faqDocs.map((ids) =>
      ids.length
        ? sparseCentroid(
            ids.map((i) => this.docVecs[i]),
            CENTROID_TERMS,
          )
        : null,
    );
    this.encoders = encoders;
    // Naive Bayes goes with the trained encoder: counting is cheap, so it is rebuilt, never stored.
    this.nb = encoders.length
      ? new NaiveBayes(
          docs.map((d) => d.prep.hashes),
          this.faqOfDoc,
          numFaqs,
          NB_ALPHA,
        )
      : null;
    if (encoders.length) {
      const enc = encoders[0];
      const emb = new Float32Array(docs.length * enc.dim);
      docs.forEach((d, i) => emb.set(enc.embed(enc.rowsOfFeatures(d.prep.feats)), i * enc.dim));
      this.docEmb = emb;
    } else this.docEmb = null;
    this.trVecs = trVecs;
    this.trDim = trDim;
  }

  private dense: Float32Array | null = null;
  private denseBuffer(): Float32Array {
    if (!this.dense) this.dense = new Float32Array(this.tfidf.vocabularySize);
    return this.dense;
  }

  raw(q: Prepared, qTr: Float32Array | null): RawScores {
    const bm = this.bm25.score(q.lex);
    const bmw = this.bm25w.score(q.wlex);
    let probs: Float32Array | null = null;
    const nbProbs = this.nb && !this.restricted ? this.nb.predict(q.hashes) : null;
    let knnMax: Float32Array | null = null;
    let knnMean3: Float32Array | null = null;
    let queryEmb: Float32Array | null = null;
    let hidden: Float32Array | null = null;
    if (this.encoders.length) {
      const first = this.encoders[0];
      const rows = first.rowsOfFeatures(q.feats);
      const h = first.hidden(rows);
      // hidden() returns a fresh array and nothing below writes to it.
      hidden = h;
      // Restricted without an ANN index (calibration folds of a large KB): full logits only to
      // propose candidates, standing in for the kNN proposals the final engine gets from HNSW.
      if (!this.restricted || !this.annIndex) probs = first.predict(rows, h);
      for (let e = 1; e < this.encoders.length && probs; e++) {
        const p = this.encoders[e].predict(this.encoders[e].rowsOfFeatures(q.feats));
        for (let c = 0; c < p.length; c++) probs[c] += p[c];
      }
      if (this.encoders.length > 1 && probs) for (let c = 0; c < probs.length; c++) probs[c] /= this.encoders.length;
      const emb = l2normalize(Float32Array.from(h));
      if (this.annIndex || !KNN_FULL_SCAN) {
        // Only the FAQs of the nearest variants get kNN scores here; candidates() fills in
        // exact ones for any other candidate.
        knnMax = new Float32Array(this.numFaqs).fill(NaN);
        knnMean3 = new Float32Array(this.numFaqs).fill(NaN);
        if (this.annIndex) {
          for (const hit of this.annIndex.search(emb, ANN_K)) {
            const f = this.faqOfDoc[hit.id];
            if (Number.isNaN(knnMax[f])) this.exactKnn(f, emb, knnMax, knnMean3);
          }
        }
        queryEmb = emb;
      } else {
        const agg = aggregateDense(this.docEmb!, first.dim, emb, this.faqOfDoc, this.faqDocCount, this.numFaqs);
        knnMax = agg.max;
        knnMean3 = agg.mean3;
      }
    }
    let trMax: Float32Array | null = null;
    let trMean3: Float32Array | null = null;
    if (this.trVecs && qTr) {
      const agg = aggregateDense(this.trVecs, this.trDim, qTr, this.faqOfDoc, this.faqDocCount, this.numFaqs);
      trMax = agg.max;
      trMean3 = agg.mean3;
    }
    return {
      bm,
      bmw,
      probs,
      nbProbs,
      knnMax,
      knnMean3,
      queryEmb,
      hidden,
      hashes: q.hashes,
      trMax,
      trMean3,
      qvec: this.tfidf.vectorize(q.ngrams),
      lexCache: new Map(),
    };
  }

  /** Exact kNN features of one FAQ: max and mean of best 3 cosines over its variants. */
  exactKnn(f: number, emb: Float32Array, max: Float32Array, mean3: Float32Array): void {
    const dim = emb.length;
    const best = [-1, -1, -1];
    for (const d of this.faqDocs[f]) {
      const off = d * dim;
      let s = 0;
      for (let j = 0; j < dim; j++) s += this.docEmb![off + j] * emb[j];
      if (s > best[0]) best.splice(0, 0, s);
      else if (s > best[1]) best.splice(1, 0, s);
      else if (s > best[2]) best.splice(2, 0, s);
      best.length = 3;
    }
    const c = Math.min(3, this.faqDocs[f].length);
    max[f] = c ? best[0] : 0;
    mean3[f] = c ? (best[0] + (c > 1 ? best[1] : 0) + (c > 2 ? best[2] : 0)) / c : 0;
  }

  /**
   * TF-IDF cosine to the FAQ centroid and to its nearest variant. Only the FAQ's best variants
   * by BM25 (and by trained embedding) are compared: the nearest variant is almost always among
   * them, and FAQs with hundreds of variants would otherwise dominate the query time.
   */
  private lexicalFeatures(f: number, r: RawScores, dense: Float32Array): { max: number; centroid: number; bestDoc: number } {
    const docs = this.faqDocs[f];
    let pick: number[] = docs;
    if (docs.length > LEXICAL_DOCS_PER_FAQ) {
      // Partial selection of the best variants by BM25 (a full sort per candidate was the
      // largest single cost of a query on KBs with ~200 variants per FAQ).
      const vs = r.bm.variantScores;
      const top: number[] = [];
      const topS: number[] = [];
      for (const d of docs) {
        const v = vs[d];
        if (top.length === LEXICAL_DOCS_PER_FAQ && v <= topS[LEXICAL_DOCS_PER_FAQ - 1]) continue;
        let p = top.length;
        while (p > 0 && topS[p - 1] < v) p--;
        top.splice(p, 0, d);
        topS.splice(p, 0, v);
        if (top.length > LEXICAL_DOCS_PER_FAQ) {
          top.pop();
          topS.pop();
        }
      }
      pick = top;
    }
    let best = 0;
    let bestDoc = docs[0];
    for (const d of pick) {
      const c = sparseDenseDot(this.docVecs[d], dense);
      if (c > best) {
        best = c;
        bestDoc = d;
      }
    }
    const centroid = this.centroids[f] ? sparseDenseDot(this.centroids[f]!, dense) : 0;
    return { max: best, centroid, bestDoc };
  }

  /** Candidate FAQs with their feature vectors; `exclude` leaves one FAQ out entirely. */
  candidates(r: RawScores, exclude = -1, k = CANDIDATES_PER_RETRIEVER): Candidate[] {
    const set = new Set<number>();
    const has = this.faqHasDocs;
    for (const f of topIndices(r.bm.mean3, k, exclude, has)) set.add(f);
    for (const f of topIndices(r.bm.max, Math.ceil(k / 2), exclude, has)) set.add(f);
    for (const f of topIndices(r.bmw.mean3, Math.ceil(k / 2), exclude, has)) set.add(f);
    let probs = r.probs;
    if (probs && exclude >= 0) {
      // A model without that FAQ would spread its mass over the others: renormalise.
      const rest = 1 - probs[exclude];
      probs = probs.map((p, i) => (i === exclude ? 0 : rest > 1e-9 ? p / rest : p));
    }
    if (probs) for (const f of topIndices(probs, k, exclude, has)) set.add(f);
    let nbp = r.nbProbs;
    if (nbp && exclude >= 0) {
      const rest = 1 - nbp[exclude];
      nbp = nbp.map((p, i) => (i === exclude ? 0 : rest > 1e-9 ? p / rest : p));
    }
    if (nbp) for (const f of topIndices(nbp, Math.ceil(k / 2), exclude, has)) set.add(f);
    if (r.knnMax) for (const f of topIndices(r.knnMax, k, exclude, has)) set.add(f);
    if (r.queryEmb) for (const f of set) if (Number.isNaN(r.knnMax![f])) this.exactKnn(f, r.queryEmb, r.knnMax!, r.knnMean3!);
    if (r.trMax) for (const f of topIndices(r.trMax, k, exclude, has)) set.add(f);
    if (this.restricted && r.hidden) {
      // Candidate-normalised classifier probabilities (the excluded FAQ is never a candidate).
      const ids = Array.from(set);
      probs = new Float32Array(this.numFaqs);
      const sub = new Float64Array(ids.length);
      for (const enc of this.encoders) {
        const p = enc.predictAmong(r.hidden, ids);
        for (let i = 0; i < ids.length; i++) sub[i] += p[i] / this.encoders.length;
      }
      ids.forEach((f, i) => (probs![f] = sub[i]));
      if (this.nb) {
        nbp = new Float32Array(this.numFaqs);
        const pn = this.nb.predictAmong(r.hashes, ids);
        ids.forEach((f, i) => (nbp![f] = pn[i]));
      }
    }
    const out: Candidate[] = [];
    // The query scattered over the vocabulary once: each variant is then one pass over its own terms.
    const dense = this.denseBuffer();
    this.tfidf.scatter(r.qvec, dense);
    for (const f of set) {
      const x = new Float64Array(NUM_FEATURES);
      x[FEATURE_INDEX.bm25_mean3] = r.bm.mean3[f];
      x[FEATURE_INDEX.bm25_max] = r.bm.max[f];
      x[FEATURE_INDEX.bm25w_mean3] = r.bmw.mean3[f];
      x[FEATURE_INDEX.bm25w_max] = r.bmw.max[f];
      let lex = r.lexCache.get(f);
      if (!lex) {
        lex = this.lexicalFeatures(f, r, dense);
        r.lexCache.set(f, lex);
      }
      const bestDoc = lex.bestDoc;
      x[FEATURE_INDEX.tfidf_max] = lex.max;
      x[FEATURE_INDEX.tfidf_centroid] = lex.centroid;
      if (probs) x[FEATURE_INDEX.cls_prob] = probs[f];
      if (nbp) x[FEATURE_INDEX.nb_prob] = nbp[f];
      if (r.knnMax) {
        x[FEATURE_INDEX.knn_max] = r.knnMax[f];
        x[FEATURE_INDEX.knn_mean3] = r.knnMean3![f];
      }
      if (r.trMax) {
        x[FEATURE_INDEX.tr_max] = r.trMax[f];
        x[FEATURE_INDEX.tr_mean3] = r.trMean3![f];
      }
      out.push({ faq: f, x, bestDoc });
    }
    for (let i = 0; i < r.qvec.ids.length; i++) dense[r.qvec.ids[i]] = 0;
    // Gap features: how far ahead of (or behind) the best competitor each candidate is.
    const gap = (src: number, dst: number) => {
      let a = -Infinity;
      let b = -Infinity;
      for (const c of out) {
        const v = c.x[src];
        if (v > a) {
          b = a;
          a = v;
        } else if (v > b) b = v;
      }
      for (const c of out) {
        const other = c.x[src] === a ? b : a;
        c.x[dst] = Number.isFinite(other) ? c.x[src] - other : c.x[src];
      }
    };
    gap(FEATURE_INDEX.bm25_mean3, FEATURE_INDEX.bm25_gap);
    if (probs) gap(FEATURE_INDEX.cls_prob, FEATURE_INDEX.cls_gap);
    if (nbp) gap(FEATURE_INDEX.nb_prob, FEATURE_INDEX.nb_gap);
    if (r.trMax) gap(FEATURE_INDEX.tr_max, FEATURE_INDEX.tr_gap);
    return out;
  }
}

export function collectDocs(kb: KbInput, syn: SynonymRewriter): { faqs: KbFaq[]; docs: Doc[] } {
  const faqs: KbFaq[] = [];
  const docs: Doc[] = [];
  const seenIds = new Set<string>();
  for (const f of kb.faqs) {
    if (f.enabled === false) continue;
    if (seenIds.has(f.id)) throw new KbError("BAD_INPUT", `duplicate FAQ id: ${f.id}`);
    seenIds.add(f.id);
    const idx = faqs.length;
    faqs.push(f);
    const keys = new Set<string>();
    for (const t of [f.question, ...(f.variants ?? [])]) {
      if (typeof t !== "string") continue;
      const key = normalizeKey(t);
      if (!key || keys.has(key)) continue;
      keys.add(key);
      docs.push({ faq: idx, text: t, prep: prepare(t, syn) });
    }
  }
  if (docs.length === 0) throw new KbError("EMPTY_KB", "the knowledge base has no enabled questions");
  return { faqs, docs };
}

/**
 * Whether a KB of this many variants goes the large-KB way: kNN through an HNSW index, and
 * classifiers (trained encoder, naive Bayes) that score only the candidates the other retrievers
 * and that kNN propose, normalised over them. A softmax over 10k FAQs was a third of the query
 * time at 100k variants. `ann: true` forces it, `false` disables it.
 */
export function usesAnnFor(docs: number, ann: boolean | undefined): boolean {
  return ann === true || (ann !== false && docs >= ANN_MIN_DOCS);
}

/** HNSW over the trained embeddings of a large KB (see usesAnnFor). */
export function attachAnn(core: Core, ann: boolean | undefined): void {
  if (!core.docEmb || !usesAnnFor(core.docs.length, ann)) return;
  const dim = core.encoders[0].dim;
  const index = createHnswIndex({ dim, capacity: core.docs.length, M: 16, efConstruction: 100, efSearch: 120, randomSeed: 7 });
  for (let d = 0; d < core.docs.length; d++) index.add(d, core.docEmb.subarray(d * dim, (d + 1) * dim));
  core.annIndex = index;
}

export function estimateMemory(core: Core): number {
  let bytes = core.bm25.byteSize + core.bm25w.byteSize;
  for (const v of core.docVecs) bytes += v.ids.byteLength + v.vals.byteLength + 64;
  for (const e of core.encoders) bytes += e.byteSize;
  if (core.docEmb) bytes += core.docEmb.byteLength;
  if (core.trVecs) bytes += core.trVecs.byteLength;
  return bytes;
}
