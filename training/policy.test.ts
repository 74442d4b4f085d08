import { beforeAll, describe, expect, it } from "vitest";

import { buildEngine, type Engine } from "./engine";
import { SHOP_KB } from "./fixtures/shop-kb";
import { appendTurn, decide, DEFAULT_TRANSFER_REPLY, isFollowUp, pickedSuggestion, type PolicyRules, type Session } from "./policy";

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
    // The options: the best, and the others that are plausible (at least a quarter of the clarify threshold).
    expect(clarify.suggestions.length).toBeGreaterThanOrEqual(1);
    expect(clarify.suggestions.length).toBeLessThanOrEqual(3);
    expect(clarify.suggestions[0]).toBe(top.faqId);
    const conf = new Map(engine.match(text, { k: 5 }).map((m) => [m.faqId, m.confidence]));
    for (const id of clarify.suggestions.slice(1)) expect(conf.get(id)!).toBeGreaterThanOrEqual((c - 0.01) / 4);
    const wide = decide(engine, text, fresh(), { answerThreshold: c + 0.01, clarifyThreshold: 0.0001 });
    expect(wide.suggestions).toHaveLength(3);
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

  it("reads the whole utterance: questions about the bot, refusals and product words do not transfer", () => {
    // Each of these fired human_requested when the rule was a substring test.
    for (const t of ["你是真人还是机器人", "人工费多少", "不用转人工了", "人工客服几点上班", "有真人试穿图吗"]) {
      expect(decide(engine, t, fresh()).decision, t).not.toBe("transfer");
    }
    expect(decide(engine, "叫你们客服出来", fresh())).toMatchObject({ decision: "transfer", reason: "human_requested" });
    expect(decide(engine, "不是投诉 就问问", fresh()).decision).not.toBe("transfer");
  });

  it("a transfer carries the reply the channel sends: the default, or the workspace's", () => {
    const r = decide(engine, "转人工", fresh());
    expect(r.reply).toBe(DEFAULT_TRANSFER_REPLY);
    expect(r.reply).toBe("好的亲，正在为您转接人工客服，请稍等～");
    expect(decide(engine, "我要投诉", fresh(), { transferReply: "马上为您转接～" }).reply).toBe("马上为您转接～");
    const s = appendTurn(fresh(), "今天股市行情怎么样", decide(engine, "今天股市行情怎么样", fresh()));
    const failed = decide(engine, "推荐一部好看的电影", s, { transferReply: "马上为您转接～" });
    expect(failed).toMatchObject({ decision: "transfer", reason: "repeated_failure", reply: "马上为您转接～" });
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
    expect(["no_answer", "clarify"]).toContain(first.decision);
    s = appendTurn(s, "今天股市行情怎么样", first);
    const second = decide(engine, "推荐一部好看的电影", s);
    expect(second).toMatchObject({ decision: "transfer", reason: "repeated_failure" });
    // With N = 3 the second failure is still a plain no_answer or clarify.
    expect(["no_answer", "clarify"]).toContain(decide(engine, "推荐一部好看的电影", s, { maxFailures: 3 }).decision);
    // An answer in between resets the count.
    const answered = appendTurn(s, "什么时候发货", decide(engine, "什么时候发货", s));
    expect(["no_answer", "clarify"]).toContain(decide(engine, "推荐一部好看的电影", answered).decision);
  });
});

