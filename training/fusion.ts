/**
 * Fusion: per-FAQ retriever scores → one calibrated confidence in [0,1], by a small logistic
 * regression over retriever features, learned from the KB itself (held-out variants; see
 * engine.ts for how the training rows are made). Also the threshold choice from held-out data.
 */

/** Names of the per-candidate features, in vector order. */
export const FEATURES = [
  "bm25_mean3", // BM25 mean of the FAQ's best 3 variants, / Σ idf of query terms
  "bm25_max", // best variant, same normalisation
  "bm25_gap", // bm25_mean3 minus the best other candidate's
  "bm25w_mean3", // BM25 over words + word bigrams (jieba for Chinese), mean of best 3
  "bm25w_max", // … best variant
  "tfidf_max", // char n-gram TF-IDF cosine to the nearest variant
  "tfidf_centroid", // … to the FAQ centroid
  "cls_prob", // trained encoder softmax probability
  "cls_gap", // cls_prob minus the best other candidate's
  "nb_prob", // naive Bayes posterior (tempered) over the same features
  "nb_gap", // nb_prob minus the best other candidate's
  "knn_max", // cosine of trained embeddings, nearest variant
  "knn_mean3", // … mean of the best 3 variants
  "tr_max", // transformer embedding cosine, nearest variant
  "tr_mean3", // … mean of the best 3 variants
  "tr_gap", // tr_max minus the best other candidate's
] as const;

export type FeatureName = (typeof FEATURES)[number];
export const NUM_FEATURES = FEATURES.length;
export const FEATURE_INDEX: Record<FeatureName, number> = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<FeatureName, number>;

export interface FusionModel {
  /** Raw-feature-space weights by feature name (absent = 0). */
  weights: Partial<Record<FeatureName, number>>;
  bias: number;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export function compileFusion(m: FusionModel): { w: Float64Array; b: number } {
  const w = new Float64Array(NUM_FEATURES);
  for (const [k, v] of Object.entries(m.weights)) {
    const i = FEATURE_INDEX[k as FeatureName];
    if (i !== undefined && Number.isFinite(v)) w[i] = v as number;
  }
  return { w, b: m.bias };
}

export function applyFusion(c: { w: Float64Array; b: number }, x: Float64Array): number {
  let z = c.b;
  for (let i = 0; i < x.length; i++) z += c.w[i] * x[i];
  return sigmoid(z);
}

/**
 * L2-regularised logistic regression by full-batch gradient descent with Adam on standardised
 * features; returns weights mapped back to the raw feature space so that they can be read and
 * overridden. `active` lists the features the engine actually computes.
 */
export function trainLogReg(
  X: Float64Array[],
  y: Uint8Array,
  sampleWeight: Float64Array,
  active: boolean[],
  opts: { l2?: number; iterations?: number } = {},
): FusionModel {
  const n = X.length;
  const d = NUM_FEATURES;
  const l2 = opts.l2 ?? 1e-3;
  const iters = opts.iterations ?? 12;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  let wsum = 0;
  for (let i = 0; i < n; i++) wsum += sampleWeight[i];
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += (X[i][j] * sampleWeight[i]) / wsum;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (sampleWeight[i] * (X[i][j] - mean[j]) ** 2) / wsum;
  for (let j = 0; j < d; j++) std[j] = active[j] && std[j] > 1e-12 ? Math.sqrt(std[j]) : 0;
  const Z = X.map((x) => {
    const z = new Float64Array(d);
    for (let j = 0; j < d; j++) z[j] = std[j] > 0 ? (x[j] - mean[j]) / std[j] : 0;
    return z;
  });
  // Newton's method (IRLS): a dozen features converge in a few steps, where gradient descent
  // needed hundreds of passes over tens of thousands of rows.
  const cols: number[] = [];
  for (let j = 0; j < d; j++) if (std[j] > 0) cols.push(j);
  const m = cols.length + 1; // + bias (last)
  const beta = new Float64Array(m);
  const zrow = new Float64Array(m);
  for (let it = 0; it < iters; it++) {
    const H = new Float64Array(m * m);
    const g = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      const z = Z[i];
      for (let c = 0; c < cols.length; c++) zrow[c] = z[cols[c]];
      zrow[m - 1] = 1;
      let s = 0;
      for (let c = 0; c < m; c++) s += beta[c] * zrow[c];
      const p = sigmoid(s);
      const sw = sampleWeight[i] / wsum;
      const err = (p - y[i]) * sw;
      const h = Math.max(p * (1 - p), 1e-6) * sw;
      for (let a = 0; a < m; a++) {
        g[a] += err * zrow[a];
        const ha = h * zrow[a];
        for (let c = a; c < m; c++) H[a * m + c] += ha * zrow[c];
      }
    }
    for (let a = 0; a < m; a++) for (let c = 0; c < a; c++) H[a * m + c] = H[c * m + a];
    for (let a = 0; a < m - 1; a++) {
      g[a] += l2 * beta[a];
      H[a * m + a] += l2;
    }
    H[(m - 1) * m + (m - 1)] += 1e-9;
    const step = solve(H, g, m);
    let maxStep = 0;
    for (let a = 0; a < m; a++) {
      beta[a] -= step[a];
      maxStep = Math.max(maxStep, Math.abs(step[a]));
    }
    if (maxStep < 1e-4) break;
  }
  const w = new Float64Array(d);
  cols.forEach((j, c) => (w[j] = beta[c]));
  const b = beta[m - 1];
  const weights: Partial<Record<FeatureName, number>> = {};
  let bias = b;
  for (let j = 0; j < d; j++) {
    if (std[j] === 0) continue;
    const raw = w[j] / std[j];
    weights[FEATURES[j]] = raw;
    bias -= raw * mean[j];
  }
  return { weights, bias };
}

