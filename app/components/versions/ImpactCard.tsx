import { Link, useFetcher, useRevalidator } from "@remix-run/react";
import { Alert, Button, Card, InputNumber, Progress, Space, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";

import { DecisionTag } from "~/components/bot/DecisionTag";
import { type ErrorParams, useT } from "~/i18n";

import type { ChangedTurn, ImpactReport, Outcome } from "../../../db/queries/impact";
import { DECISIONS } from "../../../training/decisions";
import { useJobPoll } from "./use-job-poll";

/** The impact job's result (ImpactResult in app/models/versions.server.ts), as the page receives it. */
export interface ImpactView extends ImpactReport {
  days: number;
  published: number;
  ms: number;
  questions: Record<number, string>;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Impact preview: replay recent customer turns through the published version and the draft (a background job). */
export function ImpactCard({
  slug,
  last,
  canRun,
  published,
}: {
  slug: string;
  last: { finishedAt: number | null; result: ImpactView } | null;
  canRun: boolean;
  published: number | null;
}) {
  const t = useT();
  const start = useFetcher<{ ok: boolean; intent?: string; jobId?: number; error?: { code: string; params: ErrorParams } }>();
  const revalidator = useRevalidator();
  const [days, setDays] = useState(last?.result.days ?? 14);
  const [jobId, setJobId] = useState<number | null>(null);
  useEffect(() => {
    if (start.data?.ok && start.data.intent === "impact" && start.data.jobId) setJobId(start.data.jobId);
  }, [start.data]);
  const { job, settled, percent, running } = useJobPoll(slug, jobId);
  useEffect(() => {
    if (job?.status === "done") revalidator.revalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per settled job
  }, [job?.status]);
  const r = job?.status === "done" ? (job.result as ImpactView) : last?.result;
  const outcome = (o: Outcome) => (
    <Space size={4} wrap>
      <DecisionTag decision={o.decision} />
      {o.faqId != null && o.decision !== "no_answer" && <Link to={`/w/${slug}/faqs/${o.faqId}`}>{r?.questions[o.faqId] ?? `#${o.faqId}`}</Link>}
    </Space>
  );
  return (
    <Card size="small" title={t("versions.impact")} data-testid="impact">
      <Space direction="vertical" style={{ width: "100%" }}>
        <Typography.Text type="secondary">{t("versions.impact.help", { days })}</Typography.Text>
        {published === null ? (
          <Alert type="info" showIcon message={t("versions.impact.needPublished")} />
        ) : (
          canRun && (
            <Space>
              {t("versions.impact.days")}
              <InputNumber aria-label={t("versions.impact.days")} min={1} max={90} value={days} onChange={(v) => setDays(v ?? 14)} />
              <Button
                loading={running || start.state !== "idle"}
                onClick={() => start.submit({ intent: "impact", days: String(days) }, { method: "post" })}
                data-testid="impact-run"
              >
                {t("versions.impact.run")}
              </Button>
            </Space>
          )
        )}
        {start.data && !start.data.ok && start.data.error && <Alert type="error" showIcon message={t.error(start.data.error.code, start.data.error.params)} />}
        {running && (
          <div>
            <Typography.Text>{t("versions.impact.running", { done: job?.progress?.done ?? 0, total: job?.progress?.total ?? "…" })}</Typography.Text>
            <Progress percent={percent} size="small" style={{ maxWidth: 720 }} />
          </div>
        )}
        {settled && job?.status === "failed" && job.error && (
          <Alert type="error" showIcon message={t("versions.impact.failed", { error: t.error(job.error.code, job.error.params ?? {}) })} />
        )}
        {r && !running && (
          <>
            {last?.finishedAt && job?.status !== "done" && (
              <Typography.Text type="secondary">{t("versions.impact.when", { when: t.date(last.finishedAt), version: r.published })}</Typography.Text>
            )}
            {r.turns === 0 ? (
              <Alert type="info" showIcon message={t("versions.impact.noTurns", { days: r.days })} />
            ) : (
              <>
                <Typography.Text data-testid="impact-summary">
                  {t("versions.impact.summary", {
                    turns: r.turns,
                    distinct: r.distinct,
                    changed: r.changedTurns,
                    fixed: r.fixed,
                    broken: r.broken,
                    seconds: (r.ms / 1000).toFixed(1),
                  })}
                </Typography.Text>
                <Table
                  size="small"
                  pagination={false}
                  rowKey="decision"
                  style={{ maxWidth: 720 }}
                  dataSource={DECISIONS.map((d) => ({ decision: d, before: r.before[d], after: r.after[d] }))}
                  columns={[
                    { title: t("versions.impact.rate"), dataIndex: "decision", render: (d: Outcome["decision"]) => <DecisionTag decision={d} /> },
                    { title: t("versions.impact.published", { version: r.published }), dataIndex: "before", render: pct },
                    { title: t("versions.impact.draft"), dataIndex: "after", render: pct },
                  ]}
                />
                {r.changed.length === 0 ? (
                  <Alert type="success" showIcon message={t("versions.impact.none")} />
                ) : (
                  <>
                    <Typography.Text strong>{t("versions.impact.groups")}</Typography.Text>
                    <Table
                      size="small"
                      pagination={false}
                      rowKey={(g) => `${g.before}>${g.after}>${g.faqChanged}`}
                      style={{ maxWidth: 720 }}
                      dataSource={r.groups}
                      columns={[
                        {
                          title: t("versions.impact.col.group"),
                          key: "g",
                          render: (_: unknown, g) => (
                            <Space size={4}>
                              <DecisionTag decision={g.before} />→<DecisionTag decision={g.after} />
                              {g.faqChanged && t("versions.impact.faqChanged")}
                            </Space>
                          ),
                        },
                        { title: t("versions.impact.col.turns"), dataIndex: "turns", width: 120 },
                      ]}
                    />
                    <Typography.Text strong>{t("versions.impact.changed")}</Typography.Text>
                    <Table
                      size="small"
                      rowKey="text"
                      dataSource={r.changed}
                      pagination={{ pageSize: 20, showSizeChanger: false }}
                      data-testid="impact-changed"
                      columns={[
                        { title: t("versions.impact.col.text"), dataIndex: "text" },
                        {
                          title: t("versions.impact.col.count"),
                          dataIndex: "count",
                          width: 90,
                          sorter: (a, b) => a.count - b.count,
                          defaultSortOrder: "descend",
                        },
                        {
                          title: t("versions.impact.col.before"),
                          key: "before",
                          render: (_: unknown, c) => outcome(c.before),
                          sorter: (a, b) => a.before.decision.localeCompare(b.before.decision),
                        },
                        {
                          title: t("versions.impact.col.after"),
                          key: "after",
                          render: (_: unknown, c) => outcome(c.after),
                          sorter: (a, b) => a.after.decision.localeCompare(b.after.decision),
                        },
                        {
                          title: t("versions.impact.col.verdict"),
                          dataIndex: "verdict",
                          width: 90,
                          filters: [
                            { text: t("versions.impact.fixed"), value: "fixed" },
                            { text: t("versions.impact.broken"), value: "broken" },
                          ],
                          onFilter: (v, c) => c.verdict === v,
                          render: (v: ChangedTurn["verdict"]) =>
                            v === "fixed" ? (
                              <Tag color="green">{t("versions.impact.fixed")}</Tag>
                            ) : v === "broken" ? (
                              <Tag color="red">{t("versions.impact.broken")}</Tag>
                            ) : null,
                        },
                        {
                          title: "",
                          key: "ctx",
                          width: 90,
                          render: (_: unknown, c) =>
                            c.example.source === "log" ? <Link to={`/w/${slug}/logs/context?turn=${c.example.id}`}>{t("versions.impact.context")}</Link> : null,
                        },
                      ]}
                    />
                  </>
                )}
              </>
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
