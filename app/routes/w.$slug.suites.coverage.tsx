/**
 * 覆盖情况 (issue 11 "Generation"): the FAQs and pack questions that no case of any suite reaches,
 * and those reached only by their own standard question or variants (the generated baseline
 * tests them, no customer wording does). Counts on top, paged and searchable; every member reads.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Alert, Button, Card, Col, Empty, Input, Radio, Row, Space, Statistic, Table, Tag, Typography } from "antd";

import { tablePagination } from "~/components/table-pagination";
import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { useT } from "~/i18n";
import { coveragePage } from "~/models/suites.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "覆盖情况 · KB Studio" }];

const PAGE_SIZE = 20;
const STATUSES = ["gaps", "none", "self", "covered"] as const;
type Filter = (typeof STATUSES)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readSuites");
  const url = new URL(request.url);
  const asked = url.searchParams.get("status");
  const status: Filter = (STATUSES as readonly string[]).includes(asked ?? "") ? (asked as Filter) : "gaps";
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const list = await coveragePage({ workspaceId: ctx.workspace.id, status, q, page, pageSize: PAGE_SIZE });
  return { slug: ctx.workspace.slug, canWrite: can(ctx.role, "writeSuites"), status, q, pageSize: PAGE_SIZE, ...list };
}

const STATUS_COLOR = { none: "red", self: "orange", covered: "green" } as const;

export default function CoveragePage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const go = useSearchParamsNav();
  const { counts } = d;
  // An empty list says what it means and what to do next, for each filter.
  const empty = counts.faqs === 0 ? t("suites.coverage.noFaqs") : d.q ? t("suites.coverage.noMatch") : t(`suites.coverage.empty.${d.status}`);
  const nextStep = d.canWrite && counts.faqs > 0 && !d.q && d.status === "covered";
  return (
    <div>
      <div className="kb-page-head">
        <h1>
          <Link to={`/w/${d.slug}/suites`}>{t("suites.title")}</Link> / {t("suites.coverage.title")}
        </h1>
      </div>
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t("suites.coverage.intro")}
        </Typography.Paragraph>
        <Card size="small">
          <Row gutter={32}>
            <Col>
              <Statistic title={t("suites.coverage.faqs")} value={counts.faqs} />
            </Col>
            <Col>
              <Statistic title={t("suites.coverage.none")} value={counts.none} valueStyle={counts.none ? { color: "#cf1322" } : undefined} />
            </Col>
            <Col>
              <Statistic title={t("suites.coverage.self")} value={counts.self} valueStyle={counts.self ? { color: "#d46b08" } : undefined} />
            </Col>
            <Col>
              <Statistic title={t("suites.coverage.covered")} value={counts.covered} />
            </Col>
          </Row>
        </Card>
        {counts.faqs > 0 && counts.suiteCases === 0 && (
          <Alert
            type="info"
            showIcon
            message={t("suites.coverage.noCases")}
            action={
              d.canWrite ? (
                <Link to={`/w/${d.slug}/suites`}>
                  <Button size="small" type="primary">
                    {t("suites.coverage.generate")}
                  </Button>
                </Link>
              ) : undefined
            }
          />
        )}
        {counts.self > 0 && d.status === "self" && (
          <Alert
            type="warning"
            showIcon
            message={t("suites.coverage.selfHint")}
            action={
              d.canWrite ? (
                <Link to={`/w/${d.slug}/suites`}>
                  <Button size="small">{t("suites.coverage.generateLabels")}</Button>
                </Link>
              ) : undefined
            }
          />
        )}
        <Card
          size="small"
          title={
            <Radio.Group
              aria-label={t("suites.col.status")}
              optionType="button"
              size="small"
              value={d.status}
              onChange={(e) => go({ status: e.target.value as string })}
              options={STATUSES.map((s) => ({ value: s, label: t(`suites.coverage.filter.${s}`) }))}
            />
          }
          extra={
            <Input.Search
              allowClear
              aria-label={t("suites.coverage.search")}
              placeholder={t("suites.coverage.search")}
              defaultValue={d.q}
              style={{ width: 280 }}
              onSearch={(q) => go({ q })}
            />
          }
        >
          <Table
            size="small"
            rowKey="id"
            dataSource={d.rows}
            locale={{
              emptyText: (
                <Empty description={empty}>
                  {nextStep && (
                    <Link to={`/w/${d.slug}/suites`}>
                      <Button type="primary">{t("suites.coverage.generate")}</Button>
                    </Link>
                  )}
                </Empty>
              ),
            }}
            pagination={tablePagination(
              t,
              { page: d.page, pageSize: d.pageSize, total: d.total },
              { hideOnSinglePage: true, onChange: (page) => go({ page }) },
            )}
            columns={[
              {
                title: t("suites.field.faq"),
                dataIndex: "question",
                render: (q: string, r) => (
                  <Space size={4}>
                    <Link to={`/w/${d.slug}/faqs/${r.id}`}>{q}</Link>
                    {r.pack && <Tag>{t("suites.coverage.pack")}</Tag>}
                  </Space>
                ),
              },
              { title: t("suites.coverage.category"), dataIndex: "category", width: 140 },
              {
                title: t("suites.col.status"),
                dataIndex: "status",
                width: 160,
                render: (s: "none" | "self" | "covered") => <Tag color={STATUS_COLOR[s]}>{t(`suites.coverage.filter.${s}`)}</Tag>,
              },
              { title: t("suites.coverage.cases"), dataIndex: "cases", width: 90 },
            ]}
          />
        </Card>
      </Space>
    </div>
  );
}
