import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { buildEngine, type Engine, findNearDuplicates, type KbInput, loadEngine } from "./engine";
import { KbError } from "./errors";
import { SHOP_KB, SHOP_PARAPHRASES } from "./fixtures/shop-kb";
import { BruteForceIndex, type HnswVectorIndex, loadHnswIndex } from "./vector-index";

let engine: Engine;

beforeAll(async () => {
  engine = await buildEngine(SHOP_KB, { encoders: "trained" });
});

describe("matching", () => {
  it("puts unseen colloquial paraphrases (typos included) on the right FAQ", () => {
    const misses = SHOP_PARAPHRASES.filter(([q, faq]) => engine.match(q, { k: 1 })[0]?.faqId !== faq);
    expect(misses).toEqual([]);
  });

  it("a phrasing the KB holds, typed exactly, is its FAQ above the answer threshold — even one closer to another FAQ", async () => {
    // A trainer files 什么时候发货呀 under the fee FAQ and 运费多少 under the courier FAQ (as the
    // simulator's "+" does): the fused scores alone put them elsewhere (0.96 on ship-when; ship-courier
    // not even second), yet they now belong where the trainer put them.
    const add: Record<string, string> = { "ship-fee": "什么时候发货呀", "ship-courier": "运费多少" };
    const kb: KbInput = { ...SHOP_KB, faqs: SHOP_KB.faqs.map((f) => (add[f.id] ? { ...f, variants: [...(f.variants ?? []), add[f.id]] } : f)) };
    const e = await buildEngine(kb, { encoders: "trained" });
    for (const f of kb.faqs)
      for (const text of [f.question, ...(f.variants ?? [])]) {
        const [top] = e.match(text);
        expect({ text, faq: top.faqId }).toEqual({ text, faq: f.id });
        expect(top.confidence).toBeGreaterThanOrEqual(e.calibration.answerThreshold);
      }
    // Normalization: full-width punctuation, spaces and case do not make it inexact.
    expect(e.match(" 运费多少？ ")[0]).toMatchObject({ faqId: "ship-courier" });
    expect(e.match("运费多少！")[0].confidence).toBeGreaterThanOrEqual(e.calibration.answerThreshold);
    // One character more is no longer exact: the fused scores decide again.
    expect(e.match("什么时候发货呀亲")[0].faqId).toBe("ship-when");
  });

  it("is robust to a one-character typo (微粒货 for 微粒贷)", () => {
    const [top] = engine.match("微粒货可以分期吗");
    expect(top.faqId).toBe("weilidai");
    expect(top.confidence).toBeGreaterThanOrEqual(engine.calibration.answerThreshold);
  });

  it("returns calibrated confidences in [0,1], best first, with per-retriever scores", () => {
    const res = engine.match("退货运费谁承担", { k: 5 });
    expect(res.length).toBe(5);
    for (const r of res) {
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      expect(typeof r.scores.bm25).toBe("number");
      expect(typeof r.scores.trained).toBe("number");
    }
    for (let i = 1; i < res.length; i++) expect(res[i - 1].confidence).toBeGreaterThanOrEqual(res[i].confidence);
    expect(res[0].faqId).toBe("return-fee");
  });

  it("gives out-of-scope text a low confidence: never answered", () => {
    for (const q of ["今天股市怎么样", "你们老板是谁啊", "推荐一部好看的电影"]) {
      const [top] = engine.match(q);
      expect(top?.confidence ?? 0).toBeLessThan(Math.min(0.3, engine.calibration.answerThreshold));
    }
  });

  it("places the clarify threshold so that few held-out in-scope questions fall below it", () => {
    const c = engine.calibration;
    // The costliest failure is the fallback reply when the bot had the FAQ: the clarify band is wide.
    expect(c.clarifyThreshold).toBeLessThan(c.answerThreshold / 2);
    const below = SHOP_PARAPHRASES.filter(([q]) => (engine.match(q, { k: 1 })[0]?.confidence ?? 0) < c.clarifyThreshold);
    expect(below.length).toBeLessThanOrEqual(Math.ceil(SHOP_PARAPHRASES.length * 0.1));
  });

  it("calibrates thresholds from the KB alone (clarify <= answer, both in (0,1))", () => {
    const c = engine.calibration;
    expect(c.source).toBe("held-out");
    expect(c.answerThreshold).toBeGreaterThan(0);
    expect(c.answerThreshold).toBeLessThan(1);
    expect(c.clarifyThreshold).toBeGreaterThan(0);
    expect(c.clarifyThreshold).toBeLessThanOrEqual(c.answerThreshold);
    expect(c.heldOut.negatives).toBe(SHOP_KB.negatives!.length);
  });

  it("honours threshold and weight overrides", async () => {
    const e = await buildEngine(SHOP_KB, {
      encoders: "lexical",
      overrides: { answerThreshold: 0.9, clarifyThreshold: 0.4, weights: { bm25_mean3: 5 }, bias: -2 },
    });
    expect(e.calibration.answerThreshold).toBe(0.9);
    expect(e.calibration.clarifyThreshold).toBe(0.4);
    expect(e.calibration.source).toBe("override");
    const [top] = e.match("请问什么时候发货");
    // With only bm25_mean3 weighted, the confidence is exactly sigmoid(5 * bm25 - 2).
    expect(top.confidence).toBeCloseTo(1 / (1 + Math.exp(-(5 * top.scores.bm25 - 2))), 3);
  });

  it("skips disabled FAQs and rejects an empty KB with a code", async () => {
    const kb: KbInput = { faqs: [{ id: "a", question: "怎么退货", enabled: false }] };
    await expect(buildEngine(kb)).rejects.toMatchObject({ code: "EMPTY_KB" });
    await expect(buildEngine(kb)).rejects.toBeInstanceOf(KbError);
  });
});

