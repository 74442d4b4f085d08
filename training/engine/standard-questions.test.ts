import { describe, expect, it } from "vitest";

import { standardQuestionsAreTypical, weighStandardQuestions } from "./build";
import type { Doc } from "./types";

const doc = (faq: number, text: string): Doc => ({ faq, text, prep: { norm: text } as Doc["prep"] });

/** FAQs as [standard question, ...variants], in collectDocs' order (the standard question first). */
function kb(faqs: string[][]) {
  return { faqs: faqs.map((f) => ({ question: f[0] })), docs: faqs.flatMap((f, i) => f.map((t) => doc(i, t))) };
}

/** A shop FAQ: every variant a paraphrase of the standard question. */
const shopFaq = (i: number) => [`什么时候发货${i}`, `亲什么时候发货${i}`, `什么时候能发货${i}呀`, `请问什么时候发货${i}`];
/** An intent set's FAQ: the first example is one example among others. */
const intentFaq = (i: number) => [`挂失${i}`, `我的卡${i}不见了怎么办`, `银行卡${i}不见了怎么办`, `卡${i}不见了怎么办呀`];

describe("standardQuestionsAreTypical", () => {
  it("is true where variants paraphrase the standard question (a shop)", () => {
    const k = kb(Array.from({ length: 12 }, (_, i) => shopFaq(i)));
    expect(standardQuestionsAreTypical(k.docs, k.faqs)).toBe(true);
  });

  it("is false where the standard question is one example among others, and below 10 judged FAQs", () => {
    const k = kb(Array.from({ length: 12 }, (_, i) => intentFaq(i)));
    expect(standardQuestionsAreTypical(k.docs, k.faqs)).toBe(false);
    const few = kb(Array.from({ length: 9 }, (_, i) => shopFaq(i)));
    expect(standardQuestionsAreTypical(few.docs, few.faqs)).toBe(false);
  });
});

describe("weighStandardQuestions", () => {
  it("weighs a held-out standard question as all its FAQ's held-out variants together", () => {
    const k = kb([shopFaq(0), shopFaq(1)]);
    // Held out: both standard questions, three variants of FAQ 0 and none of FAQ 1.
    const held = [0, 1, 2, 3, 4];
    const inScope = held.map(() => ({ weight: 1 }));
    weighStandardQuestions(
      inScope,
      held.map((d) => ({ doc: d })),
      k.docs,
      k.faqs,
    );
    expect(inScope.map((s) => s.weight)).toEqual([3, 1, 1, 1, 1]);
  });
});
