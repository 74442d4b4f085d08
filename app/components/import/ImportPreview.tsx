import { Table, Tag } from "antd";

import { type ErrorParams, useT } from "~/i18n";

const STATUS_COLOR: Record<string, string> = { create: "green", update: "blue", unchanged: "default", rejected: "red" };

/** What an import will do with one row (新建 / 更新 / 不变 / 拒绝), in one colour for every import. */
export function ImportStatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag color={STATUS_COLOR[status]}>{t(`import.status.${status}`)}</Tag>;
}

export interface ImportIssueRow {
  key: number;
  row: number;
  column: string | null;
  code: string;
  params: ErrorParams;
  /** Where in the file when row and column do not say it (a YAML suite's case and turn). */
  where?: { code: string; params: ErrorParams };
}

/** An import's row problems: row, column and the error table's message in the user's language. */
export function ImportIssuesTable({ issues, pageSize, marginBottom }: { issues: ImportIssueRow[]; pageSize: number; marginBottom: number }) {
  const t = useT();
  return (
    <Table
      size="small"
      rowKey="key"
      dataSource={issues}
      pagination={{ pageSize, hideOnSinglePage: true }}
      style={{ marginBottom }}
      columns={[
        { title: t("import.col.row"), dataIndex: "row", width: 70 },
        {
          title: t("import.col.column"),
          key: "column",
          width: issues.some((i) => i.where) ? 280 : 110,
          render: (_: unknown, i: ImportIssueRow) => (i.where ? t.error(i.where.code, i.where.params) : i.column),
        },
        { title: t("import.col.message"), key: "message", render: (_: unknown, i: ImportIssueRow) => t.error(i.code, i.params) },
      ]}
    />
  );
}
