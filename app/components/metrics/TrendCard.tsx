import { Card, Segmented, Typography } from "antd";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";

import { ClientOnly } from "~/components/ClientOnly";
import { useT } from "~/i18n";

import type { DailyPoint } from "../../../db/queries/metrics";
import { type TrendGrain, type TrendMarker, useTrendPoints } from "./use-trend-points";

/**
 * The rates over time by day or week, with a marker line where knowledge changed, and the volume of
 * turns and sessions below (both charts browser-only: see ClientOnly).
 */
export function TrendCard({ trend, markers }: { trend: DailyPoint[]; markers: TrendMarker[] }) {
  const t = useT();
  const [grain, setGrain] = useState<TrendGrain>("day");
  const { points, markerLabels } = useTrendPoints(trend, markers, grain);
  return (
    <Card
      size="small"
      title={t("metrics.trend")}
      extra={
        <Segmented
          size="small"
          value={grain}
          onChange={(v) => setGrain(v as TrendGrain)}
          options={[
            { value: "day", label: t("metrics.trend.day") },
            { value: "week", label: t("metrics.trend.week") },
          ]}
        />
      }
    >
      <div data-testid="trend-chart">
        <ClientOnly width={820} height={260}>
          {() => (
            <LineChart id="metrics-trend" width={820} height={260} data={points} margin={{ top: 16, right: 16, left: 0, bottom: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" fontSize={12} />
              <YAxis unit="%" domain={[0, 100]} fontSize={12} />
              <Tooltip />
              <Legend />
              {[...markerLabels.entries()].map(([label, what]) => (
                <ReferenceLine
                  key={label}
                  x={label}
                  stroke="#fa8c16"
                  strokeDasharray="4 2"
                  label={{ value: "◆", fill: "#fa8c16", position: "top" }}
                  ifOverflow="extendDomain"
                >
                  <title>{what.join("；")}</title>
                </ReferenceLine>
              ))}
              <Line type="monotone" dataKey="hitRate" name={t("metrics.hit")} stroke="#1677ff" dot={false} isAnimationActive={false} connectNulls />
              <Line type="monotone" dataKey="clarifyRate" name={t("metrics.clarify")} stroke="#13c2c2" dot={false} isAnimationActive={false} connectNulls />
              <Line type="monotone" dataKey="noAnswerRate" name={t("metrics.noAnswer")} stroke="#faad14" dot={false} isAnimationActive={false} connectNulls />
              <Line type="monotone" dataKey="transferRate" name={t("metrics.transfer")} stroke="#f5222d" dot={false} isAnimationActive={false} connectNulls />
            </LineChart>
          )}
        </ClientOnly>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("metrics.trend.markers")}
      </Typography.Text>
      <div data-testid="volume-chart">
        <ClientOnly width={820} height={140}>
          {() => (
            <BarChart id="metrics-volume" width={820} height={140} data={points} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
              <XAxis dataKey="label" fontSize={12} />
              <YAxis fontSize={12} />
              <Tooltip />
              <Bar dataKey="turns" name={t("metrics.turns")} fill="#91caff" isAnimationActive={false} />
              <Bar dataKey="sessions" name={t("metrics.sessions")} fill="#1677ff" isAnimationActive={false} />
            </BarChart>
          )}
        </ClientOnly>
      </div>
    </Card>
  );
}
