import { describe, expect, it } from "vitest";

import { cleanInput, normalizeKey, normalizeText, toHalfWidth } from "./normalize";

describe("normalizeText", () => {
  it.each([
    ["ＡＢＣ１２３", "abc123"],
    ["怎么退货？", "怎么退货?"],
    ["怎么退货？？？", "怎么退货?"],
    ["  多少钱　 一件  ", "多少钱 一件"],
    ["【活动】满３００减５０！", "[活动]满300减50!"],
    ["“包邮”吗", '"包邮"吗'],
    ["好的……", "好的..."],
    ["\ufeff在吗\u200b", "在吗"],
    ["XL码，偏大吗", "xl码,偏大吗"],
    ["S、M、L", "s,m,l"],
    ["", ""],
  ])("%s → %s", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("keeps Chinese characters intact", () => {
    expect(normalizeText("亲，发什么快递呀")).toBe("亲,发什么快递呀");
  });
});

describe("toHalfWidth", () => {
  it("maps the ideographic space and full-width ASCII", () => {
    expect(toHalfWidth("Ｈｅｌｌｏ　Ｗｏｒｌｄ！")).toBe("Hello World!");
  });
});

describe("normalizeKey", () => {
  it("treats trailing punctuation and spaces between Chinese characters as the same question", () => {
    expect(normalizeKey("什么时候 发货？")).toBe(normalizeKey("什么时候发货"));
    expect(normalizeKey("什么时候发货!!")).toBe("什么时候发货");
  });
  it("keeps spaces between Latin words", () => {
    expect(normalizeKey("iPhone 15 Pro")).toBe("iphone 15 pro");
  });
});

describe("cleanInput (issue 14 item 2)", () => {
  it("drops zero-width and control characters and terminal escapes, keeps the text as written", () => {
    expect(cleanInput("你\u200b好")).toBe("你好");
    expect(cleanInput("\ufeff运费\u0000多少\u001b[31m钱\u001b[0m？")).toBe("运费多少钱？");
    expect(cleanInput("第一行\n第二行\t！ＡＢ")).toBe("第一行\n第二行\t！ＡＢ");
  });
});
