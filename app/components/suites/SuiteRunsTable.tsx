import { Link } from "@remix-run/react";
import { Card, Table } from "antd";

import { useT } from "~/i18n";

import { RunRate } from "./RunRate";
import { useRunTargetLabel } from "./target-label";

/** One recent run of a suite as its page lists it. */
export interface SuiteRunRow {
  id: number;
  status: string;
  version: string;
  cases: number;
  casesPassed: number;
  durationMs: number | null;
  createdAt: number;
}

/** A suite's recent runs: each links to its report, with its pass rate, target, start and duration. */
export function SuiteRunsTable({ slug, suiteId, runs }: { slug: string; suiteId: number; runs: SuiteRunRow[] }) {
  const t = useT();
  const versionLabel = useRunTargetLabel();
  return (
    <Card size="small" title={t("suites.runs")}>
      <Table
        size="small"
        rowKey="id"
        dataSource={runs}
        pagination={false}
        locale={{ emptyText: t("suites.runs.empty") }}
        columns={[
          {
            title: t("suites.col.run"),
            dataIndex: "id",
            width: 90,
            render: (id: number) => <Link to={`/w/${slug}/suites/${suiteId}/runs/${id}`}>#{id}</Link>,
          },
          { title: t("suites.col.rate"), key: "rate", width: 180, render: (_: unknown, r) => <RunRate run={r} /> },
          { title: t("suites.col.version"), dataIndex: "version", width: 120, render: versionLabel },
          { title: t("suites.col.when"), dataIndex: "createdAt", width: 170, render: (ms: number) => t.date(ms) },
          { title: t("suites.col.duration"), dataIndex: "durationMs", render: (ms: number | null) => (ms == null ? "—" : `${ms} ms`) },
        ]}
      />
    </Card>
  );
}
