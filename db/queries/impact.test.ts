import { describe, expect, it } from "vitest";

import { compareOutcomes, type Outcome, type PreviewTurn } from "./impact";

const turn = (id: number, text: string, expected: PreviewTurn["expected"] = null): PreviewTurn => ({ source: "log", id, text, expected });
const o = (decision: Outcome["decision"], faqId: number | null = null): Outcome => ({ decision, faqId });

describe("compareOutcomes", () => {
  it("counts rates per bot, groups changed turns by text and judges labeled ones", () => {
    const turns = [
      turn(1, "几天发货", { decision: "answer", faqId: 7 }),
      turn(2, "几天发货"),
      turn(3, "包邮吗", { decision: "answer", faqId: 3 }),
      turn(4, "你好"),
      turn(5, "退货地址"),
    ];
    const before = new Map([
      ["几天发货", o("no_answer")],
      ["包邮吗", o("answer", 3)],
      ["你好", o("answer", 9)],
      ["退货地址", o("answer", 4)],
    ]);
    const after = new Map([
      ["几天发货", o("answer", 7)],
      ["包邮吗", o("answer", 5)],
      ["你好", o("answer", 9)],
      ["退货地址", o("transfer")],
    ]);
    const r = compareOutcomes(turns, before, after);
    expect(r).toMatchObject({ turns: 5, distinct: 4, changedTurns: 4, fixed: 1, broken: 1 });
    expect(r.before).toEqual({ answer: 0.6, clarify: 0, no_answer: 0.4, transfer: 0 });
    expect(r.after).toEqual({ answer: 0.8, clarify: 0, no_answer: 0, transfer: 0.2 });
    // Broken first, then by count.
    expect(r.changed.map((c) => [c.text, c.count, c.verdict])).toEqual([
      ["包邮吗", 1, "broken"],
      ["几天发货", 2, "fixed"],
      ["退货地址", 1, null],
    ]);
    expect(r.groups).toEqual([
      { before: "no_answer", after: "answer", faqChanged: false, turns: 2 },
      { before: "answer", after: "answer", faqChanged: true, turns: 1 },
      { before: "answer", after: "transfer", faqChanged: false, turns: 1 },
    ]);
  });
});
