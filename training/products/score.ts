/** Scores attribute answering on a question set (the test and the report use the same rules). */
import { answerProductQuestion } from "./answer";
import type { ProductFacts } from "./types";

export type Expect = string | [string, boolean] | null;

export type Outcome = "right" | "honest" | "wrong" | "unjudged" | "passed" | "missed";

/**
 * right: the expected attribute (and polarity, and size); honest: a missing attribute or an
 * out-of-chart body answered "暂时没有"/transfer; wrong: another attribute, polarity or size, or a
 * value for something the product lacks; unjudged: a yes/no question answered with the value but
 * no yes/no; passed: a non-product question left to the FAQ engine; missed: a product question
 * left to the FAQ engine (not wrong, not answered).
 */
export function outcomeOf(p: ProductFacts, question: string, expect: Expect): { outcome: Outcome; got: string } {
  const a = answerProductQuestion(p, question);
  const got = a ? `${a.kind}:${a.topic}${a.yes === null ? "" : a.yes ? ":yes" : ":no"}${a.size ? `:${a.size}` : ""}` : "null";
  if (expect === null) return { outcome: a ? "wrong" : "passed", got };
  if (!a) return { outcome: "missed", got };
  if (expect === "missing" || expect === "out") return { outcome: a.kind === "missing" ? "honest" : "wrong", got };
  if (typeof expect === "string" && expect.startsWith("size:")) return { outcome: a.kind === "size" && a.size === expect.slice(5) ? "right" : "wrong", got };
  const [topic, yes] = typeof expect === "string" ? [expect, undefined] : expect;
  if (a.kind !== "attribute" || a.topic !== topic) return { outcome: "wrong", got };
  if (yes === undefined || a.yes === yes) return { outcome: "right", got };
  return { outcome: a.yes === null ? "unjudged" : "wrong", got };
}

export function scoreSet(catalogue: Record<string, ProductFacts>, cases: [string, string, Expect][]) {
  const counts: Record<Outcome, number> = { right: 0, honest: 0, wrong: 0, unjudged: 0, passed: 0, missed: 0 };
  const failures: string[] = [];
  for (const [pid, q, e] of cases) {
    const { outcome, got } = outcomeOf(catalogue[pid], q, e);
    counts[outcome]++;
    if (outcome !== "right" && outcome !== "honest" && outcome !== "passed") failures.push(`${pid} ${q} → ${got} (expected ${JSON.stringify(e)})`);
  }
  const productQs = cases.filter((c) => c[2] !== null).length;
  const attributeQs = cases.filter((c) => c[2] !== null && c[2] !== "missing" && c[2] !== "out").length;
  const lackQs = productQs - attributeQs;
  return {
    counts,
    failures,
    total: cases.length,
    /** Right answers among questions the product can answer. */
    rightRate: counts.right / Math.max(1, attributeQs),
    /** Wrong answers among all questions (a false product answer to a non-product question included). */
    wrongRate: counts.wrong / Math.max(1, cases.length),
    /** Honest answers among questions about what the product lacks. */
    honestRate: counts.honest / Math.max(1, lackQs),
  };
}
