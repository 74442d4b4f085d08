import { describe, expect, it } from "vitest";

import { chooseThresholds, DEFAULT_THRESHOLD_POLICY, type ThresholdInput } from "./fusion";

/** n in-scope questions at evenly spread confidences in [lo, hi], right where `right(c)` says. */
function spread(n: number, lo: number, hi: number, right: (c: number) => boolean): ThresholdInput["inScope"] {
  return Array.from({ length: n }, (_, i) => {
    const c = lo + ((hi - lo) * i) / Math.max(1, n - 1);
    return { confidence: c, correct: right(c) };
  });
}

const noOos = { ...DEFAULT_THRESHOLD_POLICY, oosRatio: 0 };

describe("chooseThresholds", () => {
  it("answers from the lowest confidence at which answers reach the target precision", () => {
    // Right above 0.5; below it, one in two is wrong.
    const inScope = spread(200, 0.01, 0.99, (c) => c >= 0.5 || Math.round(c * 100) % 2 === 0);
    const t = chooseThresholds({ inScope, outOfScope: [] }, noOos);
    expect(t.answerThreshold).toBeGreaterThan(0.3);
    expect(t.answerThreshold).toBeLessThan(0.5);
    expect(t.estimated.answerPrecision).toBeGreaterThanOrEqual(0.95);
  });

  it("weighs each question by the traffic it stands for", () => {
    // Ten sure answers, then at 0.5 one wrong question and one right one that stands for 20.
    const sure = spread(10, 0.9, 0.99, () => true);
    const counted = chooseThresholds({ inScope: [...sure, { confidence: 0.5, correct: false }, { confidence: 0.5, correct: true }], outOfScope: [] }, noOos);
    const weighed = chooseThresholds(
      { inScope: [...sure, { confidence: 0.5, correct: false }, { confidence: 0.5, correct: true, weight: 20 }], outOfScope: [] },
      noOos,
    );
    // Counted one each, 11 of 12 answers at 0.5 are right (92%): the threshold stays at 0.9.
    expect(counted.answerThreshold).toBeCloseTo(0.9, 5);
    // Weighed, 30 of 31 (97%): 0.5 answers.
    expect(weighed.answerThreshold).toBeCloseTo(0.5, 5);
    expect(weighed.estimated.hitRate).toBeCloseTo(1 - 1 / 31, 5);
  });

  it("shrinks a few labels towards the held-out prior, and lets many labels decide", () => {
    // The prior (held-out variants) is pessimistic: wrong one in three below 0.8. Labels are right everywhere.
    const prior = { data: { inScope: spread(300, 0.01, 0.99, (c) => c >= 0.8 || Math.round(c * 300) % 3 !== 0), outOfScope: [] }, oosRatio: 0, weight: 20 };
    const alone = chooseThresholds({ inScope: spread(10, 0.2, 0.99, () => true), outOfScope: [] }, noOos);
    const few = chooseThresholds({ inScope: spread(10, 0.2, 0.99, () => true), outOfScope: [] }, noOos, prior);
    const many = chooseThresholds({ inScope: spread(400, 0.2, 0.99, () => true), outOfScope: [] }, noOos, prior);
    expect(alone.answerThreshold).toBeCloseTo(0.2, 5);
    expect(few.answerThreshold).toBeGreaterThan(0.5);
    expect(many.answerThreshold).toBeLessThan(few.answerThreshold);
    expect(many.answerThreshold).toBeLessThan(0.4);
  });

  it("counts out-of-scope questions answered against the precision", () => {
    const inScope = spread(100, 0.3, 0.99, () => true);
    const without = chooseThresholds({ inScope, outOfScope: [] }, noOos);
    // As many out-of-scope as in-scope questions, all between 0.3 and 0.6.
    const withOos = chooseThresholds({ inScope, outOfScope: spread(100, 0.3, 0.6, () => false).map((s) => s.confidence) }, { ...noOos, oosRatio: 1 });
    expect(without.answerThreshold).toBeCloseTo(0.3, 5);
    expect(withOos.answerThreshold).toBeGreaterThan(0.55);
  });
});
