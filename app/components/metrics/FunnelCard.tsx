import { Card, Typography } from "antd";
import { Bar, BarChart, Tooltip, XAxis, YAxis } from "recharts";

import { ClientOnly } from "~/components/ClientOnly";
import { useT } from "~/i18n";

/** How the period's turns were decided, as horizontal bars (browser-only: see ClientOnly). */
export function FunnelCard({ funnel }: { funnel: { name: string; n: number }[] }) {
  const t = useT();
  return (
    <Card size="small" title={t("metrics.funnel")}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("metrics.funnel.help")}
      </Typography.Text>
      <div data-testid="funnel-chart">
        <ClientOnly width={380} height={200}>
          {() => (
            <BarChart id="metrics-funnel" width={380} height={200} data={funnel} layout="vertical" margin={{ top: 8, right: 24, left: 16, bottom: 0 }}>
              <XAxis type="number" fontSize={12} />
              <YAxis type="category" dataKey="name" fontSize={12} width={60} />
              <Tooltip />
              <Bar dataKey="n" name={t("metrics.turns")} fill="#1677ff" isAnimationActive={false} />
            </BarChart>
          )}
        </ClientOnly>
      </div>
    </Card>
  );
}
