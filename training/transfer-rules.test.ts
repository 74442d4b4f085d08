/**
 * The transfer keyword rules read the whole utterance (training/transfer-rules.ts): each row is a
 * customer message, the transfer it must fire (or none), and why. The rows with no transfer were
 * misfires of the old substring test; the rows with one must keep firing.
 */
import { describe, expect, it } from "vitest";

import { DEFAULT_HUMAN_KEYWORDS, EXCLUDED_COMPOUNDS } from "./policy-data";
import { findTransferKeyword, isChitChat, type KeywordRuleKind } from "./transfer-rules";

type Expected = "human_requested" | "negative_emotion" | null;

const REASON: Record<KeywordRuleKind, Expected> = { human: "human_requested", complaint: "negative_emotion", sensitive: null };

const ROWS: [utterance: string, expected: Expected, why: string][] = [
  // Requests for a human.
  ["转人工", "human_requested", "the canonical request"],
  ["我要人工", "human_requested", "要 + 人工"],
  ["人工", "human_requested", "the bare keyword is a request"],
  ["人工人工人工", "human_requested", "repeated, impatient"],
  ["找真人", "human_requested", "找 + 真人"],
  ["给我转个人工客服", "human_requested", "个 between 转 and 人工客服 is no compound"],
  ["叫你们客服出来", "human_requested", "summoning the shop's 客服: a request pattern, no keyword"],
  ["机器人听不懂 我要找人", "human_requested", "the second clause asks for a person"],
  ["有真人吗", "human_requested", "asking whether one is there asks for one"],
  ["有没有人工", "human_requested", "A-not-A question: 没 is no negation here"],
  ["没有人工吗？", "human_requested", "rhetorical 没有…吗 asks for one"],
  ["人工在吗", "human_requested", "is the human there"],
  ["能转人工吗", "human_requested", "a polite request is still a request"],
  ["怎么转人工", "human_requested", "how-to about the transfer itself: they want one now"],
  ["怎么还不转人工", "human_requested", "impatient question, not a refusal"],
  ["为什么不给我转人工", "human_requested", "为什么 … 不: a complaint that asks for one"],
  ["我要的是人工", "human_requested", "的是 is no question about the bot"],
  ["不要机器人", "human_requested", "refusing the bot asks for a human"],
  ["叫个真人来", "human_requested", "叫 + 真人 + 来"],
  ["我要跟人说话", "human_requested", "talking to a person"],
  ["换个人跟我说", "human_requested", "换个人 before 跟我"],
  ["找你们老板", "human_requested", "summoning the shop owner"],
  ["不用了 转人工", "human_requested", "the negation ends with its clause"],
  ["真人客服吗", "human_requested", "no 是: reads as asking for one (the safe side)"],
  ["转人工要等多久", "human_requested", "转人工 is a request by its form, whatever follows"],
  ["转人工！！！", "human_requested", "full-width punctuation"],
  ["转人工?", "human_requested", "half-width punctuation"],
  ["转人工😡😡", "human_requested", "emoji"],
  ["亲 转人工啊啊啊", "human_requested", "colloquial particles"],
  ["ｒｇ", "human_requested", "full-width pinyin initials of 人工"],
  ["rg", "human_requested", "pinyin initials of 人工"],
  ["转仁工", "human_requested", "homophone typo of 人工"],
  ["轉人工", "human_requested", "traditional characters"],
  ["人エ客服", "human_requested", "katakana エ typed for 工"],
  ["human please", "human_requested", "English"],
  ["Ｈｕｍａｎ", "human_requested", "full-width English"],
  ["I want a REAL PERSON", "human_requested", "English, upper case"],
  ["talk to an agent", "human_requested", "English"],
  ["let me speak with someone", "human_requested", "English request pattern, no keyword"],
  // Not a request: part of another word.
  ["人工智能", null, "product word, jieba holds 人工 inside it"],
  ["这个是人工智能的吗", null, "asking about the product"],
  ["人工费多少", null, "labour cost, a longer word"],
  ["人工成本太高了吧", null, "labour cost"],
  ["看了个真人秀", null, "a TV show"],
  ["有真人试穿图吗", null, "product photos on a model (EXCLUDED_COMPOUNDS)"],
  ["这款是真人发吗", null, "human-hair wig"],
  ["人工钻石和天然钻石有什么区别", null, "lab-grown diamonds"],
  ["机器人工作时间", null, "人工 straddles 机器人|工作"],
  ["rgb灯有吗", null, "rg inside an English word"],
  ["is it human hair", null, "English compound"],
  // Not a request: negated.
  ["不用转人工了", null, "the customer declines"],
  ["不要转人工", null, "不要 right before"],
  ["不需要人工客服", null, "不需要 right before"],
  ["别给我转人工了，我自己看看", null, "别 + 给我 + 转人工"],
  ["我没有要转人工", null, "没 + 有 + 要 + 转人工, no question"],
  ["i don't need a human", null, "English negation"],
  // Not a request: a question about the bot being a human (chit-chat).
  ["你是真人还是机器人", null, "asks what the bot is"],
  ["亲你是真人还是机器人呀", null, "the same, colloquial"],
  ["你是人工吗？", null, "是 + 人工 + 吗"],
  ["是不是真人在回复", null, "是不是 + 真人"],
  ["是人工还是机器", null, "a choice question about the bot"],
  ["人工还是机器人回复的", null, "还是 with a bot word in the clause"],
  ["are you human?", null, "English identity question"],
  // Not a request: an FAQ-style question about the human service.
  ["人工客服几点上班", null, "hours: the knowledge base answers it (客服几点上班 in the demo KB)"],
  ["人工客服电话多少", null, "the phone number is an FAQ"],
  ["人工客服上班时间", null, "hours"],
  // No keyword at all, or one that is no longer a keyword.
  ["客服在吗", null, "customers address the bot as 客服"],
  ["有人吗", null, "a greeting like 在吗 (the demo KB answers it)"],
  ["客服电话是多少", null, "the shop's phone number is an FAQ"],
  ["找人代付可以吗", null, "找人 followed by 代付 is about payment"],
  // Complaints.
  ["我要投诉", "negative_emotion", "the canonical complaint"],
  ["再不处理我就投诉", "negative_emotion", "the 不 negates 处理, not 投诉"],
  ["12315举报你们", "negative_emotion", "consumer hotline + 举报"],
  ["怎么投诉快递", "negative_emotion", "decided: asking how to complain means there is a grievance, a human handles it"],
  ["投诉电话多少", "negative_emotion", "the same decision: a complaint channel question"],
  ["快递员态度太差 我要投诉他", "negative_emotion", "complaint in the second clause"],
  ["我要投訴！", "negative_emotion", "traditional characters"],
  ["投拆你们", "negative_emotion", "typo of 投诉"],
  ["什么破东西", "negative_emotion", "strong emotion"],
  ["你们就是骗子😡", "negative_emotion", "emoji"],
  ["人工智能客服太垃圾了", "negative_emotion", "人工 is excluded, 垃圾 still fires"],
  ["不转人工我就给差评", "negative_emotion", "the human request is negated, the threat is not"],
  // Not complaints.
  ["不是投诉 就问问", null, "negated complaint"],
  ["我不是要投诉", null, "不 + 是 + 要 + 投诉"],
  ["不要投诉了 我退货就行", null, "withdrawing a complaint"],
  ["垃圾袋有卖吗", null, "a product"],
  ["包裹有什么破损吗", null, "什么破 overlaps 破损"],
];

