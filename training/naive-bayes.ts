/**
 * Multinomial naive Bayes over the encoder's feature hashes (binary per variant): a second,
 * very different classifier for the fusion. It trains by counting (milliseconds, nothing to
 * persist: it is rebuilt from the KB on load) and is strong where the trained encoder is weak,
 * on small KBs with a handful of variants per FAQ (Rennie et al. 2003, "Tackling the Poor
 * Assumptions of Naive Bayes Text Classifiers"; Wang & Manning 2012 for n-gram NB baselines).
 */
import { softmaxInPlace } from "./encoder";

export class NaiveBayes {
  /** feature hash → classes having it, and the log-count weight log((n + α) / α) of each. */
  private readonly postings = new Map<number, { classes: Int32Array; weights: Float32Array }>();
  private readonly base: Float64Array;
  private readonly logDenom: Float64Array;
  private readonly logAlpha: number;
  private posBuf: Int32Array | null = null;

  constructor(
    exHashes: Uint32Array[],
    labels: Int32Array,
    readonly numClasses: number,
    readonly alpha = 0.2,
  ) {
    const total = new Float64Array(numClasses);
    const docs = new Float64Array(numClasses);
    const counts = new Map<number, Map<number, number>>();
    for (let i = 0; i < exHashes.length; i++) {
      const c = labels[i];
      docs[c]++;
      for (const h of new Set(exHashes[i])) {
        let m = counts.get(h);
        if (!m) counts.set(h, (m = new Map()));
        m.set(c, (m.get(c) ?? 0) + 1);
        total[c]++;
      }
    }
    // Weights precomputed: a common feature (的, 吗) has a posting per FAQ, and a log per
    // posting per query dominated the query time on 10k-FAQ KBs.
    for (const [h, m] of counts) {
      const classes = new Int32Array(m.size);
      const weights = new Float32Array(m.size);
      let i = 0;
      for (const [c, n] of m) {
        classes[i] = c;
        weights[i++] = Math.log((n + alpha) / alpha);
      }
      this.postings.set(h, { classes, weights });
    }
    const v = counts.size + 1;
    this.logAlpha = Math.log(alpha);
    this.logDenom = new Float64Array(numClasses);
    this.base = new Float64Array(numClasses);
    for (let c = 0; c < numClasses; c++) {
      this.logDenom[c] = Math.log(total[c] + alpha * v);
      // A uniform prior: FAQs with more variants are not more likely to be asked.
      this.base[c] = docs[c] > 0 ? 0 : -Infinity;
    }
  }

  /** Posterior over the given classes only (candidate-normalised), same tempering as predict. */
  predictAmong(hashes: Uint32Array, classes: readonly number[]): Float64Array {
    // Class → position among the candidates (-1 = not a candidate), reset before returning.
    const pos = (this.posBuf ??= new Int32Array(this.numClasses).fill(-1));
    classes.forEach((c, i) => (pos[c] = i));
    const score = Float64Array.from(classes, (c) => this.base[c]);
    const known = this.accumulate(hashes, score, pos);
    for (const c of classes) pos[c] = -1;
    const temp = tempering(known);
    for (let i = 0; i < classes.length; i++) score[i] = (score[i] + known * (this.logAlpha - this.logDenom[classes[i]])) * temp;
    softmaxInPlace(score);
    return score;
  }

  /** Posterior over classes for a text's feature hashes (features unseen in the KB ignored). */
  predict(hashes: Uint32Array): Float32Array {
    const C = this.numClasses;
    const score = Float64Array.from(this.base);
    const known = this.accumulate(hashes, score, null);
    const temp = tempering(known);
    const p = new Float32Array(C);
    for (let c = 0; c < C; c++) p[c] = (score[c] + known * (this.logAlpha - this.logDenom[c])) * temp;
    softmaxInPlace(p);
    return p;
  }

  /**
   * Adds the log-count weights of the text's known features to `score` (indexed by class, or by
   * position among the candidates through `pos`); returns how many features the KB knows.
   */
  private accumulate(hashes: Uint32Array, score: Float64Array, pos: Int32Array | null): number {
    const C = this.numClasses;
    let known = 0;
    for (const h of new Set(hashes)) {
      const post = this.postings.get(h);
      if (!post) continue;
      known++;
      // With thousands of FAQs, a feature most FAQs share says little and costs a pass over
      // all of them; its weight is nearly uniform, so leaving it out barely moves the ranking.
      if (C > 2000 && post.classes.length > C * 0.1) continue;
      const { classes, weights } = post;
      if (pos) {
        for (let k = 0; k < classes.length; k++) {
          const i = pos[classes[k]];
          if (i >= 0) score[i] += weights[k];
        }
      } else for (let k = 0; k < classes.length; k++) score[classes[k]] += weights[k];
    }
    return known;
  }
}

/** Tempered by sqrt(#features): raw NB posteriors are all 0 or 1, useless as a fusion feature. */
function tempering(known: number): number {
  return 1 / Math.sqrt(Math.max(1, known));
}
