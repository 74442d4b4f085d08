/**
 * The trained encoder (问题场景训练): a supervised embedding model in the spirit of fastText
 * (Joulin et al. 2017, "Bag of Tricks for Efficient Text Classification"): a text is the mean
 * of the embeddings of its hashed word, word-bigram and character n-gram features; a softmax
 * over FAQs on top is trained from the KB's own variants. Unseen paraphrases that share words
 * or sub-words with an FAQ's variants land near it. The mean embedding doubles as a dense
 * vector for kNN over variants.
 *
 * Only features seen in the KB get a row (a 32-bit hash → row table), which keeps the model to
 * a few MB instead of a 2^20-bucket table.
 */
import { KbError } from "./errors";
import { classifierFeatures, hashString } from "./tokenize";

export const ENCODER_FORMAT_VERSION = 1;

export interface EncoderTrainOptions {
  dim?: number;
  /** Passes over the data; default from the KB size (≈ 60k updates, clamped to 10–100). */
  epochs?: number;
  lr?: number;
  seed?: number;
  /** Above this many classes, negative sampling replaces the full softmax. */
  maxFullSoftmaxClasses?: number;
  negatives?: number;
  /** Probability of dropping each feature of a training example in a pass (default 0.5; 0 = off). */
  dropout?: number;
  /** Features seen in fewer training examples are dropped (they cannot generalise). */
  minCount?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SerializedEncoder {
  formatVersion: number;
  dim: number;
  numClasses: number;
  hashes: Uint32Array;
  input: Float32Array;
  output: Float32Array;
}

/**
 * Passes over the data: about 60k updates, clamped to 10–100 passes (matching-notes.md; half
 * of that cost 1 point on 10-shot banking77), but
 * beyond 20k variants at most ~200k updates, so that a 100k-variant KB trains in seconds.
 */
export function defaultEpochs(n: number): number {
  if (n > 20000) return Math.max(2, Math.round(200000 / n));
  return Math.max(10, Math.min(100, Math.round(60000 / Math.max(1, n))));
}

/** Deterministic PRNG (mulberry32): same KB + seed → same model. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class TrainedEncoder {
  private readonly rowOf = new Map<number, number>();

  constructor(
    readonly dim: number,
    readonly numClasses: number,
    readonly hashes: Uint32Array,
    readonly input: Float32Array,
    readonly output: Float32Array,
  ) {
    for (let i = 0; i < hashes.length; i++) this.rowOf.set(hashes[i], i);
  }

  /** Feature rows of a text (already normalized and synonym-rewritten); unknown features dropped. */
  rows(text: string): Int32Array {
    return this.rowsOfFeatures(classifierFeatures(text));
  }

  rowsOfFeatures(features: string[]): Int32Array {
    const out: number[] = [];
    for (const f of features) {
      const r = this.rowOf.get(hashString(f));
      if (r !== undefined) out.push(r);
    }
    return Int32Array.from(out);
  }

  /** Mean input embedding (not normalised). */
  hidden(rows: Int32Array, out = new Float32Array(this.dim)): Float32Array {
    // No rows (every feature unknown): the zero vector, not the 0/0 of a mean.
    if (rows.length === 0) return out.fill(0);
    forwardMean(this.input, rows, this.dim, out);
    return out;
  }

  /** L2-normalised embedding for cosine kNN. */
  embed(rows: Int32Array): Float32Array {
    const h = this.hidden(rows);
    l2normalize(h);
    return h;
  }

  /** Softmax probabilities over FAQs. */
  predict(rows: Int32Array, h = this.hidden(rows)): Float32Array {
    const p = new Float32Array(this.numClasses);
    logits(this.output, h, this.dim, this.numClasses, p);
    softmaxInPlace(p);
    return p;
  }

  /** Softmax over the given classes only (candidate-normalised probabilities). */
  predictAmong(h: Float32Array, classes: readonly number[]): Float64Array {
    const d = this.dim;
    const p = new Float64Array(classes.length);
    for (let i = 0; i < classes.length; i++) p[i] = outputDot(this.output, classes[i], d, h);
    softmaxInPlace(p);
    return p;
  }

