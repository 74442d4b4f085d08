import { describe, expect, it } from "vitest";

import { cleanTurn, defaultCleaningSettings, isGreeting, isQuestion, noisePatternError, splitMergedMessage } from "./clean";

describe("cleanTurn", () => {
  it("normalizes, tidies punctuation and masks", () => {
    const r = cleanTurn("这件卫衣有ＸＬ吗？？？！！我电话13812345678");
    expect(r.text).toBe("这件卫衣有xl吗?我电话[手机号]");
    expect(r.masked).toEqual({ mobile: 1 });
    expect(r.noise).toBe(false);
    expect(r.steps).toEqual(["normalize", "punctuation", "mask"]);
  });

  it("unifies platform placeholders and URLs", () => {
    expect(cleanTurn("【图片】这个有货吗").text).toBe("[图片]这个有货吗");
    expect(cleanTurn("[image] [动画表情] [Link] [宝贝链接] [小视频] [语音消息]").text).toBe("[图片] [表情] [链接] [商品卡片] [视频] [语音]");
    expect(cleanTurn("https://item.taobao.com/item.htm?id=6712345 这个还有吗").text).toBe("[链接] 这个还有吗");
  });

  it.each([
    ["在吗", "greeting"],
    ["亲，在吗？", "greeting"],
    ["你好", "greeting"],
    ["谢谢亲😊", "greeting"],
    ["好的，谢谢", "greeting"],
    ["嗯嗯", "greeting"],
    ["OK", "greeting"],
    ["哦", "greeting"],
    ["😂😂", "emoji only"],
    ["[微笑]", "emoji only"],
    ["[图片]", "placeholder only"],
    ["【图片】【图片】", "placeholder only"],
    ["[商品卡片]", "placeholder only"],
    ["系统消息：买家已付款", "system message"],
    ["以下为系统自动回复", "system message"],
    ["买家已确认收货", "system message"],
    ["对方撤回了一条消息", "system message"],
    ["   ", "empty"],
  ])("%s is noise (%s)", (text, reason) => {
    expect(cleanTurn(text).noise).toBe(reason);
  });

  it.each(["你好，这个起球吗", "亲，170斤穿什么码", "[图片] 这个色差大吗", "好的，那我换M码", "在吗 怎么退货"])("%s is content", (text) => {
    expect(cleanTurn(text).noise).toBe(false);
  });

  it("treats a system row as noise whatever it says", () => {
    expect(cleanTurn("客服小美已接入", defaultCleaningSettings, "system").noise).toBe("system message");
  });

  it("keeps or replaces emoji per setting", () => {
    expect(cleanTurn("好看👍有L吗").text).toBe("好看有l吗");
    expect(cleanTurn("好看👍有L吗", { ...defaultCleaningSettings, emoji: "keep" }).text).toBe("好看👍有l吗");
    expect(cleanTurn("好看👍🏻有L吗", { ...defaultCleaningSettings, emoji: "placeholder" }).text).toBe("好看[表情]有l吗");
    expect(cleanTurn("👍", { ...defaultCleaningSettings, emoji: "keep" }).noise).toBe("emoji only");
  });

  it("honours extra noise phrases", () => {
    const s = { ...defaultCleaningSettings, extraNoisePhrases: ["收到请回复"] };
    expect(cleanTurn("收到请回复！", s).noise).toBe("greeting");
    expect(cleanTurn("收到请回复！").noise).toBe(false);
  });
});

describe("isGreeting / isQuestion", () => {
  it("only whole-greeting turns are greetings", () => {
    expect(isGreeting("亲亲在不在呀")).toBe(true);
    expect(isGreeting("在吗在吗")).toBe(true);
    expect(isGreeting("在发货吗")).toBe(false);
    expect(isGreeting("好的我拍了")).toBe(false);
  });
  it("spots questions", () => {
    expect(isQuestion("什么时候发货")).toBe(true);
    expect(isQuestion("有XL吗")).toBe(true);
    expect(isQuestion("我身高170。")).toBe(false);
  });
});

describe("splitMergedMessage", () => {
  it.each<[string, string[]]>([
    ["在吗\n这件卫衣有XL吗\n什么时候发货", ["在吗", "这件卫衣有XL吗", "什么时候发货"]],
    ["我身高170体重130。穿什么码？还有什么时候发货？", ["我身高170体重130。穿什么码？", "还有什么时候发货？"]],
    ["这个会起球吗？色差大不大？", ["这个会起球吗？", "色差大不大？"]],
    ["有XL吗？我165斤", ["有XL吗？我165斤"]],
    ["我想退货\n衣服起球了", ["我想退货\n衣服起球了"]],
    ["谢谢\n好的", ["谢谢\n好的"]],
    ["这个有货吗？？", ["这个有货吗？？"]],
    ["能便宜点吗", ["能便宜点吗"]],
  ])("%j", (input, parts) => {
    expect(splitMergedMessage(input)).toEqual(parts);
  });
});

describe("platform lines and a shop's own noise rules (issue 15 item 9)", () => {
  it("recognises the platforms' system lines as their own kind of noise", () => {
    for (const line of [
      "咨询订单号:[订单号] 商品名称:纯棉T恤",
      "顾客通过点击web咚咚进入会话",
      "订单信息：纯棉T恤 x1 实付 89 元",
      "买家正在浏览：纯棉T恤 白色 M",
      "来源页面：https://item.example.com/1",
    ])
      expect(cleanTurn(line, defaultCleaningSettings, "customer").noise).toBe("platform message");
    expect(cleanTurn("咨询一下这件T恤有白色吗", defaultCleaningSettings, "customer").noise).toBe(false);
  });

  it("applies a shop's plain-text and /regex/ rules, and refuses a broken expression", () => {
    const settings = { ...defaultCleaningSettings, noisePatterns: ["店铺活动提醒", "/^【.{1,6}】$/"] };
    expect(cleanTurn("亲，店铺活动提醒：满199减20", settings, "customer").noise).toBe("workspace rule");
    expect(cleanTurn("【优惠券】", settings, "customer").noise).toBe("workspace rule");
    expect(cleanTurn("有优惠券吗", settings, "customer").noise).toBe(false);
    expect(noisePatternError("/([a-z/")).not.toBeNull();
    expect(noisePatternError("顾客通过点击")).toBeNull();
  });
});