describe("transfer keyword rules, table-driven", () => {
  it("holds enough rows", () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(ROWS)("%s → %s (%s)", (utterance, expected) => {
    const hit = findTransferKeyword(utterance);
    expect(hit ? REASON[hit.kind] : null).toBe(expected);
  });
});

describe("workspace keyword lists", () => {
  it("a workspace's own human keywords get the same tests as the built-in ones", () => {
    const human = [...DEFAULT_HUMAN_KEYWORDS, "店长"];
    expect(findTransferKeyword("店长在吗", { human })).toEqual({ kind: "human", trigger: "店长" });
    expect(findTransferKeyword("不用找店长了", { human })).toBeNull();
    expect(findTransferKeyword("你是店长吗", { human })).toBeNull();
    // Without it in the list, the same message fires nothing (店长在吗 has no summoning verb).
    expect(findTransferKeyword("店长在吗")).toBeNull();
  });

  it("a workspace's own complaint keywords, negation included", () => {
    const complaint = ["黑店"];
    expect(findTransferKeyword("你们就是黑店", { complaint })).toEqual({ kind: "complaint", trigger: "黑店" });
    expect(findTransferKeyword("不是黑店吧", { complaint })).toBeNull();
  });

  it("a list given replaces the built-in one, as before", () => {
    expect(findTransferKeyword("我要投诉", { complaint: ["黑店"] })).toBeNull();
  });

  it("sensitive keywords match as written, negated or not, and across spaces", () => {
    const sensitive = ["过敏", "律师"];
    expect(findTransferKeyword("用了以后皮肤过敏了", { sensitive })).toEqual({ kind: "sensitive", trigger: "过敏" });
    expect(findTransferKeyword("不会过敏吧", { sensitive })).toEqual({ kind: "sensitive", trigger: "过敏" });
    expect(findTransferKeyword("我要找 律 师", { sensitive })).toEqual({ kind: "sensitive", trigger: "律师" });
    expect(findTransferKeyword("用了以后皮肤过敏了")).toBeNull();
  });

  it("a human request comes before a complaint, a complaint before a sensitive word", () => {
    expect(findTransferKeyword("我要投诉 转人工", { sensitive: ["投诉"] })?.kind).toBe("human");
    expect(findTransferKeyword("我要投诉", { sensitive: ["投诉"] })?.kind).toBe("complaint");
  });

  it("the compound table is data: every entry protects every keyword", () => {
    expect(EXCLUDED_COMPOUNDS["真人"]).toContain("真人试穿");
    expect(findTransferKeyword("有真人试穿的效果图吗")).toBeNull();
  });
});

describe("chit-chat", () => {
  it.each(["你好", "谢谢", "好的谢谢亲", "嗯嗯", "收到 谢谢", "ok thanks", "👍", "？？", "在吗在吗", "有人吗"])("%s is chit-chat", (t) => {
    expect(isChitChat(t)).toBe(true);
  });

  it.each(["好贵", "可以退吗", "1", "什么时候发货", "谢谢 什么时候发货"])("%s is not", (t) => {
    expect(isChitChat(t)).toBe(false);
  });
});