describe("repeated failure: a customer who is stuck, not one who chats", () => {
  // Thresholds wide apart, so that a real question lands in clarify and chit-chat in no_answer.
  const rules: PolicyRules = { answerThreshold: 0.999, clarifyThreshold: 0.3 };
  const say = (s: Session, text: string, r: PolicyRules = rules) => {
    const result = decide(engine, text, s, r);
    return { result, session: appendTurn(s, text, result) };
  };

  it("a clarify, the customer picks an offered question by its number, then thanks: no transfer", () => {
    const a = say(fresh(), "退货运费怎么算");
    expect(a.result.decision).toBe("clarify");
    const b = say(a.session, "2");
    expect(b.result).toMatchObject({ decision: "answer", faqId: a.result.suggestions[1], followUp: true });
    expect(b.result.reply).toBe(engine.getFaq(a.result.suggestions[1])?.answer);
    const c = say(b.session, "谢谢");
    expect(c.result.decision).toBe("no_answer");
    const d = say(c.session, "好的");
    expect(d.result.decision).toBe("no_answer");
    const e = say(d.session, "嗯嗯好的亲");
    expect(e.result.decision).toBe("no_answer");
  });

  it("picks: 第一个, 选3, or the offered question itself", () => {
    const offered = ["return-fee", "ship-fee", "return-how"];
    expect(pickedSuggestion(engine, "第一个", offered)).toBe("return-fee");
    expect(pickedSuggestion(engine, "选3", offered)).toBe("return-how");
    expect(pickedSuggestion(engine, "运费怎么算？", offered)).toBe("ship-fee");
    expect(pickedSuggestion(engine, "4", offered)).toBeNull();
    expect(pickedSuggestion(engine, "2个都要退", offered)).toBeNull();
  });

  it("chit-chat neither counts nor breaks a streak of failed questions", () => {
    const a = say(fresh(), "今天股市行情怎么样");
    expect(a.result.decision).toBe("no_answer");
    const b = say(a.session, "你好");
    expect(b.result.decision).toBe("no_answer");
    const c = say(b.session, "推荐一部好看的电影");
    expect(c.result).toMatchObject({ decision: "transfer", reason: "repeated_failure" });
  });

  it("only chit-chat never transfers", () => {
    let s = fresh();
    for (const t of ["你好", "在吗", "谢谢", "好的", "👍"]) {
      const r = say(s, t);
      expect(r.result.decision, t).not.toBe("transfer");
      s = r.session;
    }
  });

  it("a clarify answered by a pick resets; the next failures count from zero", () => {
    const a = say(fresh(), "退货运费怎么算");
    const b = say(a.session, "1");
    expect(b.result.decision).toBe("answer");
    const c = say(b.session, "今天股市行情怎么样");
    expect(c.result.decision).toBe("no_answer");
    expect(say(c.session, "推荐一部好看的电影").result).toMatchObject({ decision: "transfer", reason: "repeated_failure" });
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

  it("the README example: 什么时候发货, then 那运费呢 answers the shipping fee", () => {
    const q1 = "什么时候发货";
    const r1 = decide(engine, q1, fresh());
    expect(r1).toMatchObject({ decision: "answer", faqId: "ship-when" });
    const s = appendTurn(fresh(), q1, r1);
    // Alone, 运费 reads as the return fee (that FAQ has more 运费 variants) …
    expect(decide(engine, "那运费呢", fresh()).faqId).toBe("return-fee");
    // … in this conversation it is the shipping fee (ship-when → ship-courier → ship-fee).
    const r2 = decide(engine, "那运费呢", s);
    expect(r2).toMatchObject({ decision: "answer", faqId: "ship-fee", followUp: true });
    expect(r2.matchedText).toContain(q1);
    expect(r2.reply).toContain("包邮");
  });

  it("the conversation picks between near readings; a change of subject keeps the message's own reading", () => {
    const s = appendTurn(fresh(), "我想退货怎么弄", decide(engine, "我想退货怎么弄", fresh()));
    // 地址 alone reads as changing the delivery address; after 退货 it is the return address.
    expect(decide(engine, "那地址呢", s).faqId).toBe("return-address");
    const shipped = appendTurn(fresh(), "什么时候发货", decide(engine, "什么时候发货", fresh()));
    expect(decide(engine, "还有退货呢", shipped)).toMatchObject({ decision: "answer", faqId: "return-how" });
  });

  it("keeps only recent turns", () => {
    let s = fresh();
    for (let i = 0; i < 15; i++) s = appendTurn(s, `问题${i}`, { decision: "answer", faqId: "ship-when", matchedText: `问题${i}` });
    expect(s.turns).toHaveLength(10);
    expect(s.turns[0].text).toBe("问题5");
  });
});