  serialize(): SerializedEncoder {
    return {
      formatVersion: ENCODER_FORMAT_VERSION,
      dim: this.dim,
      numClasses: this.numClasses,
      hashes: this.hashes,
      input: this.input,
      output: this.output,
    };
  }

  static load(s: SerializedEncoder): TrainedEncoder {
    if (s.formatVersion !== ENCODER_FORMAT_VERSION) {
      throw new KbError("FORMAT_VERSION", `trained encoder format ${s.formatVersion} is not supported (expected ${ENCODER_FORMAT_VERSION})`);
    }
    if (s.input.length !== s.hashes.length * s.dim || s.output.length !== s.numClasses * s.dim) {
      throw new KbError("DIMENSION_MISMATCH", "trained encoder weights do not match its dimensions");
    }
    return new TrainedEncoder(s.dim, s.numClasses, s.hashes, s.input, s.output);
  }

  get byteSize(): number {
    return this.input.byteLength + this.output.byteLength + this.hashes.byteLength * 3;
  }
}

/**
 * out[c] = output row c · h. Four independent sums per row: with thousands of FAQs this is most
 * of a query's classifier time, and the unrolled loop runs about twice as fast in V8.
 */
function logits(output: Float32Array, h: Float32Array, dim: number, numClasses: number, out: Float32Array): void {
  if (dim % 4 !== 0) {
    for (let c = 0; c < numClasses; c++) out[c] = outputDot(output, c, dim, h);
    return;
  }
  for (let c = 0; c < numClasses; c++) {
    const off = c * dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < dim; j += 4) {
      s0 += output[off + j] * h[j];
      s1 += output[off + j + 1] * h[j + 1];
      s2 += output[off + j + 2] * h[j + 2];
      s3 += output[off + j + 3] * h[j + 3];
    }
    out[c] = s0 + s1 + s2 + s3;
  }
}

/**
 * Softmax in place. Scores more than 30 below the best contribute under e^-30 of the mass: they
 * are set to 0 without calling exp, which matters when most of 10k FAQs are far off.
 */
export function softmaxInPlace(s: Float32Array | Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < s.length; c++) if (s[c] > max) max = s[c];
  if (!Number.isFinite(max)) {
    s.fill(0);
    return;
  }
  const floor = max - 30;
  let z = 0;
  for (let c = 0; c < s.length; c++) {
    const v = s[c];
    if (v < floor) s[c] = 0;
    else {
      const e = Math.exp(v - max);
      s[c] = e;
      z += e;
    }
  }
  const inv = 1 / z;
  for (let c = 0; c < s.length; c++) s[c] *= inv;
}

export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i] *= inv;
  }
  return v;
}

/**
 * Trains on (features, label) pairs. `features[i]` are the feature strings of example i
 * (see classifierFeatures), `labels[i]` its FAQ index in [0, numClasses).
 */
export function trainEncoder(features: string[][], labels: Int32Array, numClasses: number, opts: EncoderTrainOptions = {}): TrainedEncoder {
  return trainEncoderHashed(
    features.map((fs) => Uint32Array.from(fs, (f) => hashString(f))),
    labels,
    numClasses,
    opts,
  );
}

