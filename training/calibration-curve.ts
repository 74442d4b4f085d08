/**
 * The answer threshold as a trade-off between coverage and precision, from labelled points
 * (issue 10: "decisions driven by a target precision"; issue 12: the manager's calibration view).
 *
 * A point is one question with a known outcome: the engine's top confidence for it, and whether
 * answering with that top candidate would have been right. Answering every point whose
 * confidence is at least t gives coverage(t) = answered / all and precision(t) = right / answered.
 * Both the engine's own calibration (held-out variants) and the trainers' labels in the inbox
 * produce such points, so one function serves both.
 */

export interface LabeledPoint {
  /** The engine's confidence in its top candidate. */
  confidence: number;
  /** Answering with the top candidate would have been right. */
  correct: boolean;
}

export interface CurvePoint {
  /** Answer when confidence >= threshold. */
  threshold: number;
  /** Points answered / all points (0-1). */
  coverage: number;
  /** Right answers / answered points (0-1; 1 when nothing is answered). */
  precision: number;
  answered: number;
  right: number;
}

/**
 * The curve at every distinct confidence (highest first, so coverage grows along the array),
 * thinned to at most `maxPoints` for charts; the end points are always kept.
 */
export function precisionCoverageCurve(points: readonly LabeledPoint[], maxPoints = 200): CurvePoint[] {
  const sorted = [...points].sort((a, b) => b.confidence - a.confidence);
  const n = sorted.length;
  const out: CurvePoint[] = [];
  let right = 0;
  for (let i = 0; i < n; i++) {
    if (sorted[i].correct) right++;
    // Ties share one threshold: emit after the last point of a run of equal confidences.
    if (i + 1 < n && sorted[i + 1].confidence === sorted[i].confidence) continue;
    const answered = i + 1;
    out.push({ threshold: sorted[i].confidence, coverage: answered / n, precision: right / answered, answered, right });
  }
  if (out.length <= maxPoints) return out;
  const step = (out.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, k) => out[Math.round(k * step)]);
}

export interface ThresholdChoiceForPrecision {
  threshold: number;
  precision: number;
  coverage: number;
  answered: number;
  /** All points the choice was made from. */
  n: number;
}

/**
 * The lowest threshold (most coverage) whose answers reach the target precision, counting only
 * thresholds with at least `minAnswered` answers so that a lucky handful does not decide. Null when
 * no threshold reaches the target.
 */
export function thresholdForPrecision(points: readonly LabeledPoint[], target: number, minAnswered = 10): ThresholdChoiceForPrecision | null {
  const curve = precisionCoverageCurve(points, Number.POSITIVE_INFINITY);
  let best: CurvePoint | null = null;
  for (const p of curve) if (p.answered >= minAnswered && p.precision >= target) best = p;
  return best ? { threshold: best.threshold, precision: best.precision, coverage: best.coverage, answered: best.answered, n: points.length } : null;
}

/** The point of the curve for a given threshold: what answering at confidence >= t would give. */
export function pointAt(points: readonly LabeledPoint[], threshold: number): CurvePoint {
  let answered = 0;
  let right = 0;
  for (const p of points)
    if (p.confidence >= threshold) {
      answered++;
      if (p.correct) right++;
    }
  return { threshold, coverage: points.length ? answered / points.length : 0, precision: answered ? right / answered : 1, answered, right };
}
