import { beforeAll, describe, expect, it } from "vitest";

import { buildEngine, type Engine } from "./engine";
import { SHOP_KB } from "./fixtures/shop-kb";
import { appendTurn, decide, isFollowUp, type Session } from "./policy";

let engine: Engine;

beforeAll(async () => {
  engine = await buildEngine(SHOP_KB, { encoders: "trained" });
});

const fresh = (): Session => ({ turns: [] });

describe("decision bands", () => {
  it("answers a clear question with the FAQ, its answer and its related FAQs", () => {
    const r = decide(engine, "亲今天拍的啥时候发货呀", fresh());
    expect(r.decision).toBe("answer");
    expect(r.faqId).toBe("ship-when");
    expect(r.reply).toContain("48小时");
    expect(r.suggestions).toEqual(["ship-courier", "ship-track"]);
    expect(r.reason).toBeNull();
  });

  it("answer / clarify / no_answer follow the two thresholds", () => {
    const text = "退货运费怎么算";
    const [top] = engine.match(text);
    const c = top.confidence;
    // Thresholds placed around the same confidence move the same message across the bands.
    expect(decide(engine, text, fresh(), { answerThreshold: c - 0.01, clarifyThreshold: c - 0.02 }).decision).toBe("answer");
    const clarify = decide(engine, text, fresh(), { answerThreshold: c + 0.01, clarifyThreshold: c - 0.01 });
    expect(clarify.decision).toBe("clarify");
    expect(clarify.suggestions).toHaveLength(3);
    expect(clarify.reply).toMatch(/^您是不是想问：/);
    const none = decide(engine, text, fresh(), { answerThreshold: c + 0.02, clarifyThreshold: c + 0.01, fallbackReply: "兜底回复" });
    expect(none.decision).toBe("no_answer");
    expect(none.reply).toBe("兜底回复");
  });

  it("with the calibrated thresholds, chit-chat far from the KB gets no_answer", () => {
    expect(decide(engine, "今天股市行情怎么样", fresh()).decision).toBe("no_answer");
  });
});

describe("transfer rules", () => {
  it("customer asks for a human", () => {
    for (const t of ["转人工", "我要找人工客服", "有真人吗", "找客服"]) {
      const r = decide(engine, t, fresh());
      expect(r.decision).toBe("transfer");
      expect(r.reason).toBe("human_requested");
    }
    // A product question that merely contains 人工 is not a request for a human.
    expect(decide(engine, "这个是人工智能的吗", fresh()).reason).not.toBe("human_requested");
  });

  it("complaint and strong negative emotion", () => {
    for (const t of ["我要投诉你们", "再不发货给差评", "你们就是骗子", "打12315告你们", "什么垃圾东西"]) {
      const r = decide(engine, t, fresh());
      expect(r.decision).toBe("transfer");
      expect(r.reason).toBe("negative_emotion");
    }
  });

  it("configurable sensitive keywords", () => {
    const rules = { sensitiveKeywords: ["过敏", "律师"] };
    const r = decide(engine, "用了以后皮肤过敏了", fresh(), rules);
    expect(r).toMatchObject({ decision: "transfer", reason: "sensitive_keyword", trigger: "过敏" });
    expect(decide(engine, "什么时候发货", fresh(), rules).decision).toBe("answer");
  });

  it("N consecutive clarify / no_answer turns in a session (default 2, configurable)", () => {
    let s = fresh();
    const first = decide(engine, "今天股市行情怎么样", s);
    expect(first.decision).toBe("no_answer");
    s = appendTurn(s, "今天股市行情怎么样", first);
    const second = decide(engine, "推荐一部好看的电影", s);
    expect(second).toMatchObject({ decision: "transfer", reason: "repeated_failure" });
    // With N = 3 the second failure is still a plain no_answer.
    expect(decide(engine, "推荐一部好看的电影", s, { maxFailures: 3 }).decision).toBe("no_answer");
    // An answer in between resets the count.
    const answered = appendTurn(s, "什么时候发货", decide(engine, "什么时候发货", s));
    expect(decide(engine, "推荐一部好看的电影", answered).decision).toBe("no_answer");
  });
});

describe("multi-turn follow-up", () => {
  it("detects short ambiguous follow-ups", () => {
    for (const t of ["那运费呢", "这个呢", "那退货呢", "那换货呢？"]) expect(isFollowUp(t)).toBe(true);
    for (const t of ["退货运费谁出", "我买的衣服什么时候能发货啊亲"]) expect(isFollowUp(t)).toBe(false);
  });

  it("matches a follow-up together with the previous question", () => {
    let s = fresh();
    const q1 = "我想退货怎么弄";
    const r1 = decide(engine, q1, s);
    expect(r1.faqId).toBe("return-how");
    s = appendTurn(s, q1, r1);
    const r2 = decide(engine, "那运费呢", s);
    expect(r2.followUp).toBe(true);
    expect(r2.matchedText).toContain(q1);
    expect(r2.faqId).toBe("return-fee");
    // The same message in a fresh session is not resolved against anything.
    const alone = decide(engine, "那运费呢", fresh());
    expect(alone.followUp).toBe(false);
  });

  it("keeps only recent turns", () => {
    let s = fresh();
    for (let i = 0; i < 15; i++) s = appendTurn(s, `问题${i}`, { decision: "answer", faqId: "ship-when", matchedText: `问题${i}` });
    expect(s.turns).toHaveLength(10);
    expect(s.turns[0].text).toBe("问题5");
  });
});
