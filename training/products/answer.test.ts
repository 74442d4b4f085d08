import { describe, expect, it } from "vitest";

import { answerProductQuestion } from "./answer";
import { CATALOGUE } from "./fixtures/catalogue";
import { HELD_OUT, TUNING } from "./fixtures/questions";
import { scoreSet } from "./score";

describe("attribute answering on buyer questions (issue 16 quality bar)", () => {
  it("has at least 150 questions, part of them held out", () => {
    expect(TUNING.length + HELD_OUT.length).toBeGreaterThanOrEqual(150);
    expect(HELD_OUT.length).toBeGreaterThanOrEqual(40);
  });

  for (const [name, set] of [
    ["tuning", TUNING],
    ["held-out", HELD_OUT],
  ] as const) {
    it(`${name} set: right ≥ 90%, wrong ≤ 3%, what the product lacks answered honestly`, () => {
      const s = scoreSet(CATALOGUE, set);
      console.info(
        name,
        JSON.stringify({ ...s.counts, rightRate: s.rightRate.toFixed(3), wrongRate: s.wrongRate.toFixed(3), honestRate: s.honestRate.toFixed(3) }),
        s.failures,
      );
      expect(s.rightRate).toBeGreaterThanOrEqual(0.9);
      expect(s.wrongRate).toBeLessThanOrEqual(0.03);
      expect(s.honestRate).toBe(1);
    });
  }

  it("answers the issue's examples with the product's value", () => {
    expect(answerProductQuestion(CATALOGUE.tee, "这款是纯棉的吗")?.reply).toBe("不是纯棉的哦，面料是 95%棉 5%氨纶");
    expect(answerProductQuestion(CATALOGUE.dress, "这款连衣裙是纯棉的吗")?.reply).toContain("是的哦，材质是 100%纯棉");
    expect(answerProductQuestion(CATALOGUE.tee, "我165 100斤穿什么码")?.reply).toContain("L 码");
    expect(answerProductQuestion(CATALOGUE.tee, "保修吗")?.reply).toContain("这个信息暂时没有");
    expect(answerProductQuestion(CATALOGUE.tee, "185 180斤能穿吗")?.reply).toContain("超出了这款的尺码表范围");
  });
});
