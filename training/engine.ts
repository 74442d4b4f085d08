/**
 * The matching engine facade (issue 3): plain KB data in, a matcher out.
 *
 * Retrievers over every variant of every enabled FAQ (the standard question counts as one):
 * BM25 over char uni+bigrams / stemmed words, char n-gram TF-IDF cosine, the trained encoder
 * (softmax probability + kNN over its embeddings) and, when an embedder is given, pretrained
 * transformer embeddings. A logistic regression fuses their per-FAQ features into one
 * confidence; its weights and the answer / clarify thresholds are learned from the KB alone by
 * holding out variants (in-scope examples) and, for each, also leaving its FAQ out (an
 * out-of-scope stand-in), plus the workspace's negative examples when it has them.
 */
import { Bm25Index, sparseCentroid, sparseDenseDot, sparseDot, type SparseVec, TfidfSpace } from "./bm25";
import {
  defaultEpochs,
  type EncoderTrainOptions,
  l2normalize,
  rng,
  type SerializedEncoder,
  TrainedEncoder,
  trainEncoder,
  trainEncoderInWorker,
} from "./encoder";
import { KbError } from "./errors";
import {
  applyFusion,
  chooseThresholds,
  compileFusion,
  DEFAULT_THRESHOLD_POLICY,
  FEATURE_INDEX,
  type FeatureName,
  FEATURES,
  type FusionModel,
  NUM_FEATURES,
  type ThresholdChoice,
  type ThresholdPolicy,
  trainLogReg,
} from "./fusion";
import { HomophoneFixer } from "./homophones";
import { NaiveBayes } from "./naive-bayes";
import { normalizeKey, normalizeText } from "./normalize";
import { createSynonymRewriter, type SynonymRewriter } from "./synonyms";
import { classifierFeatures, hashString, lexicalTerms, ngramTerms, words, wordTerms } from "./tokenize";
import { createHnswIndex, type VectorIndex } from "./vector-index";

export const ENGINE_FORMAT_VERSION = 1;

export interface KbFaq {
  id: string;
  question: string;
  variants?: string[];
  answer?: string;
  related?: string[];
  enabled?: boolean;
}

export interface KbInput {
  faqs: KbFaq[];
  /** Synonym groups; every member is rewritten to the group's first term. */
  synonyms?: string[][];
  /** Chit-chat / out-of-scope examples: used only to calibrate the thresholds. */
  negatives?: string[];
}