describe("thresholds from the trainers' labels", () => {
  const variants = SHOP_KB.faqs.flatMap((f) => (f.variants ?? []).slice(0, 1).map((text) => ({ text, faq: f.id })));
  const labeled: KbInput["labeled"] = [
    ...SHOP_PARAPHRASES.map(([text, faq]) => ({ text, faq })),
    ...variants,
    { text: "今天股市怎么样", faq: null },
    { text: "推荐一部好看的电影", faq: null },
    { text: "你们老板是谁啊", faq: null },
    // An FAQ that is gone says nothing about this KB.
    { text: "会员积分怎么兑换", faq: "deleted-faq" },
  ];

  it("follow the labels once there are enough, counting labeled variants by their held-out result", async () => {
    const e = await buildEngine({ ...SHOP_KB, labeled }, { encoders: "trained" });
    const c = e.calibration;
    expect(c.thresholdsFrom).toBe("labels");
    expect(c.labels).toEqual({ inScope: SHOP_PARAPHRASES.length + variants.length, outOfScope: 3 });
    expect(c.clarifyThreshold).toBeLessThanOrEqual(c.answerThreshold);
    // Matching is untouched: labels only calibrate.
    expect(e.match("退货的运费要我出吗")[0].faqId).toBe("return-fee");
    expect(c.answerThreshold).not.toBe(engine.calibration.answerThreshold);
  });

  it("stay with the held-out variants while labels are few", async () => {
    const e = await buildEngine({ ...SHOP_KB, labeled: labeled.slice(0, 5) }, { encoders: "trained" });
    expect(e.calibration.thresholdsFrom).toBe("held-out");
    expect(e.calibration.answerThreshold).toBe(engine.calibration.answerThreshold);
    expect(e.calibration.clarifyThreshold).toBe(engine.calibration.clarifyThreshold);
  });
});

describe("synonyms", () => {
  const base: KbInput = {
    faqs: [
      { id: "ship", question: "什么时候发货", variants: ["几天发货", "多久发货"] },
      { id: "out", question: "什么时候到货", variants: ["几天到", "多久能到"] },
    ],
  };

  it("rewrite at index and query time changes the match", async () => {
    const without = await buildEngine(base, { encoders: "lexical", overrides: { weights: { bm25_mean3: 4, tfidf_max: 2 }, bias: -3 } });
    const withSyn = await buildEngine(
      { ...base, synonyms: [["发货", "寄出"]] },
      { encoders: "lexical", overrides: { weights: { bm25_mean3: 4, tfidf_max: 2 }, bias: -3 } },
    );
    const q = "几天寄出";
    const a = without.match(q).find((r) => r.faqId === "ship");
    const b = withSyn.match(q).find((r) => r.faqId === "ship")!;
    expect(b.scores.bm25).toBeGreaterThan(a?.scores.bm25 ?? 0);
    expect(withSyn.match(q)[0].faqId).toBe("ship");
    expect(b.confidence).toBeGreaterThan(a?.confidence ?? 0);
  });
});

