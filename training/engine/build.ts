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
import { defaultEpochs, type EncoderTrainOptions, rng, type TrainedEncoder, trainEncoder, trainEncoderInWorker } from "../encoder";
import { KbError } from "../errors";
import {
  applyFusion,
  chooseThresholds,
  compileFusion,
  DEFAULT_THRESHOLD_POLICY,
  FEATURES,
  type FusionModel,
  type ThresholdChoice,
  trainLogReg,
} from "../fusion";
import { HomophoneFixer } from "../homophones";
import { normalizeText } from "../normalize";
import { createSynonymRewriter } from "../synonyms";
import { attachAnn, collectDocs, Core, estimateMemory, prepare, usesAnnFor } from "./core";
import { Engine, type EngineState } from "./engine";
import { type BuildOptions, type Calibration, type Doc, type Embedder, type EncoderMode, type KbInput, type NearDuplicate } from "./types";

/** From this many variants on, the calibration encoder trains in a worker thread. */
const PARALLEL_MIN_DOCS = 3000;
/** In-scope labels from which the thresholds follow the labels (the held-out variants as prior). */
export const LABELS_MIN = 20;
/** FAQs of 3 or more phrasings needed before standardQuestionsAreTypical judges a KB. */
const STANDARD_MIN = 10;
/** How many labeled answers the held-out variants' opinion is worth. */
export const LABEL_PRIOR_WEIGHT = 20;

interface PreparedLabels {
  /** Labeled questions that are variants of the labeled FAQ: judged by their held-out result. */
  docs: Set<number>;
  /** The others, faq -1 when no FAQ should answer. */
  outside: { faq: number; prep: Doc["prep"] }[];
}

