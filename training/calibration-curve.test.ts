import { pointAt, precisionCoverageCurve, thresholdForPrecision } from "./calibration-curve";

const pts = [
  { confidence: 0.9, correct: true },
  { confidence: 0.8, correct: true },
  { confidence: 0.8, correct: false },
  { confidence: 0.5, correct: true },
  { confidence: 0.2, correct: false },
];

describe("precision-coverage curve", () => {
  it("has one point per distinct confidence, coverage growing", () => {
    const c = precisionCoverageCurve(pts);
    expect(c.map((p) => p.threshold)).toEqual([0.9, 0.8, 0.5, 0.2]);
    expect(c.map((p) => p.answered)).toEqual([1, 3, 4, 5]);
    expect(c[1].precision).toBeCloseTo(2 / 3);
    expect(c[3].coverage).toBe(1);
  });

  it("chooses the lowest threshold that reaches the target precision", () => {
    expect(thresholdForPrecision(pts, 0.7, 1)?.threshold).toBe(0.5);
    expect(thresholdForPrecision(pts, 1, 1)?.threshold).toBe(0.9);
    expect(thresholdForPrecision(pts, 1, 2)).toBeNull();
  });

  it("thins long curves but keeps both ends", () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ confidence: i / 1000, correct: i % 3 !== 0 }));
    const c = precisionCoverageCurve(many, 50);
    expect(c).toHaveLength(50);
    expect(c[0].threshold).toBe(0.999);
    expect(c[49].threshold).toBe(0);
  });

  it("reads one threshold's figures", () => {
    expect(pointAt(pts, 0.8)).toMatchObject({ answered: 3, right: 2 });
    expect(pointAt([], 0.5)).toMatchObject({ coverage: 0, precision: 1 });
  });
});