describe("large-KB path (HNSW kNN, classifiers scoring candidates only)", () => {
  let big: Engine;
  beforeAll(async () => {
    // ann: true takes the path KBs of 30k+ variants take by default.
    big = await buildEngine(SHOP_KB, { encoders: "trained", ann: true });
  });

  it("still puts the paraphrases on the right FAQ", () => {
    expect(big.usesAnn).toBe(true);
    const misses = SHOP_PARAPHRASES.filter(([q, faq]) => big.match(q, { k: 1 })[0]?.faqId !== faq);
    expect(misses).toEqual([]);
  });

  it("normalises classifier probabilities over the candidates", () => {
    const res = big.match("退货运费谁承担", { k: 50 });
    const sum = res.reduce((a, r) => a + (r.scores.trained ?? 0), 0);
    expect(sum).toBeGreaterThan(0.99);
    expect(sum).toBeLessThan(1.01);
  });

  it("takes a saved HNSW index instead of building one, and only one that fits", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-ann-"));
    try {
      const file = path.join(dir, "ws.hnsw");
      await (big.annIndex as HnswVectorIndex).save(file, "fp-1");
      const saved = await loadHnswIndex(file, { fingerprint: "fp-1" });
      expect(saved).not.toBeNull();
      const loaded = loadEngine(big.serialize(), { annIndex: saved });
      expect(loaded.annIndex).toBe(saved);
      for (const q of ["亲啥时候发货", "退货地址发我"]) expect(loaded.match(q, { k: 3 })).toEqual(big.match(q, { k: 3 }));
      // Stale (another fingerprint) is refused by the loader; a graph of other size by the engine.
      expect(await loadHnswIndex(file, { fingerprint: "fp-2" })).toBeNull();
      const other = new BruteForceIndex(saved!.dim);
      other.add(0, new Float32Array(saved!.dim).fill(0.1));
      const rebuilt = loadEngine(big.serialize(), { annIndex: other });
      expect(rebuilt.annIndex).not.toBe(other);
      expect(rebuilt.annIndex?.size).toBe(saved!.size);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is loaded the way it was calibrated", () => {
    const loaded = loadEngine(big.serialize());
    expect(loaded.usesAnn).toBe(true);
    for (const q of ["亲啥时候发货", "退货地址发我", "今天天气不错"]) expect(loaded.match(q, { k: 3 })).toEqual(big.match(q, { k: 3 }));
  });
});

describe("serialization", () => {
  it("round-trips to identical scores and calibration", () => {
    const bytes = engine.serialize();
    expect(bytes).toBeInstanceOf(Uint8Array);
    const loaded = loadEngine(bytes);
    expect(loaded.calibration).toEqual(engine.calibration);
    for (const q of ["亲啥时候发货", "退货地址发我", "能开发票吗", "今天天气不错"]) {
      expect(loaded.match(q, { k: 5 })).toEqual(engine.match(q, { k: 5 }));
    }
  });

  it("loads from a Node Buffer read from disk (a view into a larger pool)", () => {
    const bytes = engine.serialize();
    // A Buffer that starts inside a larger ArrayBuffer, as fs.readFile's pooled buffers do.
    const pool = Buffer.alloc(bytes.byteLength + 24);
    pool.set(bytes, 16);
    const view = pool.subarray(16, 16 + bytes.byteLength);
    const loaded = loadEngine(view);
    expect(loaded.match("亲啥时候发货", { k: 3 })).toEqual(engine.match("亲啥时候发货", { k: 3 }));
  });

  it("refuses other format versions and garbage with a code", () => {
    expect(() => loadEngine(new Uint8Array([1, 2, 3]))).toThrow(KbError);
    const bytes = engine.serialize();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const jsonLen = view.getUint32(4, true);
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + jsonLen)).replace('"formatVersion":1', '"formatVersion":9');
    const patched = new Uint8Array(bytes);
    patched.set(new TextEncoder().encode(header), 8);
    expect(() => loadEngine(patched)).toThrow(expect.objectContaining({ code: "FORMAT_VERSION" }));
  });
});

describe("similarity and near duplicates", () => {
  it("scores paraphrases above unrelated text, identical text at 1", () => {
    expect(engine.similarity("什么时候发货", "什么时候发货？")).toBe(1);
    const close = engine.similarity("什么时候发货", "啥时候发货呀");
    const far = engine.similarity("什么时候发货", "可以开发票吗");
    expect(close).toBeGreaterThan(far);
    expect(close).toBeLessThanOrEqual(1);
    expect(far).toBeGreaterThanOrEqual(0);
  });

  it("finds near-duplicate variants across the KB", async () => {
    const dups = engine.findNearDuplicates("啥时候发货呀！", { threshold: 0.7 });
    expect(dups[0]).toMatchObject({ faqId: "ship-when", text: "啥时候发货呀", similarity: 1 });
    const lexical = await findNearDuplicates("退货寄到哪里呀", SHOP_KB, { threshold: 0.5 });
    expect(lexical[0].faqId).toBe("return-address");
    expect(engine.findNearDuplicates("今天股市怎么样", { threshold: 0.7 })).toEqual([]);
  });
});
