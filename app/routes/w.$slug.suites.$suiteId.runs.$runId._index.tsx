/**
 * A run's report (issue 11 "Reports"): pass rate, new failures / fixed / still failing against the
 * suite's previous run, pass rate by tag, the decision confusion matrix, the FAQs most often
 * confused, the trend over runs, and every case with failures first, expected vs actual side by side.
 */
import { DownloadOutlined } from "@ant-design/icons";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Alert, Button, Card, Col, Collapse, Empty, Row, Space, Statistic, Table, Tag, Typography } from "antd";
import { useState } from "react";

import { CaseTurns, DecisionMatrix } from "~/components/suites/ReportParts";
import { isHttpTarget, useRunTargetLabel } from "~/components/suites/target-label";
import { TrendChart } from "~/components/suites/TrendChart";
import { useT } from "~/i18n";
import { suiteRunReport } from "~/models/suites.server";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "运行报告 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readSuites");
  const report = await suiteRunReport(ctx.workspace.id, Number(params.suiteId), Number(params.runId));
  if (!report) throw new Response("Not found", { status: 404 });
  return { slug: ctx.workspace.slug, ...report };
}

export default function RunReportPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const targetLabel = useRunTargetLabel();
  const [groupBy, setGroupBy] = useState<"tag" | "category">("tag");
  const base = `/w/${d.slug}/suites/${d.suite.id}`;
  const simVersion = d.run.version === "draft" || isHttpTarget(d.run.version) ? "" : "&version=published";
  const rate = d.run.cases ? d.run.casesPassed / d.run.cases : 0;
  const isNew = new Set(d.newFailures);
  const isStill = new Set(d.stillFailing);
  const isFixed = new Set(d.fixed);
  const version = targetLabel(d.run.version);
  const list = (title: string, names: string[], color: string, testid: string) => (
    <Card size="small" title={`${title}（${names.length}）`} data-testid={testid}>
      {names.length ? (
        <Space size={4} wrap>
          {names.map((n) => (
            <Tag key={n} color={color}>
              {n}
            </Tag>
          ))}
        </Space>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      )}
    </Card>
  );
  return (
    <div>
      <div className="kb-page-head">
        <h1>
          <Link to={`/w/${d.slug}/suites`}>{t("suites.title")}</Link> / <Link to={base}>{d.suite.name}</Link> / {t("suites.report.title", { id: d.run.id })}
        </h1>
        <Space>
          <a href={`${base}/runs/${d.run.id}/export?format=junit`} download>
            <Button icon={<DownloadOutlined />} data-testid="export-junit">
              {t("suites.report.exportJunit")}
            </Button>
          </a>
          <a href={`${base}/runs/${d.run.id}/export?format=json`} download>
            <Button icon={<DownloadOutlined />}>{t("suites.report.exportJson")}</Button>
          </a>
        </Space>
      </div>
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        {d.run.status !== "done" && <Alert type="warning" showIcon message={t("suites.report.notFinished", { status: t(`suites.status.${d.run.status}`) })} />}
        <Card size="small">
          <Row gutter={40}>
            <Col>
              <Statistic
                title={t("suites.report.passRate")}
                value={(rate * 100).toFixed(1)}
                suffix="%"
                valueStyle={{ color: rate === 1 ? "#389e0d" : "#cf1322" }}
              />
            </Col>
            <Col>
              <Statistic title={t("suites.report.cases")} value={`${d.run.casesPassed} / ${d.run.cases}`} />
            </Col>
            <Col>
              <Statistic title={t("suites.report.turns")} value={`${d.run.turnsPassed} / ${d.run.turns}`} />
            </Col>
            <Col>
              <Statistic title={t("suites.col.version")} value={version} />
            </Col>
            <Col>
              <Statistic title={t("suites.report.duration")} value={d.run.durationMs ?? 0} suffix="ms" />
            </Col>
            <Col>
              <Statistic title={t("suites.col.when")} value={t.date(d.run.createdAt)} />
            </Col>
          </Row>
        </Card>
        {d.previousRunId ? (
          <>
            <Typography.Text type="secondary">
              <Link to={`${base}/runs/${d.previousRunId}`}>{t("suites.report.vsPrevious", { id: d.previousRunId })}</Link>
            </Typography.Text>
            <Row gutter={16}>
              <Col span={8}>{list(t("suites.report.newFailures"), d.newFailures, "red", "new-failures")}</Col>
              <Col span={8}>{list(t("suites.report.fixed"), d.fixed, "green", "fixed")}</Col>
              <Col span={8}>{list(t("suites.report.stillFailing"), d.stillFailing, "orange", "still-failing")}</Col>
            </Row>
          </>
        ) : (
          <Alert type="info" showIcon message={t("suites.report.noPrevious")} />
        )}
        <Row gutter={16}>
          <Col span={12}>
            <Card size="small" title={t("suites.report.trend")}>
              {d.trend.length ? <TrendChart points={d.trend} current={d.run.id} /> : <Empty />}
            </Card>
          </Col>
          <Col span={12}>
            <Card
              size="small"
              tabList={[
                { key: "tag", label: t("suites.report.byTag") },
                { key: "category", label: t("suites.report.byCategory") },
              ]}
              activeTabKey={groupBy}
              onTabChange={(k) => setGroupBy(k as "tag" | "category")}
              data-testid="pass-by-group"
            >
              <Table
                size="small"
                rowKey="tag"
                pagination={false}
                dataSource={groupBy === "tag" ? d.byTag : d.byCategory}
                scroll={{ y: 200 }}
                columns={[
                  {
                    title: groupBy === "tag" ? t("suites.case.tags") : t("suites.report.category"),
                    dataIndex: "tag",
                    render: (g: string, r) =>
                      r.kind === "none"
                        ? t(groupBy === "tag" ? "suites.report.untagged" : "suites.report.noFaqCategory")
                        : r.kind === "unknown"
                          ? t("suites.report.unknownFaqCategory")
                          : g,
                  },
                  { title: t("suites.report.cases"), key: "n", width: 120, render: (_: unknown, r) => `${r.passed} / ${r.cases}` },
                  { title: t("suites.col.rate"), dataIndex: "rate", width: 100, render: (x: number) => `${(x * 100).toFixed(1)}%` },
                ]}
              />
            </Card>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={14}>
            <Card size="small" title={t("suites.report.matrix")}>
              <DecisionMatrix m={d.matrix} />
            </Card>
          </Col>
          <Col span={10}>
            <Card size="small" title={t("suites.report.confused")}>
              <Table
                size="small"
                rowKey={(r) => `${r.expected}|${r.actual}`}
                pagination={false}
                dataSource={d.confused}
                locale={{ emptyText: "—" }}
                columns={[
                  { title: t("suites.report.expected"), dataIndex: "expected" },
                  { title: t("suites.report.actual"), dataIndex: "actual" },
                  { title: "×", dataIndex: "count", width: 50 },
                ]}
              />
            </Card>
          </Col>
        </Row>
        <Card size="small" title={t("suites.report.failuresFirst")}>
          <Collapse
            defaultActiveKey={d.cases.filter((c) => !c.passed).map((c) => c.caseName)}
            items={d.cases.map((c) => ({
              key: c.caseName,
              label: (
                <Space size={6} wrap data-testid={`case-${c.caseName}`}>
                  <Tag color={c.passed ? "green" : "red"}>{c.passed ? t("suites.report.passed") : t("suites.report.failed")}</Tag>
                  <Typography.Text strong>{c.caseName}</Typography.Text>
                  {isNew.has(c.caseName) && <Tag color="red">{t("suites.report.newFailures")}</Tag>}
                  {isStill.has(c.caseName) && <Tag color="orange">{t("suites.report.stillFailing")}</Tag>}
                  {isFixed.has(c.caseName) && <Tag color="green">{t("suites.report.fixed")}</Tag>}
                  {c.tags.map((x) => (
                    <Tag key={x}>{x}</Tag>
                  ))}
                </Space>
              ),
              extra: c.caseId ? (
                <Link
                  to={`/w/${d.slug}/simulator?suite=${d.suite.id}&case=${c.caseId}${simVersion}`}
                  onClick={(e) => e.stopPropagation()}
                  data-testid={`open-sim-${c.caseName}`}
                >
                  {t("suites.report.openInSimulator")}
                </Link>
              ) : null,
              children: <CaseTurns turns={c.turns} />,
            }))}
          />
        </Card>
      </Space>
    </div>
  );
}
