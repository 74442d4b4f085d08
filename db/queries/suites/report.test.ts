import { describe, expect, it } from "vitest";

import type { CaseOutcome, SuiteRunTurnRow } from "./index";
import { NO_FAQ_CATEGORY, passByCategory, passByTag, UNKNOWN_FAQ_CATEGORY } from "./report";

const turn = (expect: SuiteRunTurnRow["expect"], passed = true) => ({ expect, passed }) as SuiteRunTurnRow;
const outcome = (caseName: string, passed: boolean, turns: SuiteRunTurnRow[], tags: string[] = []): CaseOutcome => ({
  caseName,
  caseId: null,
  tags,
  passed,
  turns,
});

describe("pass rates by group", () => {
  const cases = [
    outcome("a", true, [turn({ faq: "什么时候发货" }), turn({ faq: "运费怎么算" })], ["物流"]),
    outcome("b", false, [turn({ clarifyContains: "运费怎么算" })], ["物流", "大促"]),
    outcome("c", true, [turn({ decision: "transfer" })]),
    outcome("d", false, [turn({ faq: "已删除的问题" })]),
  ];
  const category: Record<string, string> = { 什么时候发货: "发货", 运费怎么算: "物流费用" };

  it("counts a case once in each category its FAQ expectations name, worst first", () => {
    const rows = passByCategory(cases, (q) => category[q] ?? null);
    const by = Object.fromEntries(rows.map((r) => [r.tag, `${r.passed}/${r.cases}`]));
    expect(by).toEqual({ 发货: "1/1", 物流费用: "1/2", [NO_FAQ_CATEGORY]: "1/1", [UNKNOWN_FAQ_CATEGORY]: "0/1" });
    expect(rows[0].tag).toBe(UNKNOWN_FAQ_CATEGORY);
  });

  it("counts untagged cases under the empty tag", () => {
    const by = Object.fromEntries(passByTag(cases).map((r) => [r.tag, `${r.passed}/${r.cases}`]));
    expect(by).toEqual({ 物流: "1/2", 大促: "0/1", "": "1/2" });
  });
});