/** trainEncoder over feature hashes (what crosses a worker boundary cheaply). */
export function trainEncoderHashed(exHashes: Uint32Array[], labels: Int32Array, numClasses: number, opts: EncoderTrainOptions = {}): TrainedEncoder {
  const n = exHashes.length;
  if (n === 0) throw new KbError("EMPTY_KB", "nothing to train on: the knowledge base has no enabled questions");
  const dim = opts.dim ?? 32;
  const epochs = opts.epochs ?? defaultEpochs(n);
  const lr0 = opts.lr ?? 1;
  const random = rng(opts.seed ?? 1);
  const useNs = numClasses > (opts.maxFullSoftmaxClasses ?? 300);
  const negs = opts.negatives ?? 10;
  const dropout = opts.dropout ?? 0.5;

  // Vocabulary of feature hashes seen in the KB (in at least minCount examples).
  const minCount = opts.minCount ?? 1;
  const count = new Map<number, number>();
  if (minCount > 1) for (const hs of exHashes) for (const h of new Set(hs)) count.set(h, (count.get(h) ?? 0) + 1);
  const rowOf = new Map<number, number>();
  const hashes: number[] = [];
  const exRows: Int32Array[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const rows: number[] = [];
    for (const h of exHashes[i]) {
      if (minCount > 1 && count.get(h)! < minCount) continue;
      let r = rowOf.get(h);
      if (r === undefined) {
        r = hashes.length;
        rowOf.set(h, r);
        hashes.push(h);
      }
      rows.push(r);
    }
    exRows[i] = Int32Array.from(rows);
  }
  const rowsCount = hashes.length;
  const input = new Float32Array(rowsCount * dim);
  const scale = 1 / dim;
  for (let i = 0; i < input.length; i++) input[i] = (random() * 2 - 1) * scale;
  // fastText starts the output layer at zero.
  const output = new Float32Array(numClasses * dim);

  let maxRows = 0;
  for (const r of exRows) maxRows = Math.max(maxRows, r.length);
  const dropBuf = new Int32Array(maxRows);
  const h = new Float32Array(dim);
  const grad = new Float32Array(dim);
  const scores = new Float32Array(numClasses);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const total = epochs * n;
  let step = 0;

  for (let ep = 0; ep < epochs; ep++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (let oi = 0; oi < n; oi++) {
      const ex = order[oi];
      let rows = exRows[ex];
      if (dropout > 0 && rows.length > 3) {
        // Feature dropout: each pass sees a random subset, so the model cannot lean on one
        // n-gram per variant (helps most on KBs with few variants per FAQ).
        let m = 0;
        for (let k = 0; k < rows.length; k++) if (random() >= dropout) dropBuf[m++] = rows[k];
        if (m > 0) rows = dropBuf.subarray(0, m);
      }
      const lr = lr0 * (1 - step / total);
      step++;
      if (rows.length === 0) continue;
      sgdStep(input, output, rows, labels[ex], dim, numClasses, lr, useNs, negs, random, h, grad, scores);
    }
    opts.onProgress?.(ep + 1, epochs);
  }
  return new TrainedEncoder(dim, numClasses, Uint32Array.from(hashes), input, output);
}

// Training in a worker thread: calibration trains a second encoder (on the KB minus its
// held-out variants) at the same time as the final one, one per core.
const WORKER_CODE = `
const { workerData, parentPort } = require("node:worker_threads");
(async () => {
  if (workerData.url.endsWith(".ts")) { const api = await import("tsx/esm/api"); api.register(); }
  const mod = await import(workerData.url);
  const enc = mod.trainEncoderHashed(workerData.hashes, workerData.labels, workerData.numClasses, workerData.opts);
  const s = enc.serialize();
  parentPort.postMessage({ ok: true, s }, [s.hashes.buffer, s.input.buffer, s.output.buffer]);
})().catch((e) => parentPort.postMessage({ ok: false, error: String((e && e.stack) || e) }));
`;

/**
 * trainEncoderHashed in a worker thread. Rejects when a worker cannot be started or cannot load
 * this module (callers then train in-thread).
 */
export async function trainEncoderInWorker(
  exHashes: Uint32Array[],
  labels: Int32Array,
  numClasses: number,
  opts: Omit<EncoderTrainOptions, "onProgress"> = {},
): Promise<TrainedEncoder> {
  const { Worker } = await import("node:worker_threads");
  return new Promise((resolve, reject) => {
    let worker: InstanceType<typeof Worker>;
    try {
      worker = new Worker(WORKER_CODE, {
        eval: true,
        workerData: { url: import.meta.url, hashes: exHashes, labels, numClasses, opts },
      });
    } catch (e) {
      reject(e);
      return;
    }
    worker.once("message", (m: { ok: true; s: SerializedEncoder } | { ok: false; error: string }) => {
      void worker.terminate();
      if (m.ok) resolve(TrainedEncoder.load(m.s));
      else reject(new KbError("WORKER_FAILED", m.error));
    });
    worker.once("error", (e) => reject(e));
  });
}

// The update step lives in small monomorphic functions so that V8 optimises them as a unit.

