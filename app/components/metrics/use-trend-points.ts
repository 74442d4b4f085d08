import { useMemo } from "react";

import type { DailyPoint } from "../../../db/queries/metrics";

export type TrendGrain = "day" | "week";

export type TrendPoint = {
  label: string;
  turns: number;
  sessions: number;
  hitRate: number | null;
  noAnswerRate: number | null;
  clarifyRate: number | null;
  transferRate: number | null;
};

/** A knowledge change to mark on the trend's time axis. */
export interface TrendMarker {
  day: string;
  entity: string;
  action: string;
  summary: string;
}

const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : null);

/**
 * The trend's points by day or by week, and the knowledge changes of each point's label (what its
 * marker line says on hover).
 */
export function useTrendPoints(trend: DailyPoint[], markers: TrendMarker[], grain: TrendGrain) {
  const points: TrendPoint[] = useMemo(() => {
    if (grain === "day") return trend.map((x) => ({ ...x, label: x.day.slice(5) }));
    // Weeks of seven days from the start of the range, rates recomputed from the counts.
    const out: TrendPoint[] = [];
    for (let i = 0; i < trend.length; i += 7) {
      const w = trend.slice(i, i + 7);
      const sum = (k: "turns" | "answered" | "clarified" | "noAnswer" | "sessions" | "transferred") => w.reduce((a, x) => a + x[k], 0);
      out.push({
        label: w[0].day.slice(5),
        turns: sum("turns"),
        sessions: sum("sessions"),
        hitRate: pct(sum("answered"), sum("turns")),
        clarifyRate: pct(sum("clarified"), sum("turns")),
        noAnswerRate: pct(sum("noAnswer"), sum("turns")),
        transferRate: pct(sum("transferred"), sum("sessions")),
      });
    }
    return out;
  }, [trend, grain]);
  const markerLabels = useMemo(() => {
    const byLabel = new Map<string, string[]>();
    for (const m of markers) {
      let label = m.day.slice(5);
      if (grain === "week") {
        const idx = trend.findIndex((x) => x.day === m.day);
        label = trend[Math.max(0, idx - (idx % 7))]?.day.slice(5) ?? label;
      }
      byLabel.set(label, [...(byLabel.get(label) ?? []), m.summary || `${m.entity} ${m.action}`]);
    }
    return byLabel;
  }, [markers, trend, grain]);
  return { points, markerLabels };
}
