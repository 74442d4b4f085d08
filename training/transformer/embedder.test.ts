import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { KbError } from "../errors";
import { createHnswIndex, loadHnswIndex } from "../vector-index";
import { type Embedder, listInstalledModels, loadTransformerEmbedder, MemoryEmbeddingCache, poolAndNormalize, textHash, withCache } from "./embedder";
import { tinyVocab, writeTinyBertModel } from "./tiny-model";

const SENTENCES = [
  "怎么退货？",
  "我想退款",
  "发什么快递？几天能到",
  "这件衣服有没有L码",
  "优惠券怎么用不了",
  "iPhone 15 Pro 有现货吗",
  "可以开发票吗",
  "订单一直没发货",
];

let modelsDir: string;
let cls: Embedder;

function norm(v: Float32Array) {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}
function dot(a: Float32Array, b: Float32Array) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

beforeAll(async () => {
  modelsDir = await fs.mkdtemp(path.join(os.tmpdir(), "kb-models-"));
  await writeTinyBertModel(path.join(modelsDir, "test", "tiny-bert-zh"), { hidden: 32, seed: 7 });
  await writeTinyBertModel(path.join(modelsDir, "test", "tiny-e5"), { hidden: 24, seed: 8, onnxFile: "model.onnx" });
  cls = await loadTransformerEmbedder({ modelsDir, name: "test/tiny-bert-zh" });
});

afterAll(async () => {
  await fs.rm(modelsDir, { recursive: true, force: true });
});

describe("tiny model generator", () => {
  it("writes a Chinese character vocabulary with the BERT special tokens first", () => {
    const vocab = tinyVocab();
    expect(vocab.slice(0, 5)).toEqual(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]);
    expect(new Set(vocab).size).toBe(vocab.length);
    for (const ch of "怎么退货款快递发票优惠券订单") expect(vocab).toContain(ch);
    expect(vocab.length).toBeGreaterThan(3000);
    expect(tinyVocab(true).length).toBeGreaterThan(6500);
  });
});

describe("listInstalledModels", () => {
  it("lists complete model folders only", async () => {
    await fs.mkdir(path.join(modelsDir, "broken", "no-onnx"), { recursive: true });
    await fs.writeFile(path.join(modelsDir, "broken", "no-onnx", "config.json"), "{}");
    expect(listInstalledModels(modelsDir)).toEqual(["test/tiny-bert-zh", "test/tiny-e5"]);
    expect(listInstalledModels(path.join(modelsDir, "nowhere"))).toEqual([]);
  });
});

describe("loadTransformerEmbedder", () => {
  it("embeds Chinese text into unit vectors of the model's dimension, deterministically", async () => {
    expect(cls.dim).toBe(32);
    expect(cls.id).toMatch(/^test\/tiny-bert-zh@[0-9a-f]{12}\/cls$/);
    const a = await cls.embed(SENTENCES);
    expect(a).toHaveLength(SENTENCES.length);
    for (const v of a) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(32);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    const b = await cls.embed([...SENTENCES].reverse());
    a.forEach((v, i) => expect(Array.from(b[SENTENCES.length - 1 - i])).toEqual(Array.from(v)));
    // Different texts give different vectors, even through CLS pooling.
    expect(dot(a[0], a[1])).toBeLessThan(0.9999);
    expect(await cls.embed([])).toEqual([]);
  });

  it("batches without changing results, and normalizes text first", async () => {
    const small = await loadTransformerEmbedder({ modelsDir, name: "test/tiny-bert-zh", batchSize: 3 });
    expect(small.id).toBe(cls.id);
    const one = await cls.embed(SENTENCES);
    const three = await small.embed(SENTENCES);
    one.forEach((v, i) => three[i].forEach((x, j) => expect(x).toBeCloseTo(v[j], 5)));
    // Full-width punctuation and letters normalize to the same text, hence the same vector.
    const [x, y] = await cls.embed(["怎么退货？", "怎么退货?"]);
    expect(Array.from(x)).toEqual(Array.from(y));
  });

  it("mean pooling with a prefix (e5 style) and a non-quantized model file", async () => {
    const e5 = await loadTransformerEmbedder({ modelsDir, name: "test/tiny-e5", pooling: "mean", queryPrefix: "query: " });
    expect(e5.dim).toBe(24);
    expect(e5.id).toContain("/mean/prefix=");
    const noPrefix = await loadTransformerEmbedder({ modelsDir, name: "test/tiny-e5", pooling: "mean", queryPrefix: "" });
    expect(noPrefix.id).not.toBe(e5.id);
    const [p] = await e5.embed(["怎么退货"]);
    const [q] = await noPrefix.embed(["怎么退货"]);
    expect(norm(p)).toBeCloseTo(1, 5);
    expect(dot(p, q)).toBeLessThan(0.99999);
    const asCls = await loadTransformerEmbedder({ modelsDir, name: "test/tiny-e5", pooling: "cls", queryPrefix: "" });
    const [c] = await asCls.embed(["怎么退货"]);
    expect(dot(c, q)).toBeLessThan(0.99999);
  });

  it("reports a missing or incomplete model with a coded error", async () => {
    await expect(loadTransformerEmbedder({ modelsDir, name: "Xenova/bge-small-zh-v1.5" })).rejects.toMatchObject({
      code: "MODEL_NOT_FOUND",
      message: expect.stringContaining("models:download"),
    });
    await expect(loadTransformerEmbedder({ modelsDir, name: "broken/no-onnx" })).rejects.toThrow(KbError);
    await expect(loadTransformerEmbedder({ modelsDir, name: "../etc" })).rejects.toMatchObject({ code: "BAD_INPUT" });
  });

  it("reports a damaged model file as MODEL_LOAD_FAILED", async () => {
    const dir = path.join(modelsDir, "test", "damaged");
    await writeTinyBertModel(dir);
    await fs.writeFile(path.join(dir, "onnx", "model_quantized.onnx"), Buffer.from("not an onnx model"));
    // transformers.js warns before retrying with its wasm backend; that noise is expected here.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await expect(loadTransformerEmbedder({ modelsDir, name: "test/damaged" })).rejects.toMatchObject({ code: "MODEL_LOAD_FAILED" });
    } finally {
      warn.mockRestore();
    }
    await fs.rm(dir, { recursive: true });
  });
});

