/**
 * Sentence embeddings from a local transformers.js model folder (issue 3). Remote loading is
 * always off: the hub is unreachable on many of our machines, and a silent download in the
 * middle of a training run is never what a trainer wants. `npm run models:download` fetches
 * models explicitly on machines that have internet.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

import { KbError } from "../errors";
import { normalizeText } from "../normalize";

export interface Embedder {
  /** Changes whenever the vectors would change (model file, pooling, prefix): use it in cache keys and index fingerprints. */
  id: string;
  dim: number;
  /** One unit-length vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export type Pooling = "cls" | "mean";

export interface TransformerEmbedderOptions {
  modelsDir: string;
  /** Hub-style name, e.g. "Xenova/bge-small-zh-v1.5"; the folder is `<modelsDir>/<name>`. */
  name: string;
  /** Default: "mean" for e5 models, "cls" otherwise (bge uses its CLS token). */
  pooling?: Pooling;
  /** Default: "query: " for e5 models (their card asks for it on symmetric tasks), none otherwise. */
  queryPrefix?: string;
  /** Texts per forward pass. */
  batchSize?: number;
  /** Token limit per text; FAQ questions are short, and attention cost grows with the square. */
  maxLength?: number;
}

export const DEFAULT_MODEL = "Xenova/bge-small-zh-v1.5";

/** Files a model folder needs; the ONNX file is one of ONNX_FILES. */
export const MODEL_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json"] as const;
export const ONNX_FILES = ["onnx/model_quantized.onnx", "onnx/model.onnx"] as const;

function isE5(name: string) {
  return /(^|[/-])(multilingual-)?e5(-|$)/i.test(name);
}

export function defaultPooling(name: string): Pooling {
  return isE5(name) ? "mean" : "cls";
}

export function defaultQueryPrefix(name: string): string {
  return isE5(name) ? "query: " : "";
}

function onnxFileIn(dir: string): string | null {
  for (const f of ONNX_FILES) if (existsSync(path.join(dir, f))) return f;
  return null;
}

function isModelDir(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
  } catch {
    return false;
  }
  return MODEL_FILES.every((f) => existsSync(path.join(dir, f))) && onnxFileIn(dir) !== null;
}

/** Installed model names ("org/name", or "name" for a folder directly under modelsDir), sorted. */
export function listInstalledModels(modelsDir: string): string[] {
  const found: string[] = [];
  const visible = (d: string) => {
    try {
      return readdirSync(d, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith(".") && !e.name.includes(".download-"))
        .map((e) => e.name);
    } catch {
      return [];
    }
  };
  for (const top of visible(modelsDir)) {
    const topDir = path.join(modelsDir, top);
    if (isModelDir(topDir)) {
      found.push(top);
      continue;
    }
    for (const sub of visible(topDir)) if (isModelDir(path.join(topDir, sub))) found.push(`${top}/${sub}`);
  }
  return found.sort();
}

/**
 * Pools the last hidden state [batch, seq, hidden] into one unit-length vector per row. Mean
 * pooling only averages real tokens (attention mask), never padding.
 */
export function poolAndNormalize(hidden: Float32Array, dims: readonly number[], attentionMask: ArrayLike<bigint | number>, pooling: Pooling): Float32Array[] {
  const [batch, seq, dim] = dims;
  if (dims.length !== 3 || hidden.length !== batch * seq * dim) {
    throw new KbError("MODEL_LOAD_FAILED", `unexpected model output shape [${dims.join(", ")}]`);
  }
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const v = new Float32Array(dim);
    if (pooling === "cls") {
      v.set(hidden.subarray(b * seq * dim, b * seq * dim + dim));
    } else {
      let n = 0;
      for (let t = 0; t < seq; t++) {
        if (Number(attentionMask[b * seq + t]) === 0) continue;
        n++;
        const off = (b * seq + t) * dim;
        for (let i = 0; i < dim; i++) v[i] += hidden[off + i];
      }
      if (n > 0) for (let i = 0; i < dim; i++) v[i] /= n;
    }
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < dim; i++) v[i] /= norm;
    out.push(v);
  }
  return out;
}

async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

// transformers.js keeps its settings in one global `env`; loads that point it at different
// folders must not interleave.
let loadQueue: Promise<unknown> = Promise.resolve();
function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const run = loadQueue.then(fn, fn);
  loadQueue = run.catch(() => undefined);
  return run;
}