function forwardMean(input: Float32Array, rows: Int32Array, dim: number, h: Float32Array): void {
  h.fill(0);
  for (let k = 0; k < rows.length; k++) {
    const off = rows[k] * dim;
    for (let j = 0; j < dim; j++) h[j] += input[off + j];
  }
  const invLen = 1 / rows.length;
  for (let j = 0; j < dim; j++) h[j] *= invLen;
}

function backwardInput(input: Float32Array, rows: Int32Array, dim: number, grad: Float32Array): void {
  const invLen = 1 / rows.length;
  for (let j = 0; j < dim; j++) grad[j] *= invLen;
  for (let k = 0; k < rows.length; k++) {
    const off = rows[k] * dim;
    for (let j = 0; j < dim; j++) input[off + j] += grad[j];
  }
}

/** Output row c · h: the score of class c, in training and in the unrolled logits' fallback alike. */
function outputDot(output: Float32Array, c: number, dim: number, h: Float32Array): number {
  const off = c * dim;
  let s = 0;
  for (let j = 0; j < dim; j++) s += output[off + j] * h[j];
  return s;
}

/**
 * The SGD step on output row c that both losses share: grad += alpha · row (the row before this
 * step, read and written in one pass), row += alpha · h.
 */
function updateOutputRow(output: Float32Array, c: number, dim: number, alpha: number, h: Float32Array, grad: Float32Array): void {
  const off = c * dim;
  for (let j = 0; j < dim; j++) {
    const o = output[off + j];
    grad[j] += alpha * o;
    output[off + j] = o + alpha * h[j];
  }
}

/**
 * One training example: h = mean of its input rows, an output-layer pass (full softmax, or
 * negative sampling for many classes) that updates the output rows and collects the gradient
 * for h, then that gradient back into the input rows. The hidden-layer half is the same for both
 * losses, so it is written once here.
 */
function sgdStep(
  input: Float32Array,
  output: Float32Array,
  rows: Int32Array,
  label: number,
  dim: number,
  numClasses: number,
  lr: number,
  useNs: boolean,
  negs: number,
  random: () => number,
  h: Float32Array,
  grad: Float32Array,
  scores: Float32Array,
): void {
  forwardMean(input, rows, dim, h);
  grad.fill(0);
  if (useNs) negativeSamplingPass(output, label, dim, numClasses, lr, negs, random, h, grad);
  else softmaxPass(output, label, dim, numClasses, lr, h, grad, scores);
  backwardInput(input, rows, dim, grad);
}

function softmaxPass(
  output: Float32Array,
  label: number,
  dim: number,
  numClasses: number,
  lr: number,
  h: Float32Array,
  grad: Float32Array,
  scores: Float32Array,
): void {
  let max = -Infinity;
  for (let c = 0; c < numClasses; c++) {
    const s = outputDot(output, c, dim, h);
    scores[c] = s;
    if (s > max) max = s;
  }
  let z = 0;
  for (let c = 0; c < numClasses; c++) {
    const e = Math.exp(scores[c] - max);
    scores[c] = e;
    z += e;
  }
  const invZ = 1 / z;
  for (let c = 0; c < numClasses; c++) {
    const alpha = lr * ((c === label ? 1 : 0) - scores[c] * invZ);
    // Tiny updates change nothing measurable; skipping them saves most of the output pass.
    if (alpha > -1e-7 && alpha < 1e-7) continue;
    updateOutputRow(output, c, dim, alpha, h, grad);
  }
}

function negativeSamplingPass(
  output: Float32Array,
  label: number,
  dim: number,
  numClasses: number,
  lr: number,
  negs: number,
  random: () => number,
  h: Float32Array,
  grad: Float32Array,
): void {
  for (let s = 0; s <= negs; s++) {
    let c = label;
    if (s > 0) {
      c = Math.floor(random() * numClasses);
      if (c === label) continue;
    }
    const sig = 1 / (1 + Math.exp(-outputDot(output, c, dim, h)));
    const alpha = lr * ((s === 0 ? 1 : 0) - sig);
    updateOutputRow(output, c, dim, alpha, h, grad);
  }
}
