import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Segmented, Table, Tag, Typography } from "antd";
import { z } from "zod";

import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { useT } from "~/i18n";
import { drillTurns, faqHealth, filterQuery, parseFilters, scopeOf } from "~/models/metrics.server";
import { requireWorkspace } from "~/session.server";

import { DRILL_TURN_FILTERS } from "../../training/metric-filters";

export const meta: MetaFunction = () => [{ title: "计入的消息 · KB Studio" }];

const PAGE_SIZE = 30;
const DECISION_COLOR: Record<string, string> = { answer: "green", clarify: "blue", no_answer: "orange", transfer: "red" };

/** The exact customer turns a turn-level number counts; with ?faq=ID one FAQ's hits and health. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readMetrics");
  const url = new URL(request.url);
  const Q = z.object({
    decision: z.enum(DRILL_TURN_FILTERS).optional().catch(undefined),
    faq: z.coerce.number().int().positive().optional().catch(undefined),
    page: z.coerce.number().int().positive().optional().catch(undefined),
  });
  const p = Q.parse(Object.fromEntries(url.searchParams));
  const filters = parseFilters(url);
  const scope = scopeOf(ctx.workspace.id, filters);
  const decision = p.decision ?? (p.faq ? "answer" : "all");
  const [r, health] = await Promise.all([
    drillTurns({ ...scope, filter: decision, faqId: p.faq, page: p.page ?? 1, pageSize: PAGE_SIZE }),
    p.faq ? faqHealth({ ...scope, faqId: p.faq }) : Promise.resolve([]),
  ]);
  return { slug: ctx.workspace.slug, filters, query: filterQuery(filters), decision, faq: health[0] ?? null, page: p.page ?? 1, pageSize: PAGE_SIZE, ...r };
}

export default function MetricTurns() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const go = useSearchParamsNav();
  return (
    <div>
      <div className="kb-page-head">
        <h1>{d.faq ? d.faq.question : t("metrics.turnsPage")}</h1>
        <Link to={`/w/${d.slug}/metrics?${d.query}`}>{t("metrics.back")}</Link>
      </div>
      <Typography.Paragraph type="secondary">
        {d.filters.from} – {d.filters.to} · {t(`metrics.channel.${d.filters.channel}`)}
      </Typography.Paragraph>
      {d.faq ? (
        <Typography.Paragraph data-testid="faq-health">
          {t("metrics.faqs.health", {
            hits: t.num(d.faq.hits),
            after: t.num(d.faq.transfersAfter),
            wrong: t.num(d.faq.wrongLabels),
            last: d.faq.lastHit ? t.date(d.faq.lastHit) : t("metrics.never"),
          })}{" "}
          <Link to={`/w/${d.slug}/faqs/${d.faq.faqId}`}>{t("metrics.faqs.edit")}</Link>
        </Typography.Paragraph>
      ) : null}
      <Segmented
        style={{ marginBottom: 12 }}
        value={d.decision}
        onChange={(v) => go({ decision: String(v), page: undefined })}
        options={DRILL_TURN_FILTERS.map((k) => ({ value: k, label: t(`metrics.decision.${k}`) }))}
      />
      <Table
        rowKey="key"
        size="middle"
        dataSource={d.rows}
        locale={{ emptyText: t("metrics.empty") }}
        pagination={{ current: d.page, pageSize: d.pageSize, total: d.total, showSizeChanger: false, showTotal: (n) => t("common.total", { total: t.num(n) }) }}
        onChange={(pg) => go({ page: String(pg.current) })}
        columns={[
          { title: t("metrics.col.at"), dataIndex: "at", width: 170, render: (v: number) => t.date(v) },
          { title: t("metrics.col.source"), dataIndex: "source", width: 80, render: (v: "api" | "logs") => <Tag>{t(`metrics.source.${v}`)}</Tag> },
          { title: t("metrics.col.text"), dataIndex: "text", ellipsis: true },
          {
            title: t("metrics.col.decision"),
            dataIndex: "decision",
            width: 110,
            render: (v: string) => <Tag color={DECISION_COLOR[v]}>{t(`metrics.decision.${v}`)}</Tag>,
          },
          {
            title: t("metrics.col.faq"),
            key: "faq",
            ellipsis: true,
            render: (_: unknown, r) => (r.faqId ? <Link to={`/w/${d.slug}/faqs/${r.faqId}`}>{r.question}</Link> : null),
          },
        ]}
      />
    </div>
  );
}
