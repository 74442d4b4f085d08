import { Form } from "@remix-run/react";
import { Button, Col, Row, Statistic, Table, type TableColumnsType, Tag } from "antd";
import type { ReactNode } from "react";

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

/**
 * A plan's issues as the loader hands them to ImportIssuesTable: code and parameters (worded in the
 * user's language by the table), without the English message the command line prints.
 */
export function issueRows(issues: readonly Omit<ImportIssueRow, "key">[]): ImportIssueRow[] {
  return issues.map((i, n) => ({ key: n, row: i.row, column: i.column, code: i.code, params: i.params, ...(i.where ? { where: i.where } : {}) }));
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

const REPORT_KEYS = ["read", "created", "updated", "unchanged", "rejected"] as const;
const REPORT_TITLE: Record<(typeof REPORT_KEYS)[number], string> = {
  read: "import.col.row",
  created: "import.status.create",
  updated: "import.status.update",
  unchanged: "import.status.unchanged",
  rejected: "import.status.rejected",
};

/** A row import's counts (读取 / 新建 / 更新 / 不变 / 拒绝), the same for FAQs and products. */
export function ImportReportStats({ report, gutter }: { report: Record<(typeof REPORT_KEYS)[number], number>; gutter: number }) {
  const t = useT();
  return (
    <Row gutter={gutter} style={{ marginBottom: 12 }}>
      {REPORT_KEYS.map((k) => (
        <Col key={k}>
          <Statistic title={t(REPORT_TITLE[k])} value={report[k]} />
        </Col>
      ))}
    </Row>
  );
}

/** The confirm step of a previewed upload: posts the stashed file's token back with intent=apply. */
export function ImportApplyForm({
  token,
  fields = {},
  disabled,
  busy,
  children,
  testId,
}: {
  token: string;
  fields?: Record<string, string>;
  disabled?: boolean;
  busy: boolean;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Form method="post" style={{ marginBottom: 16 }}>
      <input type="hidden" name="intent" value="apply" />
      <input type="hidden" name="token" value={token} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="primary" htmlType="submit" disabled={disabled} loading={busy} data-testid={testId}>
        {children}
      </Button>
    </Form>
  );
}

/** The previewed rows of a row import: file row and what will happen to it, then the import's own columns. */
export function ImportRowsTable<R extends { row: number; status: string }>({
  rows,
  pageSize,
  columns,
}: {
  rows: R[];
  pageSize: number;
  columns: TableColumnsType<R>;
}) {
  const t = useT();
  return (
    <Table<R>
      size="small"
      rowKey="row"
      dataSource={rows}
      pagination={{ pageSize, hideOnSinglePage: true }}
      columns={[
        { title: t("import.col.row"), dataIndex: "row", width: 70 },
        { title: t("import.col.status"), dataIndex: "status", width: 90, render: (s: string) => <ImportStatusTag status={s} /> },
        ...columns,
      ]}
    />
  );
}
