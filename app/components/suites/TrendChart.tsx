import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";

import { ClientOnly } from "~/components/ClientOnly";
import { useT } from "~/i18n";

/** Case pass rate run over run (browser-only: see ClientOnly). */
export function TrendChart({ points, current }: { points: { id: number; rate: number; createdAt: number }[]; current: number }) {
  const t = useT();
  const data = points.map((p) => ({ label: `#${p.id}`, rate: Math.round(p.rate * 1000) / 10, current: p.id === current }));
  return (
    <ClientOnly width={560} height={220}>
      {() => (
        <LineChart id="suite-trend" width={560} height={220} data={data} margin={{ top: 12, right: 16, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" fontSize={12} />
          <YAxis unit="%" domain={[0, 100]} fontSize={12} />
          <Tooltip />
          <Line type="monotone" dataKey="rate" name={t("suites.col.rate")} stroke="#1677ff" isAnimationActive={false} dot />
        </LineChart>
      )}
    </ClientOnly>
  );
}