function prepareLabels(kb: KbInput, faqs: { id: string }[], docs: Doc[], syn: ReturnType<typeof createSynonymRewriter>): PreparedLabels {
  const out: PreparedLabels = { docs: new Set(), outside: [] };
  if (!kb.labeled?.length) return out;
  const faqIndex = new Map(faqs.map((f, i) => [f.id, i]));
  const docOf = new Map<string, number>();
  docs.forEach((d, i) => docOf.set(`${d.faq}\u0000${d.prep.exact}`, i));
  const seen = new Set<string>();
  for (const l of kb.labeled) {
    const faq = l.faq === null ? -1 : (faqIndex.get(l.faq) ?? -2);
    // A label of an FAQ the bot no longer has (deleted, disabled) says nothing about this KB.
    if (faq === -2) continue;
    const prep = prepare(l.text, syn);
    if (!prep.norm) continue;
    const key = `${faq}\u0000${prep.exact}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const d = faq >= 0 ? docOf.get(key) : undefined;
    if (d !== undefined) out.docs.add(d);
    else out.outside.push({ faq, prep });
  }
  return out;
}

/** The top candidate under the fusion: its FAQ and confidence. */
function topOf(cands: { faq: number; x: Float64Array }[], compiled: ReturnType<typeof compileFusion>): { faq: number; confidence: number } {
  let best = { faq: -1, confidence: 0 };
  for (const c of cands) {
    const p = applyFusion(compiled, c.x);
    if (p > best.confidence) best = { faq: c.faq, confidence: p };
  }
  return best;
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
export const DEFAULT_FUSION: FusionModel = {
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
  // Labeled customer questions: a label that became a variant is judged held out, like the others.
  const labels = prepareLabels(kb, faqs, docs, syn);
  // Calibration folds: which variants are held out, and the cores built without them.
  const policy = { ...DEFAULT_THRESHOLD_POLICY, ...opts.thresholdPolicy };
  const typicalStandard = standardQuestionsAreTypical(docs, faqs);
  const folds = planFolds(docs, faqs, seed, labels.docs, typicalStandard);
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
  const inScopeGroups: { xs: Float64Array[]; correct: boolean[]; doc: number }[] = [];
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
        if (cands.length) inScopeGroups.push({ xs: cands.map((c) => c.x), correct: cands.map((c) => c.faq === doc.faq), doc: d });
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
    return { confidence: bp, correct, weight: 1 };
  });
  if (typicalStandard) weighStandardQuestions(inScope, inScopeGroups, docs, faqs);
  const outOfScope = oosGroups.map((g) => Math.max(...g.map((x) => applyFusion(compiled, x))));

  // The final retrievers over the whole KB.
  const encs = use.trained ? (finalEncs ?? trainSync(docs)) : [];
  progress("index", 0, 1);
  const core = new Core(docs, faqs.length, encs, trVecs, trDim, restricted);
  attachAnn(core, opts.ann);
  progress("index", 1, 1);

  // Labeled questions: variants by their held-out result, the others against the final retrievers
  // (they are not in the KB, so nothing leaks).
  const heldByDoc = new Map<number, { confidence: number; correct: boolean }>();
  inScopeGroups.forEach((g, i) => heldByDoc.set(g.doc, inScope[i]));
  const labelIn: { confidence: number; correct: boolean }[] = [];
  const labelOos: number[] = [];
  let labelVecs: Float32Array[] = [];
  if (use.transformer && opts.embedder && labels.outside.length) labelVecs = await opts.embedder.embed(labels.outside.map((l) => l.prep.norm));
  labels.outside.forEach((l, i) => {
    const top = topOf(core.candidates(core.raw(l.prep, labelVecs[i] ?? null)), compiled);
    if (l.faq < 0) labelOos.push(top.confidence);
    else labelIn.push({ confidence: top.confidence, correct: top.faq === l.faq });
  });
  for (const d of labels.docs) {
    const r = heldByDoc.get(d);
    // A label is one real question, whatever its held-out weight.
    if (r) labelIn.push({ confidence: r.confidence, correct: r.correct });
  }

  let thresholds: ThresholdChoice;
  let thresholdsFrom: Calibration["thresholdsFrom"] = "held-out";
  if (labelIn.length >= LABELS_MIN) {
    // Real customer questions decide, the held-out variants shrink a small sample towards them.
    const data = { inScope: labelIn, outOfScope: labelOos.length ? labelOos : outOfScope };
    const oosRatio = labelOos.length ? labelOos.length / labelIn.length : policy.oosRatio;
    const prior = inScope.length >= 5 ? { data: { inScope, outOfScope }, oosRatio: policy.oosRatio, weight: LABEL_PRIOR_WEIGHT } : undefined;
    thresholds = chooseThresholds(data, { ...policy, oosRatio }, prior);
    if (inScope.length >= 5) {
      // No-answer is the costliest failure: the clarify band reaches as low as either source asks.
      thresholds.clarifyThreshold = Math.min(thresholds.clarifyThreshold, chooseThresholds({ inScope, outOfScope }, policy).clarifyThreshold);
    }
    thresholdsFrom = "labels";
  } else if (inScope.length >= 5) thresholds = chooseThresholds({ inScope, outOfScope }, policy);
  else thresholds = { answerThreshold: 0.6, clarifyThreshold: 0.3, estimated: { hitRate: 0, answerPrecision: 0, oosReject: 0, oosAnswered: 0 } };
  const calibration: Calibration = {
    answerThreshold: opts.overrides?.answerThreshold ?? thresholds.answerThreshold,
    clarifyThreshold: opts.overrides?.clarifyThreshold ?? thresholds.clarifyThreshold,
    weights: fusion.weights,
    bias: fusion.bias,
    source,
    heldOut: { inScope: inScope.length, outOfScope: outOfScope.length - nNeg, negatives: nNeg },
    thresholdsFrom,
    labels: { inScope: labelIn.length, outOfScope: labelOos.length },
    estimated: inScope.length >= 5 || thresholdsFrom === "labels" ? thresholds.estimated : undefined,
  };
  if (calibration.clarifyThreshold > calibration.answerThreshold) calibration.clarifyThreshold = calibration.answerThreshold;

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

/** Whether a document is its FAQ's standard question (collectDocs puts it first). */
function isStandardQuestion(doc: Doc, faqs: { question: string }[]): boolean {
  return doc.text === faqs[doc.faq].question;
}

/** Character uni- and bigrams of a normalized text, for the centrality test below. */
function charGrams(text: string): Set<string> {
  const out = new Set<string>(text);
  for (let i = 0; i + 1 < text.length; i++) out.add(text.slice(i, i + 2));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const g of a) if (b.has(g)) inter++;
  return inter / Math.max(1, a.size + b.size - inter);
}

/**
 * Whether this KB's standard questions are its FAQs' typical questions: the standard question is
 * closer (character n-gram overlap) to its FAQ's other phrasings than the variants are on average,
 * in at least 80% of the FAQs with 3 or more phrasings. True of shops, where variants are
 * paraphrases of the standard question (the demo shop and the packs: 97–98% of FAQs); not of the
 * public intent sets, whose first example is just an example (42–66%).
 */
export function standardQuestionsAreTypical(docs: Doc[], faqs: { question: string }[]): boolean {
  const byFaq = new Map<number, Set<string>[]>();
  for (const d of docs) {
    const list = byFaq.get(d.faq) ?? [];
    // The standard question comes first (collectDocs); 30 phrasings tell enough.
    if (list.length < 30 && (list.length > 0 || isStandardQuestion(d, faqs))) list.push(charGrams(d.prep.norm));
    byFaq.set(d.faq, list);
  }
  let n = 0;
  let central = 0;
  for (const grams of byFaq.values()) {
    if (grams.length < 3) continue;
    const mean = (i: number) => grams.reduce((s, g, j) => (j === i ? s : s + jaccard(grams[i], g)), 0) / (grams.length - 1);
    let variants = 0;
    for (let i = 1; i < grams.length; i++) variants += mean(i);
    n++;
    if (mean(0) > variants / (grams.length - 1)) central++;
  }
  return n >= STANDARD_MIN && central >= 0.8 * n;
}

/**
 * Where standard questions are typical (standardQuestionsAreTypical), a held-out standard question
 * stands for as many customer questions as all the held-out variants of its FAQ together:
 * customers ask what it says, in their own words, while the variants are the long tail a trainer
 * or a pack author added, many of them edge phrasings that no sibling covers. Measured on the shop
 * dev sets: held-out variants were right at top 1 for 70% / 81% of them, held-out standard
 * questions 96% / 100%, real customer questions 90% / 89%; counted one each, the variants set an
 * answer threshold that answered 9% / 67% of the real questions where 73% / 83% were possible at
 * 95% precision (docs/benchmarks.md).
 */
export function weighStandardQuestions(inScope: { weight: number }[], groups: { doc: number }[], docs: Doc[], faqs: { question: string }[]): void {
  const variantsHeld = new Map<number, number>();
  for (const g of groups) if (!isStandardQuestion(docs[g.doc], faqs)) variantsHeld.set(docs[g.doc].faq, (variantsHeld.get(docs[g.doc].faq) ?? 0) + 1);
  groups.forEach((g, i) => {
    if (isStandardQuestion(docs[g.doc], faqs)) inScope[i].weight = Math.max(1, variantsHeld.get(docs[g.doc].faq) ?? 0);
  });
}

/**
 * Held-out variants for calibration. Small KBs: 4 folds over all variants (each held out once,
 * an FAQ's variants spread over the folds). Large KBs: one fold of about 1,200 variants, so that
 * calibration costs one extra training of the encoder, not four.
 * `standardFirst`: the large KB's fold holds out every standard question it can.
 */
function planFolds(docs: Doc[], faqs: { question: string }[], seed: number, mustHoldOut: Set<number> = new Set(), standardFirst = false): number[][] {
  const random = rng(seed + 7919);
  const byFaq: number[][] = Array.from({ length: faqs.length }, () => []);
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
  if (standardFirst) {
    // The single fold holds out every standard question it can (FAQs of 3 or more phrasings):
    // weighed as the FAQ's typical question, each must be measured (one in five, by chance,
    // left the shop dev sets' estimate to a few dozen).
    for (const list of byFaq) {
      const std = list.findIndex((d) => isStandardQuestion(docs[d], faqs));
      if (std > 0) [list[0], list[std]] = [list[std], list[0]];
    }
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
  // Labeled questions that became variants are held out too, while their FAQ keeps another variant.
  const inFold = new Set(fold);
  const left = byFaq.map((list) => list.filter((d) => !inFold.has(d)).length);
  for (const d of mustHoldOut) {
    if (inFold.has(d) || left[docs[d].faq] < 2) continue;
    fold.push(d);
    inFold.add(d);
    left[docs[d].faq]--;
  }
  return [fold];
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