/** Solves A x = b (A symmetric positive definite, m small) by Gaussian elimination with pivoting. */
function solve(A: Float64Array, bvec: Float64Array, m: number): Float64Array {
  const M = Float64Array.from(A);
  const x = Float64Array.from(bvec);
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(M[r * m + c]) > Math.abs(M[piv * m + c])) piv = r;
    if (piv !== c) {
      for (let k = 0; k < m; k++) {
        const t = M[c * m + k];
        M[c * m + k] = M[piv * m + k];
        M[piv * m + k] = t;
      }
      const t = x[c];
      x[c] = x[piv];
      x[piv] = t;
    }
    const diag = M[c * m + c] || 1e-12;
    for (let r = c + 1; r < m; r++) {
      const f = M[r * m + c] / diag;
      if (f === 0) continue;
      for (let k = c; k < m; k++) M[r * m + k] -= f * M[c * m + k];
      x[r] -= f * x[c];
    }
  }
  for (let c = m - 1; c >= 0; c--) {
    let s = x[c];
    for (let k = c + 1; k < m; k++) s -= M[c * m + k] * x[k];
    x[c] = s / (M[c * m + c] || 1e-12);
  }
  return x;
}

export interface ThresholdInput {
  /**
   * Top-1 confidence of held-out in-scope questions and whether the top-1 FAQ was right; `weight`
   * (default 1) is how many questions of the expected traffic this one stands for.
   */
  inScope: { confidence: number; correct: boolean; weight?: number }[];
  /** Top-1 confidence of out-of-scope stand-ins (FAQ left out, workspace negatives). */
  outOfScope: number[];
}

export interface ThresholdPolicy {
  /** Precision wanted among answers. */
  targetPrecision: number;
  /** Assumed share of out-of-scope traffic relative to in-scope, for the precision estimate. */
  oosRatio: number;
  /**
   * Share of held-out in-scope questions allowed below the clarify threshold (the fallback reply).
   * A no_answer when the bot had the right FAQ is the costliest failure, and a clarify on an
   * out-of-scope question still does not answer it, so the clarify threshold follows the in-scope
   * questions, not the out-of-scope stand-ins.
   */
  inScopeNoAnswer: number;
}

export const DEFAULT_THRESHOLD_POLICY: ThresholdPolicy = { targetPrecision: 0.95, oosRatio: 0.1, inScopeNoAnswer: 0.03 };

export interface ThresholdChoice {
  answerThreshold: number;
  clarifyThreshold: number;
  /** Estimates on the held-out data (0-1). */
  estimated: { hitRate: number; answerPrecision: number; oosReject: number; oosAnswered: number };
}