export async function loadTransformerEmbedder(opts: TransformerEmbedderOptions): Promise<Embedder> {
  const modelsDir = path.resolve(opts.modelsDir);
  const name = opts.name.replace(/^\/+|\/+$/g, "");
  if (!name || name.split("/").some((p) => p === ".." || p === ".")) {
    throw new KbError("BAD_INPUT", `invalid model name "${opts.name}"`);
  }
  const dir = path.join(modelsDir, name);
  const onnxFile = onnxFileIn(dir);
  const missing = MODEL_FILES.filter((f) => !existsSync(path.join(dir, f)));
  if (!existsSync(dir) || missing.length || !onnxFile) {
    const what = !existsSync(dir)
      ? "is not installed"
      : `is incomplete (missing ${[...missing, ...(onnxFile ? [] : ["onnx/model_quantized.onnx"])].join(", ")})`;
    throw new KbError(
      "MODEL_NOT_FOUND",
      `Model ${name} ${what} in ${modelsDir}. Run \`npm run models:download ${name}\` on a machine with internet and copy the folder over.`,
    );
  }
  const pooling = opts.pooling ?? defaultPooling(name);
  const prefix = opts.queryPrefix ?? defaultQueryPrefix(name);
  const batchSize = Math.max(1, opts.batchSize ?? 32);
  const quantized = onnxFile === "onnx/model_quantized.onnx";

  const config = JSON.parse(await fs.readFile(path.join(dir, "config.json"), "utf8")) as { hidden_size?: number };
  const fileHash = (await sha256File(path.join(dir, onnxFile))).slice(0, 12);

  const { tokenizer, model } = await serialized(async () => {
    const tf = await import("@xenova/transformers");
    tf.env.allowRemoteModels = false;
    tf.env.allowLocalModels = true;
    tf.env.localModelPath = modelsDir.endsWith(path.sep) ? modelsDir : modelsDir + path.sep;
    tf.env.cacheDir = path.join(modelsDir, ".cache");
    try {
      const tokenizer = await tf.AutoTokenizer.from_pretrained(name);
      const model = await tf.AutoModel.from_pretrained(name, { quantized });
      return { tokenizer, model };
    } catch (e) {
      throw new KbError("MODEL_LOAD_FAILED", `Could not load model ${name} from ${dir}: ${(e as Error).message}`);
    }
  });

  // Some tokenizer configs say 1e30 for "no limit"; BERT-style position tables stop at 512.
  const tokenizerMax = (tokenizer as unknown as { model_max_length?: number }).model_max_length;
  const maxLength = opts.maxLength ?? Math.min(tokenizerMax && tokenizerMax > 0 ? tokenizerMax : 512, 512);

  async function embedBatch(texts: string[]): Promise<Float32Array[]> {
    const inputs = await tokenizer(texts, { padding: true, truncation: true, max_length: maxLength });
    let output: Record<string, { data: Float32Array; dims: number[] }>;
    try {
      output = await model(inputs);
    } catch (e) {
      throw new KbError("MODEL_LOAD_FAILED", `Model ${name} failed to run: ${(e as Error).message}`);
    }
    const hidden = output.last_hidden_state ?? output[Object.keys(output)[0]];
    const mask = (inputs as { attention_mask: { data: BigInt64Array } }).attention_mask.data;
    return poolAndNormalize(hidden.data, hidden.dims, mask, pooling);
  }

  // Probe once so that `dim` is what the model really outputs, not only what config.json claims.
  const [probe] = await embedBatch(["测试"]);
  const dim = probe.length;
  if (config.hidden_size !== undefined && config.hidden_size !== dim) {
    throw new KbError("DIMENSION_MISMATCH", `Model ${name} outputs ${dim} dimensions but config.json says ${config.hidden_size}`);
  }

  const id = `${name}@${fileHash}/${pooling}${prefix ? `/prefix=${JSON.stringify(prefix)}` : ""}`;
  return {
    id,
    dim,
    async embed(texts: string[]): Promise<Float32Array[]> {
      // The same normalization as everywhere else, so that the cache key (withCache) and the
      // embedded text always agree.
      const prepared = texts.map((t) => prefix + normalizeText(t));
      const out: Float32Array[] = [];
      for (let i = 0; i < prepared.length; i += batchSize) out.push(...(await embedBatch(prepared.slice(i, i + batchSize))));
      return out;
    },
  };
}

/** Where vectors computed before are kept; the app implements it over its database. */
export interface EmbeddingCache {
  get(model: string, textHashes: string[]): Promise<Map<string, Float32Array>>;
  put(model: string, entries: { hash: string; vector: Float32Array }[]): Promise<void>;
}

/** sha256 (hex) of the normalized text: the cache key of an embedding. */
export function textHash(text: string): string {
  return createHash("sha256").update(normalizeText(text), "utf8").digest("hex");
}

/**
 * Serves known texts from the cache and embeds only the others (each distinct text once), then
 * stores the new vectors. Cached vectors of another dimension are treated as missing.
 */
export function withCache(embedder: Embedder, cache: EmbeddingCache): Embedder {
  return {
    id: embedder.id,
    dim: embedder.dim,
    async embed(texts: string[]): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      const hashes = texts.map(textHash);
      const unique = [...new Set(hashes)];
      const known = await cache.get(embedder.id, unique);
      const missingHashes: string[] = [];
      const missingTexts: string[] = [];
      const seen = new Set<string>();
      hashes.forEach((h, i) => {
        const v = known.get(h);
        if ((v && v.length === embedder.dim) || seen.has(h)) return;
        seen.add(h);
        missingHashes.push(h);
        missingTexts.push(texts[i]);
      });
      const fresh = new Map<string, Float32Array>();
      if (missingTexts.length) {
        const vectors = await embedder.embed(missingTexts);
        const entries = missingHashes.map((hash, i) => ({ hash, vector: vectors[i] }));
        for (const e of entries) fresh.set(e.hash, e.vector);
        await cache.put(embedder.id, entries);
      }
      return hashes.map((h) => fresh.get(h) ?? known.get(h)!);
    },
  };
}

/** An in-memory EmbeddingCache, for tests and for one-off CLI runs. */
export class MemoryEmbeddingCache implements EmbeddingCache {
  private readonly store = new Map<string, Float32Array>();
  gets = 0;
  puts = 0;

  async get(model: string, textHashes: string[]): Promise<Map<string, Float32Array>> {
    this.gets++;
    const out = new Map<string, Float32Array>();
    for (const h of textHashes) {
      const v = this.store.get(`${model}\u0000${h}`);
      if (v) out.set(h, v);
    }
    return out;
  }

  async put(model: string, entries: { hash: string; vector: Float32Array }[]): Promise<void> {
    this.puts++;
    for (const e of entries) this.store.set(`${model}\u0000${e.hash}`, e.vector);
  }

  get size(): number {
    return this.store.size;
  }
}
