/**
 * One headline number with its change against the previous period; clicking it opens its 口径
 * card (formula, numerator and denominator counts, included / excluded, a link to what it counts).
 */
import { Link } from "@remix-run/react";
import { Card, Descriptions, Modal, Statistic, Typography } from "antd";
import { useState } from "react";

import { useT } from "~/i18n";

export interface MetricDefinition {
  /** Locale key suffix: metrics.<id>, metrics.formula.<id>. */
  id: string;
  value: number | null;
  /** "%" for rates, "" for counts. */
  unit: "%" | "";
  previous: number | null;
  /** A higher value is good (hit rate) or bad (transfer rate). */
  better: "up" | "down" | null;
  num?: { label: string; n: number };
  den?: { label: string; n: number };
  included: string;
  excluded: string;
  link: { to: string; label: string } | null;
  extra?: React.ReactNode;
}

export function MetricCard({ def }: { def: MetricDefinition }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const name = t(`metrics.${def.id}`);
  const delta = def.value !== null && def.previous !== null ? Math.round((def.value - def.previous) * 10) / 10 : null;
  const good = delta === null || delta === 0 || def.better === null ? null : delta > 0 === (def.better === "up");
  const show = (v: number | null) => (v === null ? "—" : `${t.num(v)}${def.unit}`);
  return (
    <>
      <Card
        size="small"
        hoverable
        role="button"
        tabIndex={0}
        aria-label={`${name} ${t("metrics.openDefinition")}`}
        data-metric={def.id}
        onClick={() => setOpen(true)}
        onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && setOpen(true)}
      >
        <Statistic title={name} value={def.value ?? "—"} precision={def.unit === "%" ? 1 : 0} suffix={def.value === null ? undefined : def.unit} />
        <Typography.Text type={good === null ? "secondary" : good ? "success" : "danger"} style={{ fontSize: 12 }}>
          {delta === null ? t("metrics.vsPrevNone") : t("metrics.vsPrev", { delta: `${delta > 0 ? "+" : ""}${t.num(delta)}${def.unit === "%" ? " pt" : ""}` })}
        </Typography.Text>
        {def.extra ? <div style={{ fontSize: 12 }}>{def.extra}</div> : null}
      </Card>
      <Modal open={open} title={t("metrics.def.title", { name })} onCancel={() => setOpen(false)} footer={null} width={640} destroyOnHidden>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t("metrics.def.formula")}>{t(`metrics.formula.${def.id}`)}</Descriptions.Item>
          {def.num ? (
            <Descriptions.Item label={t("metrics.def.numerator")}>
              {def.num.label}：{t.num(def.num.n)}
            </Descriptions.Item>
          ) : null}
          {def.den ? (
            <Descriptions.Item label={t("metrics.def.denominator")}>
              {def.den.label}：{t.num(def.den.n)}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t("metrics.def.value")}>{show(def.value)}</Descriptions.Item>
          <Descriptions.Item label={t("metrics.def.included")}>{def.included}</Descriptions.Item>
          <Descriptions.Item label={t("metrics.def.excluded")}>{def.excluded}</Descriptions.Item>
        </Descriptions>
        {def.extra ? <div style={{ marginTop: 12 }}>{def.extra}</div> : null}
        {def.link ? (
          <div style={{ marginTop: 12 }}>
            <Link to={def.link.to}>{def.link.label}</Link>
          </div>
        ) : null}
      </Modal>
    </>
  );
}
