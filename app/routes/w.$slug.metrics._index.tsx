import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Alert, Card, Col, Empty, List, Row, Select, Space, Tag, Typography } from "antd";

import { FunnelCard } from "~/components/metrics/FunnelCard";
import { MetricCard, type MetricDefinition } from "~/components/metrics/MetricCard";
import { TrendCard } from "~/components/metrics/TrendCard";
import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { useT } from "~/i18n";
import { dashboard, filterQuery, parseFilters, RANGE_PRESETS, TRANSFER_REASONS } from "~/models/metrics.server";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "数据看板 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readMetrics");
  const filters = parseFilters(new URL(request.url));
  const d = await dashboard(ctx.workspace.id, filters);
  return { slug: ctx.workspace.slug, filters, query: filterQuery(filters), presets: RANGE_PRESETS, reasons: TRANSFER_REASONS, ...d };
}

type RateId = "hit" | "clarify" | "noAnswer" | "transfer" | "directTransfer" | "containment" | "accuracy" | "wrongAnswer" | "shouldTransfer";

export default function MetricsOverview() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const go = useSearchParamsNav();
  const base = `/w/${d.slug}/metrics`;
  const c = d.current;
  const p = d.previous;
  const q = d.query;

  const turnsDef = { included: t("metrics.def.included.turns"), excluded: t("metrics.def.excluded.turns") };
  const sessDef = { included: t("metrics.def.included.sessions"), excluded: t("metrics.def.excluded.turns") };
  const turnsLink = (decision: string, n: number) => ({ to: `${base}/turns?${q}&decision=${decision}`, label: t("metrics.def.turnsLink", { n: t.num(n) }) });
  const sessLink = (filter: string, n: number) => ({ to: `${base}/sessions?${q}&filter=${filter}`, label: t("metrics.def.sessionsLink", { n: t.num(n) }) });
  // A rate card: this period's and the previous period's percentage, its numerator and denominator.
  const rate = (
    id: RateId,
    better: "up" | "down",
    den: string,
    rest: Pick<MetricDefinition, "included" | "excluded" | "link" | "extra">,
  ): MetricDefinition => ({
    id,
    value: c[id].pct,
    previous: p[id].pct,
    unit: "%",
    better,
    num: { label: t(`metrics.num.${id}`), n: c[id].num },
    den: { label: t(den), n: c[id].den },
    ...rest,
  });
  const turnRate = (id: "hit" | "clarify" | "noAnswer", decision: string, better: "up" | "down") =>
    rate(id, better, "metrics.den.turns", { ...turnsDef, link: turnsLink(decision, c[id].num) });
  const sessRate = (id: "transfer" | "directTransfer" | "containment", filter: string, better: "up" | "down", extra?: React.ReactNode) =>
    rate(id, better, "metrics.den.sessions", { ...sessDef, link: sessLink(filter, c[id].num), extra });
  const reasons = (
    <Space size={[4, 4]} wrap>
      {d.reasons
        .filter((r) => c.transferByReason[r].num > 0)
        .map((r) => (
          <Link key={r} to={`${base}/sessions?${q}&filter=transfer&reason=${r}`} onClick={(e) => e.stopPropagation()}>
            <Tag>
              {t(`metrics.reason.${r}`)} {t.num(c.transferByReason[r].pct ?? 0)}%
            </Tag>
          </Link>
        ))}
    </Space>
  );
  const labelDef = (id: "accuracy" | "wrongAnswer" | "shouldTransfer") =>
    rate(id, id === "accuracy" ? "up" : "down", id === "shouldTransfer" ? "metrics.den.labels" : "metrics.den.labeledAnswers", {
      included: t("metrics.def.included.turns"),
      excluded: t("metrics.def.excluded.labels"),
      link: { to: `/w/${d.slug}/logs/inbox`, label: t("metrics.def.inboxLink") },
      extra:
        id === "accuracy" ? (
          c.accuracy.interval ? (
            <Typography.Text type="secondary">
              {t("metrics.labelsCount", { n: t.num(c.accuracy.den) })} · {t("metrics.interval", { lo: c.accuracy.interval[0], hi: c.accuracy.interval[1] })}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">{t("metrics.noLabels")}</Typography.Text>
          )
        ) : undefined,
    });
  const cards: MetricDefinition[] = [
    {
      id: "turns",
      value: c.turns,
      previous: p.turns,
      unit: "",
      better: null,
      ...turnsDef,
      link: turnsLink("all", c.turns),
    },
    { id: "sessions", value: c.sessions, previous: p.sessions, unit: "", better: null, ...sessDef, link: sessLink("all", c.sessions) },
    turnRate("hit", "answer", "up"),
    turnRate("clarify", "clarify", "down"),
    turnRate("noAnswer", "no_answer", "down"),
    sessRate("transfer", "transfer", "down", reasons),
    sessRate("directTransfer", "direct", "down"),
    sessRate("containment", "contained", "up"),
    labelDef("accuracy"),
    labelDef("wrongAnswer"),
    labelDef("shouldTransfer"),
  ];
  const funnel = (["answer", "clarify", "no_answer", "transfer"] as const).map((k) => ({
    name: t(`metrics.decision.${k}`),
    n: k === "answer" ? c.hit.num : k === "clarify" ? c.clarify.num : k === "no_answer" ? c.noAnswer.num : c.transferTurns,
  }));

  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("metrics.title")}</h1>
        <Space wrap>
          <Select
            aria-label={t("metrics.range")}
            style={{ width: 200 }}
            value={d.filters.preset ? String(d.filters.preset) : "custom"}
            onChange={(v) => go({ days: v, from: undefined, to: undefined })}
            options={[
              ...d.presets.map((n) => ({ value: String(n), label: t("metrics.range.days", { n }) })),
              ...(d.filters.preset ? [] : [{ value: "custom", label: t("metrics.range.custom", { from: d.filters.from, to: d.filters.to }) }]),
            ]}
          />
          <Select
            aria-label={t("metrics.channel")}
            style={{ width: 240 }}
            value={d.filters.batchId ? `batch:${d.filters.batchId}` : d.filters.channel}
            onChange={(v: string) =>
              v.startsWith("batch:") ? go({ channel: "logs", batch: v.slice(6) }) : go({ channel: v === "all" ? undefined : v, batch: undefined })
            }
            options={[
              { value: "all", label: t("metrics.channel.all") },
              { value: "api", label: t("metrics.channel.api") },
              { value: "logs", label: t("metrics.channel.logs") },
              ...d.batches.map((b) => ({ value: `batch:${b.id}`, label: t("metrics.batch", { name: b.fileName }) })),
            ]}
          />
        </Space>
      </div>
      {c.turns === 0 ? <Alert type="info" showIcon title={t("metrics.empty")} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[12, 12]}>
        {cards.map((def) => (
          <Col key={def.id} xs={12} md={8} xl={6} xxl={4}>
            <MetricCard def={def} />
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={16}>
          <TrendCard trend={d.trend} markers={d.markers} />
        </Col>
        <Col xs={24} xl={8}>
          <FunnelCard funnel={funnel} />
          <Card size="small" title={t("metrics.markers")} style={{ marginTop: 12 }}>
            {d.markers.length ? (
              <List
                size="small"
                dataSource={d.markers.slice(-8).reverse()}
                renderItem={(m) => (
                  <List.Item>
                    <Typography.Text type="secondary" style={{ marginRight: 8 }}>
                      {m.day}
                    </Typography.Text>
                    {m.summary || `${m.entity} ${m.action}`}
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("metrics.markers.empty")} />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