describe("poolAndNormalize", () => {
  it("CLS takes the first token; mean ignores padding", () => {
    // batch 2, seq 3, dim 2; row 2 has one padding token holding garbage.
    const hidden = Float32Array.of(3, 4, 100, 0, 0, 100, /* row 2 */ 1, 0, 0, 1, 90, 0);
    const mask = [1n, 1n, 1n, 1n, 1n, 0n];
    const [c1, c2] = poolAndNormalize(hidden, [2, 3, 2], mask, "cls");
    expect(Array.from(c1)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(Array.from(c2)).toEqual([1, 0]);
    const [, m2] = poolAndNormalize(hidden, [2, 3, 2], mask, "mean");
    expect(m2[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(m2[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(() => poolAndNormalize(hidden, [2, 3, 3], mask, "cls")).toThrow(KbError);
  });
});

describe("withCache", () => {
  it("embeds each distinct normalized text once and serves repeats from the cache", async () => {
    let calls = 0;
    let textsSeen = 0;
    const counting: Embedder = {
      id: cls.id,
      dim: cls.dim,
      embed: async (texts) => {
        calls++;
        textsSeen += texts.length;
        return cls.embed(texts);
      },
    };
    const cache = new MemoryEmbeddingCache();
    const cached = withCache(counting, cache);
    expect(cached.id).toBe(cls.id);
    const first = await cached.embed(["怎么退货？", "怎么退货?", "我想退款", "怎么退货？"]);
    expect(calls).toBe(1);
    expect(textsSeen).toBe(2);
    expect(cache.size).toBe(2);
    expect(Array.from(first[0])).toEqual(Array.from(first[1]));
    expect(Array.from(first[0])).toEqual(Array.from(first[3]));

    const second = await cached.embed(["我想退款", "可以开发票吗"]);
    expect(calls).toBe(2);
    expect(textsSeen).toBe(3);
    expect(Array.from(second[0])).toEqual(Array.from(first[2]));
    const [direct] = await cls.embed(["可以开发票吗"]);
    expect(Array.from(second[1])).toEqual(Array.from(direct));

    await cached.embed(["我想退款"]);
    expect(calls).toBe(2);
    expect(textHash("怎么退货？")).toBe(textHash("怎么退货?"));
    expect(textHash("怎么退货")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("embedder + HNSW index", () => {
  it("indexes embeddings, finds each sentence first, and finds the same after save and reload", async () => {
    const vectors = await cls.embed(SENTENCES);
    const index = createHnswIndex({ dim: cls.dim, capacity: 4 });
    vectors.forEach((v, i) => index.add(100 + i, v));
    const queries = await cls.embed(SENTENCES);
    const before = queries.map((q) => index.search(q, 3));
    before.forEach((hits, i) => {
      expect(hits[0].id).toBe(100 + i);
      expect(hits[0].score).toBeCloseTo(1, 4);
    });
    const file = path.join(modelsDir, "index", "faq.hnsw");
    const fingerprint = `${cls.id}|faqs:v1`;
    await index.save(file, fingerprint);
    const loaded = await loadHnswIndex(file, { dim: cls.dim, fingerprint });
    expect(loaded).not.toBeNull();
    expect(queries.map((q) => loaded!.search(q, 3))).toEqual(before);
    expect(await loadHnswIndex(file, { dim: cls.dim, fingerprint: `other-model|faqs:v1` })).toBeNull();
  });
});