/** Weight above a threshold: confidences sorted ascending with their suffix sums of weight. */
function weightAbove(sortedAsc: number[], suffix: Float64Array, t: number): number {
  let lo = 0;
  let hi = sortedAsc.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedAsc[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return suffix[lo];
}

/** Confidences sorted ascending and, at i, the total weight of entries i… (one past the end: 0). */
function sortedWithSuffix(entries: { confidence: number; weight: number }[]) {
  const sorted = entries.slice().sort((a, b) => a.confidence - b.confidence);
  const suffix = new Float64Array(sorted.length + 1);
  for (let i = sorted.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + sorted[i].weight;
  return { conf: sorted.map((e) => e.confidence), suffix };
}

/**
 * Estimated precision of answers at threshold t over one data set: right top-1 answers over all
 * answers (by weight), with out-of-scope stand-ins above t weighed in at `oosRatio` of the
 * in-scope weight.
 */
function precisionAt(data: ThresholdInput, oosRatio: number) {
  const ins = data.inScope.map((s) => ({ confidence: s.confidence, weight: s.weight ?? 1, correct: s.correct }));
  const wIn = Math.max(
    1e-9,
    ins.reduce((a, s) => a + s.weight, 0),
  );
  const oos = sortedWithSuffix(data.outOfScope.map((c) => ({ confidence: c, weight: 1 })));
  const all = sortedWithSuffix(ins);
  const right = sortedWithSuffix(ins.filter((s) => s.correct));
  return (t: number) => {
    const answered = weightAbove(all.conf, all.suffix, t);
    const oosShare = oos.conf.length ? weightAbove(oos.conf, oos.suffix, t) / oos.conf.length : 0;
    return { right: weightAbove(right.conf, right.suffix, t), answered: answered + oosRatio * wIn * oosShare, oosAnswered: oosShare, inScopeWeight: wIn };
  };
}

/** A second opinion that `chooseThresholds` shrinks its estimate towards, worth `weight` answers. */
export interface ThresholdPrior {
  data: ThresholdInput;
  oosRatio: number;
  weight: number;
}

/**
 * Answer threshold: the lowest confidence at which the estimated precision of answers, with
 * out-of-scope stand-ins weighed in at `oosRatio`, reaches the target. Clarify threshold: the
 * confidence that only `inScopeNoAnswer` of the in-scope questions fall below (never above answer).
 *
 * With a prior (the held-out variants, when `data` are the trainers' labels), the precision at
 * each threshold is (right + w·p₀) / (answered + w), p₀ the prior's precision there: a few labels
 * move the threshold a little, a few hundred decide it.
 */
export function chooseThresholds(data: ThresholdInput, policy: ThresholdPolicy = DEFAULT_THRESHOLD_POLICY, prior?: ThresholdPrior): ThresholdChoice {
  const at = precisionAt(data, policy.oosRatio);
  const priorAt = prior ? precisionAt(prior.data, prior.oosRatio) : null;
  const precision = (t: number) => {
    const a = at(t);
    if (!priorAt || !prior) return a.answered ? a.right / a.answered : 1;
    const p = priorAt(t);
    const p0 = p.answered ? p.right / p.answered : 1;
    return (a.right + prior.weight * p0) / (a.answered + prior.weight);
  };
  const fracOosAbove = (t: number) => at(t).oosAnswered;
  // Candidate thresholds: every confidence seen, high to low; keep the lowest meeting the target.
  const cands = [...new Set([...data.inScope.map((s) => s.confidence), ...(prior?.data.inScope.map((s) => s.confidence) ?? [])])].sort((a, b) => b - a);
  let bestT = 0.99;
  for (const t of cands) if (precision(t) >= policy.targetPrecision) bestT = t;
  const answerThreshold = Math.min(0.99, Math.max(0.05, bestT));
  const byConfidence = data.inScope.map((s) => s.confidence).sort((a, b) => a - b);
  let clarify = byConfidence.length
    ? byConfidence[Math.min(byConfidence.length - 1, Math.floor(byConfidence.length * policy.inScopeNoAnswer))]
    : answerThreshold / 2;
  clarify = Math.max(0.02, Math.min(clarify, answerThreshold));
  const oosAns = fracOosAbove(answerThreshold);
  const a = at(answerThreshold);
  return {
    answerThreshold,
    clarifyThreshold: clarify,
    estimated: {
      hitRate: a.right / a.inScopeWeight,
      answerPrecision: precision(answerThreshold),
      oosReject: 1 - fracOosAbove(clarify),
      oosAnswered: oosAns,
    },
  };
}
