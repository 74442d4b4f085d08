import { describe, expect, it } from "vitest";

import { generateLargeCsv } from "../../tests/fixtures/logs/generate-large";
import { rng } from "../encoder";
import { bigramJaccard, groupQuestions } from "./group";
import { parseLogFileAll } from "./parse";

describe("groupQuestions", () => {
  it("groups texts that are equal after normalization", () => {
    const c = groupQuestions(["什么时候发货？", "什么时候 发货", "什么时候发货!!", "有XL吗", "有ｘｌ吗？", "怎么退货"]);
    expect(c.map((x) => [x.count, x.members])).toEqual([
      [3, [0, 1, 2]],
      [2, [3, 4]],
      [1, [5]],
    ]);
    expect(c[0].key).toBe("什么时候发货");
  });

  it("joins near-duplicates at bigram Jaccard >= 0.7 and keeps others apart", () => {
    const texts = ["这件卫衣什么时候发货", "这件卫衣什么时候发货呀", "这件卫衣会起球吗", "这件牛仔裤什么时候发货"];
    expect(bigramJaccard(texts[0], texts[1])).toBeGreaterThanOrEqual(0.7);
    expect(bigramJaccard(texts[0], texts[3])).toBeLessThan(0.7);
    const c = groupQuestions(texts);
    expect(c[0].members).toEqual([0, 1]);
    expect(c.length).toBe(3);
  });

  it("picks the most frequent wording as representative", () => {
    const c = groupQuestions(["发什么快递呀", "发什么快递", "发什么快递", "发什么快递?"]);
    expect(c).toHaveLength(1);
    expect(c[0].representative).toBe("发什么快递");
  });

  it("uses an injected similarity", () => {
    const same = (a: string, b: string) => (a.includes("快递") && b.includes("快递") ? 1 : 0);
    const c = groupQuestions(["发什么快递", "快递是哪家", "有XL吗"], same, { blockingThreshold: 0 });
    expect(c[0].members).toEqual([0, 1]);
    const none = groupQuestions(["什么时候发货", "什么时候发货呀"], () => 0);
    expect(none).toHaveLength(2);
  });

  it("finds the same groups as comparing every pair", () => {
    const words = ["发货", "快递", "尺码", "起球", "退货", "卫衣", "牛仔裤", "什么时候", "能不能", "有没有", "多少钱", "颜色", "优惠"];
    const rnd = rng(7);
    const texts = Array.from({ length: 600 }, () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => words[Math.floor(rnd() * words.length)]).join(""));
    const c = groupQuestions(texts);
    // Brute force with the same single-link rule.
    const parent = texts.map((_, i) => i);
    const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) if (bigramJaccard(texts[i], texts[j]) >= 0.7) parent[find(j)] = find(i);
    const brute = new Map<number, number[]>();
    texts.forEach((_, i) => brute.set(find(i), [...(brute.get(find(i)) ?? []), i]));
    const norm = (groups: number[][]) => groups.map((g) => g.join(",")).sort();
    expect(norm(c.map((x) => x.members))).toEqual(norm([...brute.values()]));
  });

  // Speed is measured by tests/fixtures/logs/bench-large.ts, not asserted here (timed unit tests
  // fail on busy machines and prove nothing): this checks that 50k questions group sensibly.
  it("groups 20k real-looking questions into far fewer clusters", async () => {
    // Parsed, not cleaned: grouping speed is what is measured here.
    const items = await parseLogFileAll(Buffer.from(generateLargeCsv(45_000, 9), "utf8"), "big.csv");
    const questions = items.flatMap((t) => (t.kind === "turn" && t.role === "customer" ? [t.text] : [])).slice(0, 20_000);
    expect(questions.length).toBe(20_000);
    const c = groupQuestions(questions);
    expect(c.reduce((n, x) => n + x.count, 0)).toBe(20_000);
    expect(c.length).toBeLessThan(4_000);
    expect(c[0].count).toBeGreaterThan(c.at(-1)!.count);
  });
});
