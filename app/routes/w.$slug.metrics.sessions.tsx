import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Select, Tag, Typography } from "antd";
import { z } from "zod";

import { DrillPage } from "~/components/metrics/DrillPage";
import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { useT } from "~/i18n";
import { drillSessions, filterQuery, parseFilters, scopeOf } from "~/models/metrics.server";
import { requireWorkspace } from "~/session.server";

import { DRILL_SESSION_FILTERS, TRANSFER_REASONS } from "../../training/metric-filters";

export const meta: MetaFunction = () => [{ title: "计入的会话 · KB Studio" }];

const PAGE_SIZE = 30;

/** The exact sessions a session-level number of the dashboard counts (its 口径 card links here). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readMetrics");
  const url = new URL(request.url);
  const Q = z.object({
    filter: z.enum(DRILL_SESSION_FILTERS).optional().catch(undefined),
    reason: z.enum(TRANSFER_REASONS).optional().catch(undefined),
    page: z.coerce.number().int().positive().optional().catch(undefined),
  });
  const p = Q.parse(Object.fromEntries(url.searchParams));
  const filters = parseFilters(url);
  const filter = p.reason ? "transfer" : (p.filter ?? "all");
  const r = await drillSessions({ ...scopeOf(ctx.workspace.id, filters), filter, reason: p.reason, page: p.page ?? 1, pageSize: PAGE_SIZE });
  return { slug: ctx.workspace.slug, filters, query: filterQuery(filters), filter, reason: p.reason ?? null, page: p.page ?? 1, pageSize: PAGE_SIZE, ...r };
}

export default function MetricSessions() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const go = useSearchParamsNav();
  return (
    <DrillPage
      title={
        <>
          {t("metrics.sessionsPage")} · {d.reason ? t(`metrics.reason.${d.reason}`) : t(`metrics.filter.sessions.${d.filter}`)}
        </>
      }
      data={d}
      filter={
        <Select
          aria-label={t("metrics.sessionsPage")}
          style={{ width: 220, marginBottom: 12 }}
          value={d.reason ? `reason:${d.reason}` : d.filter}
          onChange={(v: string) =>
            v.startsWith("reason:") ? go({ filter: "transfer", reason: v.slice(7), page: undefined }) : go({ filter: v, reason: undefined, page: undefined })
          }
          options={[
            ...DRILL_SESSION_FILTERS.map((f) => ({ value: f, label: t(`metrics.filter.sessions.${f}`) })),
            ...TRANSFER_REASONS.map((r) => ({ value: `reason:${r}`, label: `${t("metrics.transfer")} · ${t(`metrics.reason.${r}`)}` })),
          ]}
        />
      }
      time={{ title: t("metrics.col.firstAt"), dataIndex: "firstAt" }}
      onPage={(page) => go({ page: String(page) })}
      columns={[
        { title: t("metrics.col.firstText"), dataIndex: "firstText", ellipsis: true },
        { title: t("metrics.col.turns"), dataIndex: "turns", width: 90, align: "right" },
        {
          title: t("metrics.col.transfer"),
          key: "transfer",
          width: 240,
          render: (_: unknown, r) =>
            r.transferAt === null ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : (
              <span>
                <Tag color="red">{t(`metrics.reason.${r.reason ?? "unknown"}`)}</Tag>
                {t("metrics.col.transferAt", { n: r.transferAt })}
              </span>
            ),
        },
      ]}
    />
  );
}