/** Pretrained sentence embedder (training/transformer/embedder.ts); vectors L2-normalised. */
export interface Embedder {
  id: string;
  dim: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export type EncoderMode = "auto" | "lexical" | "trained" | "transformer";

export interface CalibrationOverrides {
  answerThreshold?: number;
  clarifyThreshold?: number;
  /** Fusion weights by feature name (see FEATURES); replaces the learned ones when given. */
  weights?: Partial<Record<FeatureName, number>>;
  bias?: number;
}

export type BuildPhase = "prepare" | "train" | "calibrate" | "embed" | "index";

export interface BuildOptions {
  /** auto: trained encoder, plus the transformer when an embedder is given. */
  encoders?: EncoderMode;
  embedder?: Embedder;
  onProgress?: (phase: BuildPhase, done: number, total: number) => void;
  overrides?: CalibrationOverrides;
  thresholdPolicy?: Partial<ThresholdPolicy>;
  encoder?: EncoderTrainOptions;
  seed?: number;
  /** kNN through an HNSW index: default from 30k variants on; true / false forces it. */
  ann?: boolean;
  /** Train the calibration encoder in a worker thread for large KBs (default true). */
  parallel?: boolean;
}

export interface MatchScores {
  bm25: number;
  tfidf: number;
  trained?: number;
  nb?: number;
  knn?: number;
  transformer?: number;
}

export interface MatchResult {
  faqId: string;
  question: string;
  confidence: number;
  scores: MatchScores;
  /** The variant closest to the query (TF-IDF cosine). */
  variant: string;
}

export interface Calibration {
  answerThreshold: number;
  clarifyThreshold: number;
  weights: Partial<Record<FeatureName, number>>;
  bias: number;
  /** How the numbers were obtained. */
  source: "held-out" | "default" | "override";
  heldOut: { inScope: number; outOfScope: number; negatives: number };
  /** Estimates on the held-out variants (0-1). */
  estimated?: ThresholdChoice["estimated"];
}

export interface NearDuplicate {
  faqId: string;
  text: string;
  similarity: number;
}

export interface MatchOptions {
  k?: number;
  /** Precomputed transformer embedding of the query (what matchAsync computes). */
  queryVector?: Float32Array;
}

interface Prepared {
  norm: string;
  hashes: Uint32Array;
  lex: string[];
  wlex: string[];
  ngrams: string[];
  feats: string[];
}

interface Doc {
  faq: number;
  text: string;
  prep: Prepared;
}

const CANDIDATES_PER_RETRIEVER = 10;
const LEXICAL_DOCS_PER_FAQ = 12;
const PARALLEL_MIN_DOCS = 3000;
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

function prepare(text: string, syn: SynonymRewriter, fixer?: HomophoneFixer | null): Prepared {
  const base = normalizeText(text);
  const norm = syn.apply(fixer ? fixer.fix(base) : base);
  const ws = words(norm);
  const feats = classifierFeatures(norm, ws);
  return { norm, hashes: Uint32Array.from(feats, (f) => hashString(f)), lex: lexicalTerms(norm), wlex: wordTerms(ws), ngrams: ngramTerms(norm), feats };
}

function topIndices(scores: Float32Array | Float64Array, k: number, exclude = -1, allowed?: Uint8Array): number[] {
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

interface RawScores {
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

interface Candidate {
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
class Core {
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

export interface EngineStats {
  faqs: number;
  variants: number;
  trainMs: number;
  encoders: string[];
  memoryBytes: number;
}

interface EngineState {
  kb: KbInput;
  faqs: KbFaq[];
  docs: Doc[];
  syn: SynonymRewriter;
  /** Query-side homophone typo fixer over the KB's own bigrams. */
  fixer: HomophoneFixer;
  core: Core;
  fusion: FusionModel;
  calibration: Calibration;
  mode: EncoderMode;
  embedder: Embedder | null;
  stats: EngineStats;
}

export class Engine {
  private readonly compiled: { w: Float64Array; b: number };
  private readonly faqIndex = new Map<string, number>();

  /** @internal use buildEngine / loadEngine */
  constructor(private readonly s: EngineState) {
    this.compiled = compileFusion(s.fusion);
    s.faqs.forEach((f, i) => this.faqIndex.set(f.id, i));
  }

  get calibration(): Calibration {
    return this.s.calibration;
  }

  get stats(): EngineStats {
    return this.s.stats;
  }

  get faqs(): readonly KbFaq[] {
    return this.s.faqs;
  }

  get synonyms(): SynonymRewriter {
    return this.s.syn;
  }

  /** True when matching needs an async query embedding (matchAsync / queryVector). */
  get needsQueryVector(): boolean {
    return this.s.core.trVecs !== null;
  }

  getFaq(id: string): KbFaq | undefined {
    const i = this.faqIndex.get(id);
    return i === undefined ? undefined : this.s.faqs[i];
  }

  /** Trained-encoder embedding (L2-normalised) of a text; null without a trained encoder. */
  embed(text: string): Float32Array | null {
    const enc = this.s.core.encoders[0];
    if (!enc) return null;
    return enc.embed(enc.rowsOfFeatures(prepare(text, this.s.syn).feats));
  }

  /** Trained embeddings of all variants (row i = variant i, `dim` floats each), for benchmarks and indexes. */
  variantEmbeddings(): { dim: number; count: number; data: Float32Array } | null {
    const core = this.s.core;
    if (!core.docEmb) return null;
    return { dim: core.encoders[0].dim, count: core.docs.length, data: core.docEmb };
  }

  /** Whether kNN goes through the HNSW index (large KBs). */
  get usesAnn(): boolean {
    return this.s.core.annIndex !== null;
  }

  /** The HNSW index over the trained embeddings (large KBs), to be saved beside the engine. */
  get annIndex(): VectorIndex | null {
    return this.s.core.annIndex;
  }

  /** Transformer embedding of a query (null when the engine has no transformer). */
  async embedQuery(text: string): Promise<Float32Array | null> {
    if (!this.s.embedder || !this.s.core.trVecs) return null;
    const [v] = await this.s.embedder.embed([this.s.syn.apply(normalizeText(text))]);
    return v;
  }

  /** Best FAQs for a text, best first. Synchronous; with a transformer pass opts.queryVector. */
  match(text: string, opts: MatchOptions = {}): MatchResult[] {
    const k = opts.k ?? 5;
    const q = prepare(text, this.s.syn, this.s.fixer);
    if (q.norm.length === 0) return [];
    if (this.s.core.trVecs && !opts.queryVector) {
      throw new KbError("QUERY_VECTOR_REQUIRED", "this engine uses transformer embeddings: call matchAsync, or pass queryVector");
    }
    const core = this.s.core;
    const raw = core.raw(q, opts.queryVector ?? null);
    const cands = core.candidates(raw);
    const scored = cands.map((c) => ({ c, p: applyFusion(this.compiled, c.x) }));
    scored.sort((a, b) => b.p - a.p);
    return scored.slice(0, k).map(({ c, p }) => {
      const faq = this.s.faqs[c.faq];
      const scores: MatchScores = { bm25: round4(c.x[FEATURE_INDEX.bm25_mean3]), tfidf: round4(c.x[FEATURE_INDEX.tfidf_max]) };
      if (raw.hidden) {
        scores.trained = round4(c.x[FEATURE_INDEX.cls_prob]);
        scores.nb = round4(c.x[FEATURE_INDEX.nb_prob]);
        scores.knn = round4(c.x[FEATURE_INDEX.knn_max]);
      }
      if (raw.trMax) scores.transformer = round4(c.x[FEATURE_INDEX.tr_max]);
      return { faqId: faq.id, question: faq.question, confidence: p, scores, variant: core.docs[c.bestDoc]?.text ?? faq.question };
    });
  }

  async matchAsync(text: string, opts: MatchOptions = {}): Promise<MatchResult[]> {
    const queryVector = opts.queryVector ?? (await this.embedQuery(text)) ?? undefined;
    return this.match(text, { ...opts, queryVector });
  }

  /**
   * Engine similarity of two texts in [0,1]: char n-gram TF-IDF cosine (with the KB's idf and
   * synonyms), averaged with the trained-embedding cosine when the engine has an encoder.
   */
  similarity(a: string, b: string): number {
    const pa = prepare(a, this.s.syn);
    const pb = prepare(b, this.s.syn);
    if (pa.norm === pb.norm || (normalizeKey(pa.norm) === normalizeKey(pb.norm) && pa.norm)) return pa.norm.length ? 1 : 0;
    const core = this.s.core;
    const lex = sparseDot(core.tfidf.vectorize(pa.ngrams), core.tfidf.vectorize(pb.ngrams));
    if (!core.encoders.length) return clamp01(lex);
    const enc = core.encoders[0];
    const ea = enc.embed(enc.rowsOfFeatures(pa.feats));
    const eb = enc.embed(enc.rowsOfFeatures(pb.feats));
    let dot = 0;
    for (let i = 0; i < ea.length; i++) dot += ea[i] * eb[i];
    return clamp01(0.5 * lex + 0.5 * Math.max(0, dot));
  }

  /** Variants (and standard questions) of the KB most similar to a text, most similar first. */
  findNearDuplicates(text: string, opts: { threshold?: number; limit?: number; excludeFaqId?: string } = {}): NearDuplicate[] {
    const threshold = opts.threshold ?? 0.8;
    const limit = opts.limit ?? 10;
    const key = normalizeKey(text);
    const q = prepare(text, this.s.syn);
    const core = this.s.core;
    const bm = core.bm25.score(q.lex);
    const qv = core.tfidf.vectorize(q.ngrams);
    const top = topIndices(bm.variantScores, 50);
    const out: NearDuplicate[] = [];
    for (const d of top) {
      const doc = core.docs[d];
      const faq = this.s.faqs[doc.faq];
      if (faq.id === opts.excludeFaqId) continue;
      const sim = normalizeKey(doc.text) === key ? 1 : this.similarityPrepared(q, qv, doc);
      if (sim >= threshold) out.push({ faqId: faq.id, text: doc.text, similarity: round4(sim) });
    }
    out.sort((a, b) => b.similarity - a.similarity);
    return out.slice(0, limit);
  }

  private similarityPrepared(q: Prepared, qv: SparseVec, doc: Doc): number {
    if (q.norm === doc.prep.norm) return 1;
    const core = this.s.core;
    const lex = sparseDot(qv, core.tfidf.vectorize(doc.prep.ngrams));
    if (!core.encoders.length) return clamp01(lex);
    const enc = core.encoders[0];
    const ea = enc.embed(enc.rowsOfFeatures(q.feats));
    const eb = enc.embed(enc.rowsOfFeatures(doc.prep.feats));
    let dot = 0;
    for (let i = 0; i < ea.length; i++) dot += ea[i] * eb[i];
    return clamp01(0.5 * lex + 0.5 * Math.max(0, dot));
  }

  /** Binary snapshot: format version, KB, calibration, trained encoder weights (Float32Array). */
  serialize(): Uint8Array {
    return serializeState(this.s);
  }
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function collectDocs(kb: KbInput, syn: SynonymRewriter): { faqs: KbFaq[]; docs: Doc[] } {
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

function resolveMode(mode: EncoderMode, embedder: Embedder | undefined): { trained: boolean; transformer: boolean } {
  if (mode === "transformer" && !embedder) throw new KbError("MODEL_NOT_FOUND", "encoders=transformer needs an installed embedding model");
  return {
    trained: mode === "auto" || mode === "trained" || mode === "transformer",
    transformer: (mode === "auto" || mode === "transformer") && !!embedder,
  };
}

function trainEncoders(docs: Doc[], numFaqs: number, opts: EncoderTrainOptions, onProgress?: (done: number, total: number) => void): TrainedEncoder[] {
  return [
    trainEncoder(
      docs.map((d) => d.prep.feats),
      Int32Array.from(docs.map((d) => d.faq)),
      numFaqs,
      { ...opts, onProgress },
    ),
  ];
}

/** Default fusion when the KB is too small to learn one (weights from matching-notes.md). */
const DEFAULT_FUSION: FusionModel = {
  weights: { bm25_mean3: 4, tfidf_max: 2, cls_prob: 2, bm25_gap: 2, knn_max: 1, tr_max: 2 },
  bias: -4,
};

export async function buildEngine(kb: KbInput, opts: BuildOptions = {}): Promise<Engine> {
  const t0 = performance.now();
  const syn = createSynonymRewriter(kb.synonyms);
  const progress = opts.onProgress ?? (() => {});
  progress("prepare", 0, 1);
  const { faqs, docs } = collectDocs(kb, syn);
  progress("prepare", 1, 1);
  const mode = opts.encoders ?? "auto";
  const use = resolveMode(mode, opts.embedder);
  const seed = opts.seed ?? 1;
  const encOpts: EncoderTrainOptions = { seed, ...opts.encoder };

  // Transformer vectors of all variants once; folds reuse them (pretrained: nothing leaks).
  let trVecs: Float32Array | null = null;
  let trDim = 0;
  let negVecs: Float32Array[] = [];
  if (use.transformer && opts.embedder) {
    const emb = opts.embedder;
    trDim = emb.dim;
    trVecs = new Float32Array(docs.length * trDim);
    const batch = 32;
    for (let i = 0; i < docs.length; i += batch) {
      const vs = await emb.embed(docs.slice(i, i + batch).map((d) => d.prep.norm));
      vs.forEach((v, j) => {
        if (v.length !== trDim) throw new KbError("DIMENSION_MISMATCH", `embedder returned ${v.length} dimensions, expected ${trDim}`);
        trVecs!.set(v, (i + j) * trDim);
      });
      progress("embed", Math.min(docs.length, i + batch), docs.length);
    }
    const negs = (kb.negatives ?? []).map((t) => syn.apply(normalizeText(t))).filter(Boolean);
    if (negs.length) negVecs = await emb.embed(negs);
  }

  const restricted = usesAnnFor(docs.length, opts.ann);
  // Calibration folds: which variants are held out, and the cores built without them.
  const policy = { ...DEFAULT_THRESHOLD_POLICY, ...opts.thresholdPolicy };
  const folds = planFolds(docs, faqs.length, seed);
  const totalTrain = (use.trained ? 1 : 0) + folds.length;
  let trained = 0;
  // Every model gets the same number of passes, chosen from the full KB size.
  if (encOpts.epochs === undefined) encOpts.epochs = defaultEpochs(docs.length);
  const trainSync = (ds: Doc[]) => trainEncoders(ds, faqs.length, encOpts, (d, t) => progress("train", trained + d / t, totalTrain));
  const foldDocsOf = (fold: number[]) => {
    const inFold = new Uint8Array(docs.length);
    for (const d of fold) inFold[d] = 1;
    return docs.map((_, i) => i).filter((i) => !inFold[i]);
  };
  // Large KBs: the calibration encoder trains in a worker while the final one trains here.
  let finalEncs: TrainedEncoder[] | null = null;
  const foldEncs = new Map<number[], TrainedEncoder[]>();
  if (use.trained && folds.length === 1 && docs.length >= PARALLEL_MIN_DOCS && opts.parallel !== false) {
    const keep = foldDocsOf(folds[0]).map((i) => docs[i]);
    const { onProgress: _ignored, ...workerOpts } = encOpts;
    const pending = trainEncoderInWorker(
      keep.map((d) => d.prep.hashes),
      Int32Array.from(keep.map((d) => d.faq)),
      faqs.length,
      workerOpts,
    ).catch(() => null);
    finalEncs = trainSync(docs);
    trained++;
    const enc = await pending;
    foldEncs.set(folds[0], enc ? [enc] : trainSync(keep));
  }
  const fusionRows: { x: Float64Array; y: number; w: number }[] = [];
  // Candidate feature groups of each held-out question: top-1 under the final fusion decides.
  const inScopeGroups: { xs: Float64Array[]; correct: boolean[] }[] = [];
  const oosGroups: Float64Array[][] = [];
  let nNeg = 0;
  for (const fold of folds) {
    const inFold = new Uint8Array(docs.length);
    for (const d of fold) inFold[d] = 1;
    const keep = docs.map((_, i) => i).filter((i) => !inFold[i]);
    const foldDocs = keep.map((i) => docs[i]);
    const encs = use.trained ? (foldEncs.get(fold) ?? trainSync(foldDocs)) : [];
    trained++;
    let foldTr: Float32Array | null = null;
    if (trVecs) {
      foldTr = new Float32Array(keep.length * trDim);
      keep.forEach((i, j) => foldTr!.set(trVecs!.subarray(i * trDim, (i + 1) * trDim), j * trDim));
    }
    const core = new Core(foldDocs, faqs.length, encs, foldTr, trDim, restricted);
    for (const d of fold) {
      const doc = docs[d];
      const raw = core.raw(doc.prep, trVecs ? trVecs.subarray(d * trDim, (d + 1) * trDim) : null);
      if (core.faqDocCount[doc.faq] > 0) {
        const cands = core.candidates(raw);
        for (const c of cands) fusionRows.push({ x: c.x, y: c.faq === doc.faq ? 1 : 0, w: 1 });
        if (cands.length) inScopeGroups.push({ xs: cands.map((c) => c.x), correct: cands.map((c) => c.faq === doc.faq) });
      }
      const oc = core.candidates(raw, doc.faq);
      for (const c of oc) fusionRows.push({ x: c.x, y: 0, w: 0.5 });
      if (oc.length) oosGroups.push(oc.map((c) => c.x));
    }
    if (fold === folds[0]) {
      const negTexts = kb.negatives ?? [];
      negTexts.forEach((t, i) => {
        const p = prepare(t, syn);
        if (!p.norm) return;
        const raw = core.raw(p, negVecs[i] ?? null);
        const cands = core.candidates(raw);
        for (const c of cands) fusionRows.push({ x: c.x, y: 0, w: 1 });
        if (cands.length) {
          oosGroups.push(cands.map((c) => c.x));
          nNeg++;
        }
      });
    }
    progress("calibrate", trained, totalTrain);
  }

  // Fusion weights.
  const active = FEATURES.map((f) => {
    if (f.startsWith("cls_") || f.startsWith("knn_") || f.startsWith("nb_")) return use.trained;
    if (f.startsWith("tr_")) return use.transformer;
    return true;
  });
  let fusion: FusionModel = DEFAULT_FUSION;
  let source: Calibration["source"] = "default";
  const positives = fusionRows.reduce((s, r) => s + r.y, 0);
  if (positives >= 10 && fusionRows.length - positives >= 10) {
    fusion = trainLogReg(
      fusionRows.map((r) => r.x),
      Uint8Array.from(fusionRows.map((r) => r.y)),
      Float64Array.from(fusionRows.map((r) => r.w)),
      active,
    );
    source = "held-out";
  }
  if (opts.overrides?.weights) {
    fusion = { weights: { ...opts.overrides.weights }, bias: opts.overrides.bias ?? fusion.bias };
    source = "override";
  }
  const compiled = compileFusion(fusion);

  // Thresholds from the held-out top-1 confidences under the final fusion.
  const inScope = inScopeGroups.map((g) => {
    let bp = -1;
    let correct = false;
    g.xs.forEach((x, i) => {
      const p = applyFusion(compiled, x);
      if (p > bp) {
        bp = p;
        correct = g.correct[i];
      }
    });
    return { confidence: bp, correct };
  });
  const outOfScope = oosGroups.map((g) => Math.max(...g.map((x) => applyFusion(compiled, x))));
  let thresholds: ThresholdChoice;
  if (inScope.length >= 5) thresholds = chooseThresholds({ inScope, outOfScope }, policy);
  else thresholds = { answerThreshold: 0.6, clarifyThreshold: 0.3, estimated: { hitRate: 0, answerPrecision: 0, oosReject: 0, oosAnswered: 0 } };
  const calibration: Calibration = {
    answerThreshold: opts.overrides?.answerThreshold ?? thresholds.answerThreshold,
    clarifyThreshold: opts.overrides?.clarifyThreshold ?? thresholds.clarifyThreshold,
    weights: fusion.weights,
    bias: fusion.bias,
    source,
    heldOut: { inScope: inScope.length, outOfScope: outOfScope.length - nNeg, negatives: nNeg },
    estimated: inScope.length >= 5 ? thresholds.estimated : undefined,
  };
  if (calibration.clarifyThreshold > calibration.answerThreshold) calibration.clarifyThreshold = calibration.answerThreshold;

  // The final retrievers over the whole KB.
  const encs = use.trained ? (finalEncs ?? trainSync(docs)) : [];
  progress("index", 0, 1);
  const core = new Core(docs, faqs.length, encs, trVecs, trDim, restricted);
  attachAnn(core, opts.ann);
  progress("index", 1, 1);
  const encoders = ["bm25", "tfidf"];
  if (use.trained) encoders.push("trained");
  if (use.transformer && opts.embedder) encoders.push(`transformer:${opts.embedder.id}`);
  const state: EngineState = {
    kb,
    faqs,
    docs,
    syn,
    fixer: new HomophoneFixer(docs.map((d) => normalizeText(d.text))),
    core,
    fusion,
    calibration,
    mode,
    embedder: use.transformer ? (opts.embedder ?? null) : null,
    stats: { faqs: faqs.length, variants: docs.length, trainMs: Math.round(performance.now() - t0), encoders, memoryBytes: 0 },
  };
  state.stats.memoryBytes = estimateMemory(core);
  return new Engine(state);
}

/**
 * Whether a KB of this many variants goes the large-KB way: kNN through an HNSW index, and
 * classifiers (trained encoder, naive Bayes) that score only the candidates the other retrievers
 * and that kNN propose, normalised over them. A softmax over 10k FAQs was a third of the query
 * time at 100k variants. `ann: true` forces it, `false` disables it.
 */
function usesAnnFor(docs: number, ann: boolean | undefined): boolean {
  return ann === true || (ann !== false && docs >= ANN_MIN_DOCS);
}

/** HNSW over the trained embeddings of a large KB (see usesAnnFor). */
function attachAnn(core: Core, ann: boolean | undefined): void {
  if (!core.docEmb || !usesAnnFor(core.docs.length, ann)) return;
  const dim = core.encoders[0].dim;
  const index = createHnswIndex({ dim, capacity: core.docs.length, M: 16, efConstruction: 100, efSearch: 120, randomSeed: 7 });
  for (let d = 0; d < core.docs.length; d++) index.add(d, core.docEmb.subarray(d * dim, (d + 1) * dim));
  core.annIndex = index;
}

function estimateMemory(core: Core): number {
  let bytes = core.bm25.byteSize + core.bm25w.byteSize;
  for (const v of core.docVecs) bytes += v.ids.byteLength + v.vals.byteLength + 64;
  for (const e of core.encoders) bytes += e.byteSize;
  if (core.docEmb) bytes += core.docEmb.byteLength;
  if (core.trVecs) bytes += core.trVecs.byteLength;
  return bytes;
}

/**
 * Held-out variants for calibration. Small KBs: 4 folds over all variants (each held out once,
 * an FAQ's variants spread over the folds). Large KBs: one fold of about 1,200 variants, so that
 * calibration costs one extra training of the encoder, not four.
 */
function planFolds(docs: Doc[], numFaqs: number, seed: number): number[][] {
  const random = rng(seed + 7919);
  const byFaq: number[][] = Array.from({ length: numFaqs }, () => []);
  docs.forEach((d, i) => byFaq[d.faq].push(i));
  for (const list of byFaq) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
  }
  if (docs.length <= 1200) {
    const k = 4;
    const folds: number[][] = Array.from({ length: k }, () => []);
    let r = 0;
    for (const list of byFaq) for (const d of list) folds[r++ % k].push(d);
    return folds.filter((f) => f.length > 0);
  }
  const target = Math.min(1200, Math.round(docs.length * 0.2));
  const fold: number[] = [];
  // Round-robin over FAQs, at most a third of any FAQ's variants, so every FAQ stays present.
  for (let round = 0; fold.length < target; round++) {
    let added = 0;
    for (const list of byFaq) {
      if (fold.length >= target) break;
      if (round < list.length && round < Math.floor(list.length / 3)) {
        fold.push(list[round]);
        added++;
      }
    }
    if (!added) break;
  }
  return [fold];
}

// ---------------------------------------------------------------------------------------------
// Serialization: "KBEN" magic, uint32 header length, JSON header, then 4-byte aligned binary
// blocks (encoder weights as Float32Array). Lexical indexes are rebuilt from the KB text on load
// (deterministic and fast), the encoders are not retrained.

const MAGIC = 0x4e45424b; // "KBEN" little-endian

interface BlockRef {
  offset: number;
  length: number;
  type: "f32" | "u32";
}

interface Header {
  formatVersion: number;
  kb: KbInput;
  mode: EncoderMode;
  fusion: FusionModel;
  calibration: Calibration;
  stats: EngineStats;
  encoders: { formatVersion: number; dim: number; numClasses: number; hashes: BlockRef; input: BlockRef; output: BlockRef }[];
  transformer: { id: string; dim: number; vectors: BlockRef } | null;
  /** Candidate-restricted classifiers (calibrated that way, so loaded that way). */
  restricted?: boolean;
}

function serializeState(s: EngineState): Uint8Array {
  const blocks: Uint8Array[] = [];
  let offset = 0;
  const add = (arr: Float32Array | Uint32Array): BlockRef => {
    const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
    const ref: BlockRef = { offset, length: arr.length, type: arr instanceof Float32Array ? "f32" : "u32" };
    blocks.push(bytes);
    offset += bytes.byteLength;
    return ref;
  };
  const header: Header = {
    formatVersion: ENGINE_FORMAT_VERSION,
    kb: s.kb,
    mode: s.mode,
    fusion: s.fusion,
    calibration: s.calibration,
    stats: s.stats,
    encoders: s.core.encoders.map((e) => {
      const ser: SerializedEncoder = e.serialize();
      return {
        formatVersion: ser.formatVersion,
        dim: ser.dim,
        numClasses: ser.numClasses,
        hashes: add(ser.hashes),
        input: add(ser.input),
        output: add(ser.output),
      };
    }),
    transformer: s.core.trVecs && s.embedder ? { id: s.embedder.id, dim: s.core.trDim, vectors: add(s.core.trVecs) } : null,
    restricted: s.core.restricted,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headLen = 8 + json.byteLength;
  const pad = (4 - (headLen % 4)) % 4;
  const out = new Uint8Array(headLen + pad + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, json.byteLength, true);
  out.set(json, 8);
  let p = headLen + pad;
  for (const b of blocks) {
    out.set(b, p);
    p += b.byteLength;
  }
  return out;
}

/**
 * Restores an engine from `serialize()` output. A transformer engine needs the same embedder
 * (same id) to answer queries; without it the engine falls back to the trained encoder and
 * lexical retrievers with the stored calibration (scores then differ).
 */
export function loadEngine(bytes: Uint8Array, opts: { embedder?: Embedder; ann?: boolean; annIndex?: VectorIndex | null } = {}): Engine {
  if (bytes.byteLength < 8) throw new KbError("FORMAT_VERSION", "not a serialized engine");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new KbError("FORMAT_VERSION", "not a serialized engine");
  const jsonLen = view.getUint32(4, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + jsonLen))) as Header;
  } catch {
    throw new KbError("INDEX_CORRUPT", "the serialized engine header is damaged");
  }
  if (header.formatVersion !== ENGINE_FORMAT_VERSION) {
    throw new KbError("FORMAT_VERSION", `engine format ${header.formatVersion} is not supported (expected ${ENGINE_FORMAT_VERSION}): rebuild it`);
  }
  const base = 8 + jsonLen + ((4 - ((8 + jsonLen) % 4)) % 4);
  // Copy each block out so that the typed arrays are aligned and independent of `bytes`.
  const read = (ref: BlockRef) => {
    const start = base + ref.offset;
    const byteLen = ref.length * 4;
    if (start + byteLen > bytes.byteLength) throw new KbError("INDEX_CORRUPT", "the serialized engine is truncated");
    // ArrayBuffer#slice always copies (a Node Buffer's slice would be a view of its whole pool).
    const copy = bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + byteLen);
    return ref.type === "f32" ? new Float32Array(copy) : new Uint32Array(copy);
  };
  const encoders = header.encoders.map((e) =>
    TrainedEncoder.load({
      formatVersion: e.formatVersion,
      dim: e.dim,
      numClasses: e.numClasses,
      hashes: read(e.hashes) as Uint32Array,
      input: read(e.input) as Float32Array,
      output: read(e.output) as Float32Array,
    }),
  );
  const syn = createSynonymRewriter(header.kb.synonyms);
  const { faqs, docs } = collectDocs(header.kb, syn);
  let trVecs: Float32Array | null = null;
  let trDim = 0;
  let embedder: Embedder | null = null;
  if (header.transformer && opts.embedder && opts.embedder.id === header.transformer.id) {
    trVecs = read(header.transformer.vectors) as Float32Array;
    trDim = header.transformer.dim;
    embedder = opts.embedder;
  }
  const restricted = header.restricted ?? false;
  const core = new Core(docs, faqs.length, encoders, trVecs, trDim, restricted);
  // A restricted engine's classifiers get their candidates from the HNSW kNN.
  const ann = opts.ann ?? (restricted ? true : undefined);
  const saved = opts.annIndex;
  // A saved index (same KB fingerprint, checked by the caller) spares rebuilding the graph, which
  // takes seconds at 100k variants; one that does not fit these embeddings is not used.
  if (saved && core.docEmb && usesAnnFor(core.docs.length, ann) && saved.dim === core.encoders[0].dim && saved.size === core.docs.length) {
    core.annIndex = saved;
  } else attachAnn(core, ann);
  return new Engine({
    kb: header.kb,
    faqs,
    docs,
    syn,
    fixer: new HomophoneFixer(docs.map((d) => normalizeText(d.text))),
    core,
    fusion: header.fusion,
    calibration: header.calibration,
    mode: header.mode,
    embedder,
    stats: header.stats,
  });
}

/** Near-duplicate check without a trained engine: lexical similarity over the KB's variants. */
export async function findNearDuplicates(
  text: string,
  kb: KbInput,
  opts: { threshold?: number; limit?: number; excludeFaqId?: string } = {},
): Promise<NearDuplicate[]> {
  const engine = await buildEngine(kb, { encoders: "lexical", overrides: { answerThreshold: 0.5, clarifyThreshold: 0.3, weights: DEFAULT_FUSION.weights } });
  return engine.findNearDuplicates(text, opts);
}
