import { Link } from "@remix-run/react";
import { Table, type TableColumnsType, Tag, Typography } from "antd";
import type { ReactNode } from "react";

import { tablePagination } from "~/components/table-pagination";
import { useT } from "~/i18n";

/**
 * The page a dashboard number's 口径 card links to: the exact sessions or turns it counts, in the
 * dashboard's range and channel, with a way back to the same dashboard view.
 */
export function DrillPage<R extends { key: string; source: "api" | "logs" }>(props: {
  title: ReactNode;
  /** The drill loader's own data: where to go back to, and the page of rows. */
  data: { slug: string; query: string; filters: { from: string; to: string; channel: string }; rows: R[]; page: number; pageSize: number; total: number };
  /** Above the filter: what the rows are (one FAQ's health line). */
  intro?: ReactNode;
  filter: ReactNode;
  time: { title: string; dataIndex: keyof R & string };
  columns: TableColumnsType<R>;
  onPage: (page: number) => void;
}) {
  const t = useT();
  const d = props.data;
  return (
    <div>
      <div className="kb-page-head">
        <h1>{props.title}</h1>
        <Link to={`/w/${d.slug}/metrics?${d.query}`}>{t("metrics.back")}</Link>
      </div>
      <Typography.Paragraph type="secondary">
        {d.filters.from} – {d.filters.to} · {t(`metrics.channel.${d.filters.channel}`)}
      </Typography.Paragraph>
      {props.intro}
      {props.filter}
      <Table<R>
        rowKey="key"
        size="middle"
        dataSource={d.rows}
        locale={{ emptyText: t("metrics.empty") }}
        pagination={tablePagination(t, { page: d.page, pageSize: d.pageSize, total: d.total })}
        onChange={(pg) => props.onPage(pg.current ?? 1)}
        columns={[
          { title: props.time.title, dataIndex: props.time.dataIndex, width: 170, render: (v: number) => t.date(v) },
          { title: t("metrics.col.source"), dataIndex: "source", width: 80, render: (v: "api" | "logs") => <Tag>{t(`metrics.source.${v}`)}</Tag> },
          ...props.columns,
        ]}
      />
    </div>
  );
}
