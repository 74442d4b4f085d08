import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Table, Tag, Typography } from "antd";
import { z } from "zod";

import { tablePagination } from "~/components/table-pagination";
import { useT } from "~/i18n";
import { faqHealth, filterQuery, parseFilters, scopeOf } from "~/models/metrics.server";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "问题健康度 · KB Studio" }];

const PAGE_SIZE = 30;
const DEAD_MS = 30 * 24 * 3600 * 1000;
/** Transfers after the answer or wrong labels above this share of hits make an FAQ harmful. */
const HARMFUL_SHARE = 0.2;

/** Per-FAQ health over the dashboard's range and channel, sortable, paginated on the server. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readMetrics");
  const url = new URL(request.url);
  const Q = z.object({
    sort: z.enum(["hits", "transfersAfter", "wrongLabels", "lastHit"]).optional().catch(undefined),
    order: z.enum(["ascend", "descend"]).optional().catch(undefined),
    page: z.coerce.number().int().positive().optional().catch(undefined),
  });
  const p = Q.parse(Object.fromEntries(url.searchParams));
  const filters = parseFilters(url);
  const now = Date.now();
  const all = (await faqHealth(scopeOf(ctx.workspace.id, filters))).map((f) => ({
    ...f,
    status: (!f.lastHit || now - f.lastHit > DEAD_MS ? "dead" : f.hits && (f.transfersAfter + f.wrongLabels) / f.hits > HARMFUL_SHARE ? "harmful" : "ok") as
      "dead" | "harmful" | "ok",
  }));
  const sort = p.sort ?? "hits";
  const dir = p.order === "ascend" ? 1 : -1;
  all.sort((a, b) => dir * ((a[sort] ?? 0) - (b[sort] ?? 0)) || a.faqId - b.faqId);
  const page = p.page ?? 1;
  return {
    slug: ctx.workspace.slug,
    query: filterQuery(filters),
    filters,
    sort,
    order: p.order ?? "descend",
    page,
    pageSize: PAGE_SIZE,
    total: all.length,
    rows: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
  };
}

export default function FaqHealthPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const sorter = (key: string) => ({ sorter: true, sortOrder: d.sort === key ? (d.order as "ascend" | "descend") : null });
  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("metrics.faqs.title")}</h1>
        <Link to={`/w/${d.slug}/metrics?${d.query}`}>{t("metrics.back")}</Link>
      </div>
      <Typography.Paragraph type="secondary">
        {d.filters.from} – {d.filters.to} · {t(`metrics.channel.${d.filters.channel}`)} · {t("metrics.faqs.help")}
      </Typography.Paragraph>
      <Table
        rowKey="faqId"
        size="middle"
        dataSource={d.rows}
        pagination={tablePagination(t, { page: d.page, pageSize: d.pageSize, total: d.total })}
        onChange={(pg, _f, s) => {
          const next = new URLSearchParams(params);
          const one = Array.isArray(s) ? s[0] : s;
          next.set("page", String(pg.current ?? 1));
          if (one?.order && one.columnKey) {
            next.set("sort", String(one.columnKey));
            next.set("order", one.order);
          } else {
            next.delete("sort");
            next.delete("order");
          }
          navigate(`?${next}`);
        }}
        columns={[
          {
            title: t("metrics.col.faq"),
            dataIndex: "question",
            ellipsis: true,
            render: (v: string, r) => <Link to={`/w/${d.slug}/metrics/turns?${d.query}&faq=${r.faqId}`}>{v}</Link>,
          },
          { title: t("metrics.col.hits"), dataIndex: "hits", key: "hits", width: 110, align: "right", ...sorter("hits") },
          {
            title: t("metrics.col.transfersAfter"),
            dataIndex: "transfersAfter",
            key: "transfersAfter",
            width: 170,
            align: "right",
            ...sorter("transfersAfter"),
          },
          { title: t("metrics.col.wrongLabels"), dataIndex: "wrongLabels", key: "wrongLabels", width: 110, align: "right", ...sorter("wrongLabels") },
          {
            title: t("metrics.col.lastHit"),
            dataIndex: "lastHit",
            key: "lastHit",
            width: 170,
            ...sorter("lastHit"),
            render: (v: number | null) => (v ? t.date(v) : t("metrics.never")),
          },
          {
            title: t("metrics.col.status"),
            dataIndex: "status",
            width: 90,
            render: (v: "dead" | "harmful" | "ok") => <Tag color={v === "dead" ? "default" : v === "harmful" ? "red" : "green"}>{t(`metrics.faqs.${v}`)}</Tag>,
          },
        ]}
      />
    </div>
  );
}
