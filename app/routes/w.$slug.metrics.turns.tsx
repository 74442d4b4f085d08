import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Segmented, Typography } from "antd";
import { z } from "zod";

import { DecisionTag } from "~/components/bot/DecisionTag";
import { DrillPage } from "~/components/metrics/DrillPage";
import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { useT } from "~/i18n";
import { drillTurns, faqHealth, filterQuery, parseFilters, scopeOf } from "~/models/metrics.server";
import { requireWorkspace } from "~/session.server";

import type { Decision } from "../../training/decisions";
import { DRILL_TURN_FILTERS } from "../../training/metric-filters";

export const meta: MetaFunction = () => [{ title: "计入的消息 · KB Studio" }];

const PAGE_SIZE = 30;

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
    <DrillPage
      title={d.faq ? d.faq.question : t("metrics.turnsPage")}
      data={d}
      intro={
        d.faq ? (
          <Typography.Paragraph data-testid="faq-health">
            {t("metrics.faqs.health", {
              hits: t.num(d.faq.hits),
              after: t.num(d.faq.transfersAfter),
              wrong: t.num(d.faq.wrongLabels),
              last: d.faq.lastHit ? t.date(d.faq.lastHit) : t("metrics.never"),
            })}{" "}
            <Link to={`/w/${d.slug}/faqs/${d.faq.faqId}`}>{t("metrics.faqs.edit")}</Link>
          </Typography.Paragraph>
        ) : null
      }
      filter={
        <Segmented
          style={{ marginBottom: 12 }}
          value={d.decision}
          onChange={(v) => go({ decision: String(v), page: undefined })}
          options={DRILL_TURN_FILTERS.map((k) => ({ value: k, label: t(`metrics.decision.${k}`) }))}
        />
      }
      time={{ title: t("metrics.col.at"), dataIndex: "at" }}
      onPage={(page) => go({ page: String(page) })}
      columns={[
        { title: t("metrics.col.text"), dataIndex: "text", ellipsis: true },
        {
          title: t("metrics.col.decision"),
          dataIndex: "decision",
          width: 110,
          render: (v: Decision) => <DecisionTag decision={v} words="metrics" />,
        },
        {
          title: t("metrics.col.faq"),
          key: "faq",
          ellipsis: true,
          render: (_: unknown, r) => (r.faqId ? <Link to={`/w/${d.slug}/faqs/${r.faqId}`}>{r.question}</Link> : null),
        },
      ]}
    />
  );
}
