import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Select, Table, Typography } from "antd";
import { z } from "zod";

import { auditEntryView } from "~/components/audit/audit-view";
import { AuditChange, AuditWhat } from "~/components/audit/AuditEntry";
import { tablePagination } from "~/components/table-pagination";
import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { useT } from "~/i18n";
import { AUDIT_ENTITIES, listAudit } from "~/models/workspace.server";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "操作日志 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Built here, not at module level: AUDIT_ENTITIES comes from a .server module, which is
  // undefined in the browser bundle (a module-level z.enum(undefined) threw during hydration).
  const QuerySchema = z.object({
    entity: z.enum(AUDIT_ENTITIES).optional().catch(undefined),
    page: z.coerce.number().int().positive().optional().catch(1),
  });
  const ctx = await requireWorkspace(request, params.slug, "readAudit");
  const q = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const r = await listAudit({ workspaceId: ctx.workspace.id, entity: q.entity, page: q.page, pageSize: 30 });
  return {
    slug: ctx.workspace.slug,
    entities: AUDIT_ENTITIES,
    entity: q.entity ?? "",
    total: r.total,
    page: r.page,
    pageSize: r.pageSize,
    rows: r.rows.map((x) => ({ ...auditEntryView(x), entity: x.entity, entityId: x.entityId, summary: x.summary })),
  };
}

export default function AuditPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const go = useSearchParamsNav();
  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("audit.title")}</h1>
        <Select
          aria-label={t("audit.what")}
          style={{ width: 160 }}
          value={data.entity}
          onChange={(v) => go({ entity: v || undefined, page: undefined })}
          options={[{ value: "", label: t("common.all") }, ...data.entities.map((e) => ({ value: e, label: t(`audit.entity.${e}`) }))]}
        />
      </div>
      <Table
        rowKey="id"
        size="middle"
        dataSource={data.rows}
        locale={{ emptyText: t("audit.empty") }}
        pagination={tablePagination(t, { page: data.page, pageSize: data.pageSize, total: data.total })}
        onChange={(p) => go({ page: p.current })}
        columns={[
          { title: t("audit.when"), dataIndex: "createdAt", width: 170, render: (v: number) => t.date(v) },
          {
            title: t("audit.who"),
            dataIndex: "who",
            width: 160,
            render: (v: string | null) => v ?? <Typography.Text type="secondary">{t("audit.system")}</Typography.Text>,
          },
          {
            title: t("audit.what"),
            key: "what",
            width: 280,
            render: (_: unknown, r) => <AuditWhat row={r} slug={data.slug} />,
          },
          { title: t("audit.change"), key: "change", render: (_: unknown, r) => <AuditChange before={r.before} after={r.after} /> },
        ]}
      />
    </div>
  );
}
