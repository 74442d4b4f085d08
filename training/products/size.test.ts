import { describe, expect, it } from "vitest";

import { adviseSize, formatSizeChart, parseBody, parseSizeChart } from "./size";

describe("body measurements from buyer phrasing", () => {
  const cases: [string, number | null, number | null][] = [
    ["我165 100斤", 165, 50],
    ["1米6 52kg", 160, 52],
    ["1米65 九十斤", 165, 45],
    ["1.72米 130斤", 172, 65],
    ["身高160cm体重45公斤", 160, 45],
    ["一米七 一百二十斤", 170, 60],
    ["172cm", 172, null],
    ["110斤", null, 55],
    ["158 48", 158, 48],
    ["在吗", null, null],
  ];
  for (const [text, h, w] of cases)
    it(text, () => {
      expect(parseBody(text)).toEqual({ heightCm: h, weightKg: w });
    });
});

describe("size charts", () => {
  it("parses and formats a one-cell chart, open bounds included", () => {
    const { rows, bad } = parseSizeChart("S 150-158cm 80-95斤 | M 158-165cm 95-110斤 | XL 175cm以上 130斤以上 | 乱写");
    expect(bad).toEqual(["乱写"]);
    expect(rows).toEqual([
      { size: "S", heightMin: 150, heightMax: 158, weightMin: 40, weightMax: 47.5 },
      { size: "M", heightMin: 158, heightMax: 165, weightMin: 47.5, weightMax: 55 },
      { size: "XL", heightMin: 175, heightMax: null, weightMin: 65, weightMax: null },
    ]);
    expect(parseSizeChart(formatSizeChart(rows)).rows).toEqual(rows);
  });

  it("picks the larger size when height and weight disagree, and is honest out of the chart", () => {
    const { rows } = parseSizeChart("S 150-158cm 80-95斤 | M 158-165cm 95-110斤 | L 165-172cm 110-125斤");
    expect(adviseSize(rows, { heightCm: 156, weightKg: 52 }).size).toBe("M");
    const out = adviseSize(rows, { heightCm: 180, weightKg: 60 });
    expect(out).toMatchObject({ size: null, outOfChart: true });
    expect(out.reply).toContain("身高 150–172cm");
  });
});
