import { describe, expect, it } from "vitest";

import { buildEngine } from "./engine";
import { HomophoneFixer } from "./homophones";

const KB_TEXTS = [
  "手机保修多久",
  "保修期是多久",
  "电脑保修几年",
  "保修从哪天开始算",
  "手机保修期多长",
  "你好在吗",
  "你好呀",
  "你好亲",
  "你好有人吗",
  "你好客服",
  "生产日期是什么时候",
  "生产日期新鲜吗",
];

describe("homophone typos", () => {
  const fx = new HomophoneFixer(KB_TEXTS);

  it("replaces a character no neighbour supports by a same-sounding KB character", () => {
    expect(fx.fix("手机抱修多久")).toBe("手机保修多久");
    expect(fx.fix("尼好在吗")).toBe("你好在吗");
    expect(fx.fix("生产日七是什么时候")).toBe("生产日期是什么时候");
  });

  it("leaves text in the KB's own words, other words and non-Chinese text alone", () => {
    for (const t of ["手机保修多久", "你好在吗", "这件衣服有黑色吗", "iphone 15 保修", "抱"]) expect(fx.fix(t)).toBe(t);
    // 抱 next to 着 is an unknown pair, but nothing in the KB sounds like it next to 着 either.
    expect(fx.fix("抱着")).toBe("抱着");
  });

  it("puts a homophone-typo query on the right FAQ through the engine", async () => {
    const engine = await buildEngine(
      {
        faqs: [
          { id: "warranty", question: "保修多久", variants: KB_TEXTS.slice(0, 5), answer: "一年" },
          { id: "hello", question: "你好", variants: KB_TEXTS.slice(5, 10), answer: "在的" },
          { id: "date", question: "生产日期", variants: KB_TEXTS.slice(10), answer: "最新" },
          { id: "color", question: "有黑色吗", variants: ["有没有黑色", "黑色有吗", "黑色还有吗"], answer: "有" },
        ],
      },
      { encoders: "lexical" },
    );
    expect(engine.match("手机抱修多久", { k: 1 })[0].faqId).toBe("warranty");
    expect(engine.match("生产日七", { k: 1 })[0].faqId).toBe("date");
  });
});
