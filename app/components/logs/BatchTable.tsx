/** The imported batches of the 对话日志 page: counts per file, its report, and links to label, export or delete it. */
import { Link, type useLoaderData, useNavigate } from "@remix-run/react";
import { Card, Empty, Space, Table, Tag, Typography } from "antd";

import { tablePagination } from "~/components/table-pagination";
import { useT } from "~/i18n";
import type { loader } from "~/routes/w.$slug.logs._index";

import { DeleteBatch } from "./DeleteBatch";
import { ReportView } from "./ReportView";

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export function BatchTable({ d }: { d: Pick<PageData, "slug" | "batches" | "page" | "pageSize" | "total" | "canImport"> }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Card title={t("logs.batches.title")}>
      <Table
        rowKey="id"
        size="middle"
        dataSource={d.batches}
        locale={{ emptyText: <Empty description={d.canImport ? t("logs.batches.empty") : t("logs.batches.emptyReadOnly")} /> }}
        pagination={tablePagination(t, { page: d.page, pageSize: d.pageSize, total: d.total }, { sizes: [20, 50, 100] })}
        onChange={(p) => navigate(`?page=${p.current}&pageSize=${p.pageSize}`)}
        expandable={{ expandedRowRender: (b) => <ReportView report={b} /> }}
        columns={[
          { title: "#", dataIndex: "id", width: 60 },
          {
            title: t("logs.col.file"),
            dataIndex: "fileName",
            render: (_: unknown, b) => (
              <div>
                <div>{b.fileName}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`logs.format.${b.format}`)}
                  {b.encoding ? ` · ${b.encoding}` : ""}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: t("logs.col.when"),
            dataIndex: "createdAt",
            width: 190,
            render: (_: unknown, b) => (
              <div>
                <div>{t.date(b.createdAt)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {b.createdBy ?? t("logs.cli")}
                </Typography.Text>
              </div>
            ),
          },
          { title: t("logs.count.read"), dataIndex: "read", width: 80, render: (v: number) => t.num(v) },
          { title: t("logs.count.imported"), dataIndex: "imported", width: 80, render: (v: number) => t.num(v) },
          { title: t("logs.count.duplicates"), dataIndex: "duplicates", width: 80, render: (v: number) => t.num(v) },
          { title: t("logs.count.noise"), dataIndex: "noise", width: 80, render: (v: number) => t.num(v) },
          { title: t("logs.count.rejected"), dataIndex: "rejected", width: 80, render: (v: number) => (v ? <Tag color="red">{t.num(v)}</Tag> : v) },
          { title: t("logs.col.replayed"), dataIndex: "replayed", width: 90, render: (v: number) => t.num(v) },
          {
            title: t("common.actions"),
            width: 200,
            render: (_: unknown, b) => (
              <Space>
                <Link to={`/w/${d.slug}/logs/inbox?batch=${b.id}`}>{t("logs.batches.label")}</Link>
                <a href={`/w/${d.slug}/logs/export?batch=${b.id}`} download>
                  {t("logs.batches.export")}
                </a>
                {d.canImport && b.status !== "running" ? <DeleteBatch batch={b} /> : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
