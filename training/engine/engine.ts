/**
 * The trained matcher: a Core over the whole KB plus the learned fusion and calibration.
 * Built by buildEngine (build.ts) or restored by loadEngine (load.ts).
 */
import { sparseDot, type SparseVec } from "../bm25";
import { KbError } from "../errors";
import { applyFusion, compileFusion, FEATURE_INDEX, type FusionModel } from "../fusion";
import { type HomophoneFixer } from "../homophones";
import { normalizeKey, normalizeText } from "../normalize";
import { type SynonymRewriter } from "../synonyms";
import { type VectorIndex } from "../vector-index";
import { type Core, prepare, topIndices } from "./core";
import { serializeState } from "./serialize";
import {
  type Calibration,
  type Doc,
  type Embedder,
  type EncoderMode,
  type EngineStats,
  type KbFaq,
  type KbInput,
  type MatchOptions,
  type MatchResult,
  type MatchScores,
  type NearDuplicate,
  type Prepared,
} from "./types";

export interface EngineState {
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
  /** Phrasing key → FAQ index, -1 when two FAQs share it (then no FAQ is "exact"). */
  private readonly exact = new Map<string, number>();

  /** @internal use buildEngine / loadEngine */
  constructor(private readonly s: EngineState) {
    this.compiled = compileFusion(s.fusion);
    s.faqs.forEach((f, i) => this.faqIndex.set(f.id, i));
    for (const d of s.docs) {
      const key = normalizeKey(d.prep.exact);
      if (!key) continue;
      const had = this.exact.get(key);
      this.exact.set(key, had === undefined || had === d.faq ? d.faq : -1);
    }
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
    // A phrasing the knowledge base holds, typed exactly (after normalization and synonyms), is
    // its FAQ: trainers add a phrasing so that it is answered, whatever the fused scores say
    // (issue 10). Such matches are right by construction, so the confidence says so.
    const exactFaq = this.exact.get(normalizeKey(q.exact)) ?? -1;
    if (exactFaq >= 0) for (const e of scored) if (e.c.faq === exactFaq) e.p = Math.max(e.p, EXACT_CONFIDENCE);
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

/** The confidence of an exact phrasing match: above any answer threshold the calibration can choose (≤ 0.99). */
export const EXACT_CONFIDENCE = 0.995;

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
