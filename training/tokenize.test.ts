import { describe, expect, it } from "vitest";

import { Bm25Index } from "./bm25";
import { createSynonymRewriter } from "./synonyms";
import { classifierFeatures, lexicalTerms, ngramTerms, stemWord, words } from "./tokenize";

describe("tokens", () => {
  it("Chinese: char unigrams + bigrams, so a one-character typo keeps most terms", () => {
    expect(lexicalTerms("微粒贷")).toEqual(["微", "微粒", "粒", "粒贷", "贷"]);
    const a = new Set(lexicalTerms("能用微粒贷吗"));
    const shared = lexicalTerms("能用微粒货吗").filter((t) => a.has(t));
    expect(shared.length).toBeGreaterThanOrEqual(7);
  });

  it("Latin: lower-case input, light stemming joins inflections", () => {
    expect(stemWord("cards")).toBe(stemWord("card"));
    expect(stemWord("charged")).toBe(stemWord("charge"));
    expect(stemWord("topping")).toBe("top");
    expect(lexicalTerms("my cards arrived")).toEqual(["my", "card", "arriv"]);
    expect(ngramTerms("card")).toContain("#<ca");
  });

  it("jieba words and prefixed classifier features", () => {
    expect(words("什么时候发货")).toEqual(["什么", "时候", "发货"]);
    const f = classifierFeatures("什么时候发货");
    expect(f).toContain("w发货");
    expect(f).toContain("b时候 发货");
    expect(f).toContain("c发货");
  });
});

describe("synonyms", () => {
  it("rewrites every member to the head, longest first, whole words for Latin", () => {
    const syn = createSynonymRewriter([
      ["发货", "寄出", "发出"],
      ["快递", "物流"],
      ["人工客服", "人工"],
      ["ship", "send"],
    ]);
    expect(syn.apply("几天寄出")).toBe("几天发货");
    expect(syn.apply("物流到哪了")).toBe("快递到哪了");
    expect(syn.apply("sender send it")).toBe("sender ship it");
    expect(createSynonymRewriter(undefined).apply("寄出")).toBe("寄出");
  });
});

describe("BM25", () => {
  it("scores by the mean of an FAQ's best 3 variants, normalised by the query's idf", () => {
    const docs = [
      ["退", "退货"],
      ["退", "货"],
      ["快", "快递"],
      ["退", "退货", "货"],
    ];
    const idx = new Bm25Index(docs, Int32Array.from([0, 0, 1, 0]), 2);
    const s = idx.score(["退", "退货"]);
    expect(s.faqs.sort()).toEqual([0]);
    expect(s.max[0]).toBeGreaterThan(s.mean3[0]);
    // An unknown query term lowers the normalised score.
    expect(idx.score(["退", "退货", "股票"]).max[0]).toBeLessThan(s.max[0]);
  });
});

describe("naive Bayes", () => {
  it("predicts the class whose variants share the most features, as a tempered posterior", async () => {
    const { NaiveBayes } = await import("./naive-bayes");
    const { hashString } = await import("./tokenize");
    const H = (t: string) => Uint32Array.from(classifierFeatures(t), hashString);
    const nb = new NaiveBayes([H("什么时候发货"), H("几天发货"), H("怎么退货"), H("我要退货")], Int32Array.from([0, 0, 1, 1]), 2);
    const p = nb.predict(H("多久发货呀"));
    expect(p[0]).toBeGreaterThan(p[1]);
    expect(p[0] + p[1]).toBeCloseTo(1, 5);
    expect(Array.from(nb.predict(H("zzz")))).toEqual([0.5, 0.5]);
  });
});
